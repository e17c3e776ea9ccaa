package export

import (
	"strconv"

	"github.com/prr-dev/prr/review"
)

// Skills is the skill matrix in the record: a row per knowledge area, a
// column per person, and each area's bus factor (see review.BusFactors).
type Skills struct {
	Threshold int      // how many people an area needs at level 2 or more
	People    []string // inline: the columns
	Areas     []SkillArea
	Below     []SkillArea // the areas under the threshold
}

// SkillArea is one knowledge area's row.
type SkillArea struct {
	ID      string   // inline
	Title   string   // inline
	Levels  []string // one per person: "0" to "3"
	Factor  int      // people at level 2 or more
	Below   bool     // Factor is under the threshold
	Holders string   // inline: "nobody", "only Kari Nordmann", "Kari, Ola"
}

// newSkills arranges the review's skill matrix, or nil if it has none.
func newSkills(r *review.Review) *Skills {
	rep := review.BusFactors(r)
	if !rep.Filled {
		return nil
	}
	people := r.SkillPeople()
	s := &Skills{Threshold: rep.Threshold, People: escapers.inlineAll(people)}
	for _, a := range rep.Areas {
		row := SkillArea{ID: Inline(a.Area.ID), Title: Inline(a.Area.Title), Factor: a.Factor, Below: a.Below, Holders: Inline(review.HoldersText(a.Holders))}
		for _, p := range people {
			row.Levels = append(row.Levels, strconv.Itoa(r.SkillLevel(p, a.Area.ID)))
		}
		s.Areas = append(s.Areas, row)
		if a.Below {
			s.Below = append(s.Below, row)
		}
	}
	return s
}
