package tui

import (
	"fmt"
	"strings"

	"github.com/prr-dev/prr/review"
)

// summaryAssessments is the summary's part on the assessments: the skill
// matrix's weakest areas. Nothing when the review records none.
func (s *summaryModel) summaryAssessments(w int) []string {
	return append(append(s.summarySkills(w), s.summaryRisks(w)...), s.summaryDPIAAndRunbooks(w)...)
}

// summaryRisks lists the three highest residual risks.
func (s *summaryModel) summaryRisks(w int) []string {
	st := s.c.styles
	rep := review.Risks(s.rev, s.c.now())
	if rep.Scenarios == 0 {
		return nil
	}
	out := []string{"", st.Label.Render(fmt.Sprintf("Risk register (%d scenarios, %d high residual risks not accepted)", rep.Scenarios, len(rep.Unaccepted)))}
	for i, r := range review.RisksByResidual(s.rev) {
		if i == 3 {
			break
		}
		lv := s.rev.Template.RiskLevelOf(r.ResidualRisk())
		line := fmt.Sprintf("%s %s — residual %d (%s)", oneLine(r.ID), oneLine(r.Title), r.ResidualRisk(), lv)
		if lv == review.RiskHigh && !r.Accepted(s.c.now()) {
			line = st.Fail.Render("✗ ") + line + st.Fail.Render(" not accepted")
		} else {
			line = "• " + line
		}
		out = append(out, hangWrap(line, "  ", "    ", w)...)
	}
	return out
}

// summaryDPIAAndRunbooks is the DPIA result and the runbook coverage.
func (s *summaryModel) summaryDPIAAndRunbooks(w int) []string {
	st := s.c.styles
	var out []string
	if d := s.rev.DPIA(); d.Result() != review.DPIAUnscreened {
		line := "DPIA screening: " + d.Result().Label()
		if d.Result() == review.DPIARequired && d.Document == "" {
			line += st.Fail.Render(" (no DPIA document recorded)")
		}
		out = append(out, "", st.Label.Render(line))
	}
	if c := review.Coverage(s.rev); c.Alerts > 0 {
		out = append(out, "", st.Label.Render(fmt.Sprintf("Runbooks: %d of %d alerts (%s)", c.Covered, c.Alerts, pct(c.Percent()))))
		if len(c.Uncovered) > 0 {
			out = append(out, hangWrap("without one: "+oneLine(strings.Join(c.Uncovered, ", ")), "  ", "    ", w)...)
		}
	}
	return out
}

// summarySkills is the skill matrix's weakest areas.
func (s *summaryModel) summarySkills(w int) []string {
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
