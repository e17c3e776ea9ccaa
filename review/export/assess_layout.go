package export

import "strconv"

// The layout's risk register, DPIA and runbook blocks, for writeDefault:
// line for line what templates/record.md.tmpl writes for them.

func (w writer) risks(r *Risks) {
	if r == nil {
		return
	}
	w.s("\n\n## Risk register (ROS)\n\nProbability (P) and consequence (C) are scored 1 to 5; a risk is P × C, medium from ",
		strconv.Itoa(r.MediumFrom), " and high from ", strconv.Itoa(r.HighFrom),
		". The residual risk is what remains once the new measures are in place.\n\n")
	w.s("| ID | Scenario | Cause | Vulnerable | P × C | Risk | Existing measures | New measures | Residual P × C | Residual risk | Accepted |\n")
	w.s("| --- | --- | --- | --- | :---: | --- | --- | --- | :---: | --- | --- |")
	for _, s := range r.Scenarios {
		w.s("\n| ", s.ID, " | ", s.Title, " | ", or(s.Cause, "—"), " | ", or(s.Vulnerable, "—"), " | ")
		w.n(s.P)
		w.s(" × ")
		w.n(s.C)
		w.s(" | ")
		w.n(s.Score)
		w.s(" (", s.Level, ") | ", or(s.Measures, "—"), " | ", or(s.NewMeasures, "—"), " | ")
		w.n(s.RP)
		w.s(" × ")
		w.n(s.RC)
		w.s(" | ")
		w.n(s.Residual)
		w.s(" (", s.ResidualLevel, ") | ", or(s.Acceptance, "—"), " |")
	}
	w.s("\n\nResidual risks by probability and consequence:\n\n")
	w.s("| Consequence | 1 rare | 2 unlikely | 3 possible | 4 likely | 5 almost certain |\n")
	w.s("| --- | :---: | :---: | :---: | :---: | :---: |")
	for _, h := range r.Heatmap {
		w.s("\n| ", h.Label, " |")
		for _, c := range h.Cells {
			w.s(" ", c, " |")
		}
	}
	w.s("\n\n")
	if r.Unaccepted != "" {
		w.s("High residual risks nobody has accepted: ", r.Unaccepted, ".")
	} else {
		w.s("Highest residual risk: ", r.Highest, ".")
	}
}

func (w writer) dpia(d *DPIA) {
	if d == nil {
		return
	}
	w.s("\n\n## DPIA screening\n\nResult: **", d.Result, "**. ", d.PersonalData)
	if len(d.Criteria) > 0 {
		w.s("\n\n| Criterion | Met | Note |\n| --- | --- | --- |")
		for _, c := range d.Criteria {
			w.s("\n| ", c.Title, " | ", c.Met, " | ", or(c.Note, "—"), " |")
		}
	}
	if d.Document != "" {
		w.s("\n\nDPIA document: ", d.Document)
	}
	w.s("\n\nThe criteria are those of the ", d.Source, "; processing that meets two or more of them needs a DPIA in most cases.")
}

func (w writer) runbooks(r *Runbooks) {
	if r == nil {
		return
	}
	w.s("\n\n## Runbook coverage\n\n")
	w.n(r.Covered)
	w.s(" of ")
	w.n(r.Total)
	w.s(" alerts link a runbook (", r.Percent, ").")
	if len(r.Uncovered) > 0 {
		w.s("\n\nAlerts without a runbook:\n\n")
		for _, a := range r.Uncovered {
			w.s("\n- ", a)
		}
	}
}
