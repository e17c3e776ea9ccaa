package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// assessmentCommands are the commands that fill in a review's assessments.
func assessmentCommands(a *app) []*cobra.Command {
	return []*cobra.Command{newSkillsCmd(a), newRisksCmd(a), newDPIACmd(a), newRunbooksCmd(a)}
}

type skillsFlags struct {
	set, addArea, addPerson []string
	asJSON, yes             bool
}

func newSkillsCmd(a *app) *cobra.Command {
	var fl skillsFlags
	cmd := &cobra.Command{
		Use:   "skills REVIEW [--set 'NAME:AREA=LEVEL']... [--add-area ID:TITLE]... [--add-person NAME]...",
		Short: "Show or fill in the skill matrix, and the bus factor of each knowledge area",
		Long: "The skill matrix records who can work on each knowledge area of the service: " +
			"0 none, 1 can with help, 2 can alone, 3 can teach. An area's bus factor is the number " +
			"of people at level 2 or more; areas below the checklist's threshold are single points " +
			"of knowledge, and the items the matrix feeds get a suggested answer from it.",
		Example: `  prr skills k3x9
  prr skills k3x9 --set "Kari Nordmann:batch-jobs=3" --set "Ola:batch-jobs=1"
  prr skills k3x9 --add-area payments:"The payment provider integration" --add-person "Per Hansen"
  prr skills k3x9 --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			change, err := fl.change()
			if err != nil {
				return err
			}
			s, err := a.openStore(change == nil)
			if err != nil {
				return err
			}
			var r *review.Review
			if change == nil {
				r, err = s.Get(args[0])
			} else {
				r, err = a.editReview(cmd.Context(), s, args[0], fl.yes, change)
			}
			if err != nil {
				return err
			}
			if fl.asJSON {
				return writeJSON(cmd.OutOrStdout(), skillsJSONOf(r, a.now()))
			}
			printSkills(cmd.OutOrStdout(), r, a.now())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.set, "set", nil, "set a level: 'NAME:AREA=LEVEL', LEVEL 0 (none) to 3 (can teach) (repeatable)")
	f.StringArrayVar(&fl.addArea, "add-area", nil, "add a knowledge area of the team's own: 'ID:TITLE' (repeatable)")
	f.StringArrayVar(&fl.addPerson, "add-person", nil, "add someone who is not a participant (repeatable)")
	f.BoolVar(&fl.asJSON, "json", false, "print the matrix, the bus factors and the suggested answers as JSON")
	f.BoolVarP(&fl.yes, "yes", "y", false, "change a signed-off review without asking (its sign-offs turn stale)")
	return cmd
}

// change checks the flags and returns the change to make, nil for none:
// areas first, then people, then levels, all in one write.
func (fl *skillsFlags) change() (func(r *review.Review) error, error) {
	type level struct {
		person, area string
		n            int
	}
	var areas []review.KnowledgeArea
	for _, s := range fl.addArea {
		id, title, ok := strings.Cut(s, ":")
		if !ok || strings.TrimSpace(title) == "" {
			return nil, usageErr("--add-area %q: write it as ID:TITLE, such as batch-jobs:'Batch jobs'", textsafe.Line(s))
		}
		areas = append(areas, review.KnowledgeArea{ID: strings.TrimSpace(id), Title: title})
	}
	var levels []level
	for _, s := range fl.set {
		// A name may hold ':' or '='; an area id and a level never do.
		i := strings.LastIndex(s, ":")
		area, n, ok := strings.Cut(s[i+1:], "=")
		lv, err := strconv.Atoi(strings.TrimSpace(n))
		if i < 0 || !ok || err != nil {
			return nil, usageErr("--set %q: write it as 'NAME:AREA=LEVEL', such as 'Kari Nordmann:batch-jobs=2'", textsafe.Line(s))
		}
		levels = append(levels, level{person: strings.TrimSpace(s[:i]), area: strings.TrimSpace(area), n: lv})
	}
	if len(areas)+len(fl.addPerson)+len(levels) == 0 {
		return nil, nil
	}
	return func(r *review.Review) error {
		for _, ka := range areas {
			if err := r.AddSkillArea(ka); err != nil {
				return err
			}
		}
		for _, p := range fl.addPerson {
			if err := r.AddSkillPerson(p); err != nil {
				return err
			}
		}
		for _, l := range levels {
			if err := r.SetSkillLevel(l.person, l.area, l.n); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// skillsJSON is what "prr skills --json" prints.
type skillsJSON struct {
	Review      string           `json:"review"`
	Threshold   int              `json:"threshold"`
	People      []string         `json:"people"`
	Areas       []skillAreaJSON  `json:"areas"`
	SinglePoint []string         `json:"single_points_of_knowledge"`
	Suggestions []suggestionJSON `json:"suggestions"`
}

type skillAreaJSON struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	BusFactor int            `json:"bus_factor"`
	Below     bool           `json:"below_threshold"`
	Holders   []string       `json:"holders"`
	Levels    map[string]int `json:"levels"`
}

type suggestionJSON struct {
	Item      string        `json:"item"`
	From      string        `json:"from"`
	Status    review.Status `json:"status"`
	Reason    string        `json:"reason"`
	Answer    review.Status `json:"answer"`
	Disagrees bool          `json:"disagrees"`
}

func skillsJSONOf(r *review.Review, asOf time.Time) skillsJSON {
	rep := review.BusFactors(r)
	out := skillsJSON{Review: r.ID, Threshold: rep.Threshold, People: nonNilStrings(r.SkillPeople()), Areas: []skillAreaJSON{},
		SinglePoint: []string{}, Suggestions: suggestionsOf(r, review.AssessSkills, asOf)}
	for _, a := range rep.Areas {
		j := skillAreaJSON{ID: a.Area.ID, Title: a.Area.Title, BusFactor: a.Factor, Below: a.Below, Holders: nonNilStrings(a.Holders), Levels: map[string]int{}}
		for _, p := range out.People {
			if lv := r.SkillLevel(p, a.Area.ID); lv > 0 {
				j.Levels[p] = lv
			}
		}
		out.Areas = append(out.Areas, j)
		if a.Below {
			out.SinglePoint = append(out.SinglePoint, a.Area.ID)
		}
	}
	return out
}

// suggestionsOf lists the answers an assessment suggests, with the answers
// given.
func suggestionsOf(r *review.Review, k review.AssessmentKind, asOf time.Time) []suggestionJSON {
	out := []suggestionJSON{}
	for _, id := range r.Template.Feeds(k) {
		s, ok := review.Suggest(r, id, asOf)
		if !ok {
			continue
		}
		a := r.Answer(id)
		out = append(out, suggestionJSON{Item: id, From: string(s.From), Status: s.Status, Reason: s.Reason, Answer: a.Status, Disagrees: s.Disagrees(a)})
	}
	return out
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func printSkills(w io.Writer, r *review.Review, asOf time.Time) {
	L := textsafe.Line
	rep := review.BusFactors(r)
	fmt.Fprintf(w, "Skill matrix of %s (%s) · bus factor needed: %d\n", L(r.Service), r.ID, rep.Threshold)
	if len(rep.Areas) == 0 {
		fmt.Fprintln(w, "No knowledge areas yet; add one with --add-area ID:TITLE.")
		return
	}
	people := r.SkillPeople()
	for _, a := range rep.Areas {
		mark := "ok   "
		if a.Below {
			mark = "BELOW"
		}
		var who []string
		for _, p := range people {
			if lv := r.SkillLevel(p, a.Area.ID); lv > 0 {
				who = append(who, fmt.Sprintf("%s %d", L(p), lv))
			}
		}
		if len(who) == 0 {
			who = []string{"nobody yet"}
		}
		fmt.Fprintf(w, "  %s bus %d  %s (%s): %s\n", mark, a.Factor, L(a.Area.Title), a.Area.ID, strings.Join(who, ", "))
	}
	if below := rep.Below(); len(below) > 0 {
		fmt.Fprintln(w, "Single points of knowledge:")
		for _, a := range below {
			fmt.Fprintf(w, "  %s: %s\n", L(a.Area.Title), L(review.HoldersText(a.Holders)))
		}
	}
	printSuggestions(w, suggestionsOf(r, review.AssessSkills, asOf))
}

func printSuggestions(w io.Writer, ss []suggestionJSON) {
	for _, s := range ss {
		state := "not answered yet"
		switch {
		case s.Disagrees:
			state = "the answer (" + string(s.Answer) + ") DISAGREES"
		case s.Answer == s.Status:
			state = "answered so"
		}
		fmt.Fprintf(w, "Suggested for %s: %s (%s). %s\n", s.Item, s.Status, state, textsafe.Line(s.Reason))
	}
}
