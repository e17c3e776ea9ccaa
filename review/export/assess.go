package export

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

// Risks is the risk register (ROS) in the record.
type Risks struct {
	MediumFrom, HighFrom int
	Scenarios            []Risk    // in the register's order
	Heatmap              []HeatRow // consequence 5 down to 1, by residual scores
	Highest              string    // inline: "r3 Payment provider down: 12 (high)"
	// Unaccepted names the high residual risks without an acceptance in
	// force (inline), empty if none.
	Unaccepted string
}

// Risk is one scenario's row; every text is inline.
type Risk struct {
	ID, Title, Cause, Vulnerable, Measures string
	NewMeasures                            string // the new measures on one line, "" if none
	P, C, Score                            int
	Level                                  string
	RP, RC, Residual                       int
	ResidualLevel                          string
	Acceptance                             string // "CTO until 2030-12-31: reason", "" if none
	Accepted                               bool   // an acceptance in force
}

// HeatRow is one consequence of the 5×5 heatmap: the scenarios at each
// probability, by their residual scores.
type HeatRow struct {
	Label string   // "5 critical"
	Cells []string // five cells: "r1, r3" or "·"
}

// DPIA is the DPIA screening in the record.
type DPIA struct {
	Result       string // "DPIA required", ...
	PersonalData string // "Personal data is processed." ...
	Criteria     []DPIACriterion
	Document     string // a Markdown link or inline text, "" if none
	Source       string
}

// DPIACriterion is one of the nine criteria, answered or not.
type DPIACriterion struct {
	Title string // inline
	Met   string // yes, no, not answered
	Note  string // inline
}

// Runbooks is the runbook coverage in the record.
type Runbooks struct {
	Covered, Total int
	Percent        string
	Uncovered      []string // inline alert names
}

func newRisks(r *review.Review, asOf time.Time) *Risks {
	ss := r.RiskScenarios()
	if len(ss) == 0 {
		return nil
	}
	med, high := r.Template.RiskThresholds()
	out := &Risks{MediumFrom: med, HighFrom: high}
	var cells [6][6][]string
	for _, s := range ss {
		rp, rc := s.Residual()
		row := Risk{
			ID: Inline(s.ID), Title: Inline(s.Title), Cause: Inline(s.Cause), Vulnerable: Inline(s.Vulnerable), Measures: Inline(s.Measures),
			P: s.Probability, C: s.Consequence, Score: s.Risk(), Level: string(r.Template.RiskLevelOf(s.Risk())),
			RP: rp, RC: rc, Residual: s.ResidualRisk(), ResidualLevel: string(r.Template.RiskLevelOf(s.ResidualRisk())),
			Accepted: s.Accepted(asOf),
		}
		var ms []string
		for _, m := range s.NewMeasures {
			var meta []string
			if m.Owner != "" {
				meta = append(meta, "owner "+m.Owner)
			}
			if m.Due != "" {
				meta = append(meta, "due "+string(m.Due))
			}
			t := m.Text
			if len(meta) > 0 {
				t += " (" + strings.Join(meta, ", ") + ")"
			}
			ms = append(ms, t)
		}
		row.NewMeasures = Inline(strings.Join(ms, "; "))
		if a := s.Acceptance; a != nil {
			row.Acceptance = Inline(a.AcceptedBy + " until " + string(a.Expires) + ": " + a.Reason)
			if !row.Accepted {
				row.Acceptance += " (expired)"
			}
		}
		out.Scenarios = append(out.Scenarios, row)
		if rp >= 1 && rp <= 5 && rc >= 1 && rc <= 5 {
			cells[rc][rp] = append(cells[rc][rp], row.ID)
		}
	}
	for c := 5; c >= 1; c-- {
		hr := HeatRow{Label: strconv.Itoa(c) + " " + review.ConsequenceWords[c]}
		for p := 1; p <= 5; p++ {
			hr.Cells = append(hr.Cells, cmp.Or(strings.Join(cells[c][p], ", "), "·"))
		}
		out.Heatmap = append(out.Heatmap, hr)
	}
	rep := review.Risks(r, asOf)
	if h := rep.Highest; h != nil {
		out.Highest = Inline(fmt.Sprintf("%s %s: %d (%s)", h.ID, h.Title, h.ResidualRisk(), rep.HighestLevel))
	}
	var un []string
	for _, s := range rep.Unaccepted {
		un = append(un, s.ID+" "+s.Title)
	}
	out.Unaccepted = Inline(strings.Join(un, "; "))
	return out
}

func newDPIA(r *review.Review) *DPIA {
	d := r.DPIA()
	if d.Result() == review.DPIAUnscreened && len(d.Criteria) == 0 && d.Document == "" {
		return nil
	}
	out := &DPIA{Result: d.Result().Label(), Source: review.DPIASource}
	switch {
	case d.PersonalData == nil:
		out.PersonalData = "Whether personal data is processed is not answered yet."
	case *d.PersonalData:
		out.PersonalData = "Personal data is processed."
	default:
		out.PersonalData = "No personal data is processed."
	}
	if d.PersonalData == nil || *d.PersonalData {
		for _, info := range review.DPIACriteria {
			c, ok := d.Criterion(info.ID)
			met := "not answered"
			if ok {
				met = map[bool]string{true: "yes", false: "no"}[c.Met]
			}
			out.Criteria = append(out.Criteria, DPIACriterion{Title: Inline(info.Title), Met: met, Note: Inline(c.Note)})
		}
	}
	if d.Document != "" {
		out.Document = Link(d.Document, "")
	}
	return out
}

func newRunbooks(r *review.Review) *Runbooks {
	c := review.Coverage(r)
	if c.Alerts == 0 {
		return nil
	}
	return &Runbooks{Covered: c.Covered, Total: c.Alerts, Percent: review.PercentText(c.Percent()), Uncovered: escapers.inlineAll(c.Uncovered)}
}
