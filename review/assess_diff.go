package review

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The audit events of the risk register, the DPIA screening and the
// runbook list: one per scenario or alert changed, in words where a word
// says it, as JSON where the change is in the details.

func diffRisks(old, new *RiskRegister, at time.Time, actor string) []Event {
	byID := func(m *RiskRegister) map[string]RiskScenario {
		out := map[string]RiskScenario{}
		if m != nil {
			for _, s := range m.Scenarios {
				out[s.ID] = s
			}
		}
		return out
	}
	o, n := byID(old), byID(new)
	var evs []Event
	ev := func(a, b string) {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "risks", Old: a, New: b})
	}
	if new != nil {
		for _, s := range new.Scenarios {
			was, ok := o[s.ID]
			switch {
			case !ok:
				ev("", riskText(s))
			case riskJSON(was) != riskJSON(s):
				ev(riskJSON(was), riskJSON(s))
			}
		}
	}
	if old != nil {
		for _, s := range old.Scenarios {
			if _, ok := n[s.ID]; !ok {
				ev(riskText(s), "")
			}
		}
	}
	return evs
}

func riskText(s RiskScenario) string {
	p, c := s.Residual()
	return fmt.Sprintf("%s %s: %d×%d, residual %d×%d", s.ID, s.Title, s.Probability, s.Consequence, p, c)
}

func riskJSON(s RiskScenario) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// dpiaText is the screening in one line: the answer on personal data, the
// criteria met and the document.
func dpiaText(d *DPIAScreening) string {
	if d.isZero() {
		return ""
	}
	var parts []string
	switch {
	case d.PersonalData == nil:
		parts = append(parts, "personal data: not answered")
	case *d.PersonalData:
		parts = append(parts, "personal data: yes")
	default:
		parts = append(parts, "personal data: no")
	}
	for _, c := range d.Criteria {
		s := c.ID + "=" + map[bool]string{true: "yes", false: "no"}[c.Met]
		if c.Note != "" {
			s += " (" + c.Note + ")"
		}
		parts = append(parts, s)
	}
	if d.Document != "" {
		parts = append(parts, "document "+d.Document)
	}
	return strings.Join(parts, "; ")
}

func diffRunbooks(old, new *RunbookList, at time.Time, actor string) []Event {
	links := func(l *RunbookList) map[string]string {
		out := map[string]string{}
		if l != nil {
			for _, a := range l.Alerts {
				out[a.Alert] = a.Runbook
			}
		}
		return out
	}
	o, n := links(old), links(new)
	var evs []Event
	ev := func(a, b string) {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "runbooks", Old: a, New: b})
	}
	text := func(a, link string) string {
		if link == "" {
			return a + ": no runbook"
		}
		return a + ": " + link
	}
	if new != nil {
		for _, a := range new.Alerts {
			was, ok := o[a.Alert]
			switch {
			case !ok:
				ev("", text(a.Alert, a.Runbook))
			case was != a.Runbook:
				ev(text(a.Alert, was), text(a.Alert, a.Runbook))
			}
		}
	}
	if old != nil {
		for _, a := range old.Alerts {
			if _, ok := n[a.Alert]; !ok {
				ev(text(a.Alert, a.Runbook), "")
			}
		}
	}
	return evs
}
