package review

import (
	"cmp"
	"slices"
)

// AreaBusFactor is one knowledge area's bus factor: how many people can
// work in it alone (level 2 or more), and who.
type AreaBusFactor struct {
	Area    KnowledgeArea
	Holders []string // at level 2 or more, in the matrix's order of people
	// Factor is len(Holders).
	Factor int
	// Below: the factor is under the template's threshold, so the area is a
	// single point of knowledge (or known by nobody).
	Below bool
}

// SkillReport is what the skill matrix says: each area's bus factor in
// the matrix's order, against the threshold.
type SkillReport struct {
	Threshold int
	Areas     []AreaBusFactor
	// Filled: at least one level has been recorded. An empty matrix
	// suggests nothing.
	Filled bool
}

// BusFactors computes every area's bus factor.
func BusFactors(r *Review) SkillReport {
	rep := SkillReport{Threshold: r.Template.BusFactorThreshold()}
	people := r.SkillPeople()
	m := r.skills()
	rep.Filled = m != nil && len(m.Cells) > 0
	for _, a := range r.SkillAreas() {
		bf := AreaBusFactor{Area: a}
		for _, p := range people {
			if r.SkillLevel(p, a.ID) >= LevelAlone {
				bf.Holders = append(bf.Holders, p)
			}
		}
		bf.Factor = len(bf.Holders)
		bf.Below = bf.Factor < rep.Threshold
		rep.Areas = append(rep.Areas, bf)
	}
	return rep
}

// Below lists the areas under the threshold: the single points of
// knowledge, and those nobody can work in alone.
func (s SkillReport) Below() []AreaBusFactor {
	var out []AreaBusFactor
	for _, a := range s.Areas {
		if a.Below {
			out = append(out, a)
		}
	}
	return out
}

// Weakest lists up to n areas with the lowest bus factor, lowest first
// (ties in the matrix's order).
func (s SkillReport) Weakest(n int) []AreaBusFactor {
	out := slices.Clone(s.Areas)
	slices.SortStableFunc(out, func(a, b AreaBusFactor) int { return cmp.Compare(a.Factor, b.Factor) })
	return out[:min(n, len(out))]
}

func sortCells(cs []SkillCell) { slices.SortFunc(cs, compareCells) }
