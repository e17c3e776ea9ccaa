package tui

import (
	"fmt"

	"github.com/prr-dev/prr/review"
)

// summaryAssessments is the summary's part on the assessments: the skill
// matrix's weakest areas. Nothing when the review records none.
func (s *summaryModel) summaryAssessments(w int) []string {
	st := s.c.styles
	rep := review.BusFactors(s.rev)
	if !rep.Filled {
		return nil
	}
	below := rep.Below()
	out := []string{"", st.Label.Render(fmt.Sprintf("Skill matrix (%d areas, %d below a bus factor of %d)", len(rep.Areas), len(below), rep.Threshold))}
	for _, a := range rep.Weakest(3) {
		mark := st.OKText.Render("✓")
		if a.Below {
			mark = st.Fail.Render("✗")
		}
		line := fmt.Sprintf("%s %s — bus factor %d (%s)", mark, oneLine(a.Area.Title), a.Factor, oneLine(review.HoldersText(a.Holders)))
		out = append(out, hangWrap(line, "  ", "    ", w)...)
	}
	return out
}
