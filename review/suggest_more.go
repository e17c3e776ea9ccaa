package review

import (
	"fmt"
	"strings"
	"time"
)

// suggestRisks: the ROS item fails while a high residual risk is not
// accepted by an acceptance in force, and passes otherwise.
func suggestRisks(r *Review, asOf time.Time) (Suggestion, bool) {
	rep := Risks(r, asOf)
	if rep.Scenarios == 0 {
		return Suggestion{}, false
	}
	s := Suggestion{From: AssessRisks}
	if len(rep.Unaccepted) > 0 {
		var names []string
		for _, x := range rep.Unaccepted {
			names = append(names, fmt.Sprintf("%s %s (residual %d)", x.ID, x.Title, x.ResidualRisk()))
		}
		s.Status = Fail
		s.Reason = fmt.Sprintf("Risk register: %d of %d scenarios keep a high residual risk that nobody has accepted: %s.",
			len(rep.Unaccepted), rep.Scenarios, strings.Join(names, "; "))
		return s, true
	}
	h := rep.Highest
	s.Status = Pass
	s.Reason = fmt.Sprintf("Risk register: %d scenarios; the highest residual risk is %s %s at %d (%s)",
		rep.Scenarios, h.ID, h.Title, h.ResidualRisk(), rep.HighestLevel)
	if rep.HighestLevel == RiskHigh {
		s.Reason += ", accepted until " + string(h.Acceptance.Expires)
	}
	s.Reason += "."
	return s, true
}

// suggestDPIA: n/a when no DPIA is required, with the screening as the
// reason; pass with the DPIA document when one is; fail without it.
func suggestDPIA(r *Review) (Suggestion, bool) {
	d := r.dpia()
	s := Suggestion{From: AssessDPIA}
	met := d.Met()
	var titles []string
	for _, c := range met {
		titles = append(titles, strings.ToLower(c.Title[:1])+c.Title[1:])
	}
	switch d.Result() {
	case DPIANoPersonalData:
		s.Status, s.Reason = NA, "DPIA screening: the service processes no personal data, so no DPIA is needed."
	case DPIANotRequired:
		s.Status = NA
		s.Reason = "DPIA screening: personal data is processed, but no more than one of the nine WP248 criteria is met"
		if len(titles) == 1 {
			s.Reason += " (" + titles[0] + ")"
		}
		s.Reason += "; a DPIA is not required."
	case DPIARequired:
		why := fmt.Sprintf("%d of the nine WP248 criteria are met (%s)", len(met), strings.Join(titles, "; "))
		if d.Document == "" {
			s.Status, s.Reason = Fail, "DPIA screening: a DPIA is required: "+why+"; its document is not recorded yet."
		} else {
			s.Status, s.Reason = Pass, "DPIA screening: a DPIA is required ("+why+") and has been done."
			s.Evidence = []string{d.Document}
		}
	default:
		return Suggestion{}, false
	}
	return s, true
}

// suggestRunbooks: the runbook item passes at full coverage.
func suggestRunbooks(r *Review) (Suggestion, bool) {
	c := Coverage(r)
	if c.Alerts == 0 {
		return Suggestion{}, false
	}
	s := Suggestion{From: AssessRunbooks}
	if len(c.Uncovered) == 0 {
		s.Status, s.Reason = Pass, fmt.Sprintf("Runbook coverage: all %d alerts link a runbook.", c.Alerts)
		return s, true
	}
	shown := c.Uncovered[:min(len(c.Uncovered), 10)]
	more := ""
	if len(c.Uncovered) > len(shown) {
		more = fmt.Sprintf(" and %d more", len(c.Uncovered)-len(shown))
	}
	s.Status = Fail
	s.Reason = fmt.Sprintf("Runbook coverage: %d of %d alerts (%.0f%%) link a runbook; without one: %s%s.",
		c.Covered, c.Alerts, c.Percent(), strings.Join(shown, ", "), more)
	return s, true
}
