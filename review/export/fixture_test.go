package export

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// Hostile strings used across the tests. Each one is a way a note, a name
// or an imported file could try to break or inject into the record.
const (
	hostileScript = "<script>alert(1)</script>"
	hostileImg    = "<img src=x onerror=alert(1)>"
	hostileESC    = "bold\x1b[1mred\x1b]0;title\x07\u009b31m\u009d8;;http://x\u009c"
	hostileBidi   = "admin\u202egnp.exe\u2066x\u2069"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// richTemplate is a checklist with required and optional items on three
// levels, and hostile text where a custom template could put it.
func richTemplate() review.Template {
	return review.Template{
		ID: "payments-prr", Version: 3, Title: "Payments production readiness",
		SignoffRoles: []string{"owner", "sre", "security"},
		Sections: []review.Section{
			{ID: "observability", Title: "Observability", Items: []review.Item{
				{ID: "slo-defined", Title: "SLIs and SLOs are defined and measured", Required: true, Level: 1},
				{ID: "alerts-actionable", Title: "Alerts are actionable & routed to on-call", Required: true, Level: 1},
				{ID: "dashboards", Title: "# Dashboards exist for `golden signals`", Level: 2},
				{ID: "tracing", Title: "Distributed tracing", Level: 3},
			}},
			{ID: "resilience", Title: "Resilience | recovery", Timebox: 5, Items: []review.Item{
				{ID: "backups-tested", Title: "Backups are restored in a test every quarter", Required: true, Level: 1},
				{ID: "runbooks", Title: "Runbooks for every alert", Required: true, Level: 1},
				{ID: "chaos", Title: "> Chaos experiments run", Level: 3},
			}},
			{ID: "security", Title: "Security " + hostileImg, Items: []review.Item{
				{ID: "dpia", Title: "DPIA done (personal data)", Required: true, Level: 1},
				{ID: "ros", Title: "Security risk assessment (ROS)", Required: true, Level: 1},
				{ID: "pen-test", Title: "Penetration test " + hostileScript, Level: 2},
			}},
		},
	}
}

// richReview is a review with every status, waivers in force and expired,
// open, overdue and done actions, current, stale and superseded sign-offs,
// and hostile text in every kind of field. It is a valid review (it would
// import), so the hostile text is what a user could really type.
func richReview(t testing.TB) *review.Review {
	t.Helper()
	meta := review.Meta{
		Service: "payments-api",
		Team:    "Payments | Core",
		Owner:   "Kari Nordmann",
		Participants: []review.Participant{
			{Name: "Kari Nordmann", Role: "owner"},
			{Name: "Ola | Nordmann", Role: "sre"},
			{Name: "Mallory " + hostileImg, Role: "security"},
			{Name: "Dana Protect", Role: "dpo"},
		},
	}
	r, err := review.NewReview("k3x9m2qa", richTemplate(), meta, at("2026-01-12 09:00"), "kari")
	if err != nil {
		t.Fatal(err)
	}
	r.Answers = map[string]review.Answer{
		"slo-defined": {
			Status: review.Pass,
			Note:   "Availability SLO 99.9%, latency p99 < 300 ms.\nSee the *SLO doc* (https://slo.example.com/doc_v2), or mailto:sre@example.com; www.example.com and javascript:alert(1) are not links.\n\n# Not a heading\n> not a quote\n- not a list\n1. not a list\n    not code\n```\nnot a fence\n```\n[x](javascript:alert(1)) and " + hostileScript,
			Evidence: []string{
				"https://slo.example.com/payments-api?window=30d&team=core",
				"https://wiki.example.com/Runbook (v2)|x <b>",
				"mailto:sre@example.com",
			},
		},
		"alerts-actionable": {
			Status:   review.Partial,
			Note:     "Two alerts page nobody | and " + hostileESC,
			Evidence: []string{"javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "java\tscript:alert(1)"},
			Actions: []review.Action{
				{Text: "Route the `disk-full` alert | to on-call", Owner: "Ola | Nordmann", Due: "2026-03-01"},
				{Text: "Delete the noisy alerts", Owner: "Kari Nordmann", Due: "2026-02-01", Done: true},
			},
			Waiver: &review.Waiver{Reason: "Risk accepted until the new pager rota", AcceptedBy: "Kari Nordmann", Expires: "2026-12-31"},
		},
		"dashboards": {Status: review.Fail, Note: hostileBidi + " " + strings.Repeat("very long line ", 80),
			Evidence: []string{"file:///etc/passwd", "vbscript:msgbox(1)", "https://grafana.example.com/d/abc"}},
		"tracing": {Status: review.NA, Note: "Single process; nothing to trace across."},
		"backups-tested": {
			Status: review.Pass, Note: "Restored 2026-02-20.", Evidence: []string{"https://wiki.example.com/restore-test"},
			Actions: []review.Action{{Text: "Automate the restore test", Owner: "Ola | Nordmann", Due: "2026-06-30"}},
		},
		"runbooks": {Status: review.Pass},
		"chaos":    {Status: review.Unanswered},
		"dpia":     {Status: review.Pass, Evidence: []string{"https://docs.example.com/dpia.pdf"}},
		"ros": {
			Status: review.Fail, Note: "ROS is being redone after the new card provider.",
			Waiver:  &review.Waiver{Reason: "Old ROS still covers most risks " + hostileScript, AcceptedBy: "Mallory " + hostileImg, Expires: "2026-02-28"},
			Actions: []review.Action{{Text: "Finish the new ROS", Owner: "", Due: ""}},
		},
		"pen-test": {Status: review.Partial, Note: "Scope | excluded the admin UI",
			Waiver: &review.Waiver{Reason: "Admin UI is VPN-only", AcceptedBy: "Kari Nordmann", Expires: "2026-09-30"}},
	}
	// The meeting: a roll call with hostile names, two sittings, time on
	// two sections (one past its timebox), parked items, one with a
	// hostile note.
	for _, m := range []struct {
		name    string
		present bool
	}{{"Kari Nordmann", true}, {"Ola | Nordmann", true}, {"Mallory " + hostileImg, false}} {
		if err := r.Mark(m.name, m.present); err != nil {
			t.Fatal(err)
		}
	}
	meet := []error{
		r.AddAttendee(review.Participant{Name: "Per | Late " + hostileScript, Role: "dba"}),
		r.SetFacilitator("Kari Nordmann"), r.SetScribe("Ola | Nordmann"),
		r.Park("chaos", "ask the DBA | "+hostileScript, at("2026-03-13 09:40")),
		r.Park("runbooks", "", at("2026-03-14 09:10")),
	}
	if err := errors.Join(meet...); err != nil {
		t.Fatal(err)
	}
	r.CountTime(at("2026-03-13 09:00"), at("2026-03-13 10:10"), map[string]int{"observability": 50 * 60})
	r.CountTime(at("2026-03-14 09:00"), at("2026-03-14 09:20"), map[string]int{"resilience": 7 * 60, "observability": 60})
	r.UpdatedAt = at("2026-03-14 10:00")
	sign := func(name, role string, d review.Decision, comment, when string) {
		t.Helper()
		s, err := review.NewSignOff(r, name, role, d, comment, at(when))
		if err != nil {
			t.Fatal(err)
		}
		r.SignOffs = append(r.SignOffs, s)
	}
	sign("Kari Nordmann", "owner", review.Approve, "Good to go.", "2026-03-14 10:05")
	sign("Mallory "+hostileImg, "security", review.Reject, "| not | yet |\n# heading", "2026-03-14 10:06")
	// A late edit makes the two sign-offs above stale.
	a := r.Answers["runbooks"]
	a.Note = "Linked from every alert."
	r.Answers["runbooks"] = a
	r.UpdatedAt = at("2026-03-14 10:30")
	sign("Ola | Nordmann", "sre", review.ApproveWithConditions, "Once the *pager* alert is routed.\nThanks!", "2026-03-14 10:35")
	sign("Mallory "+hostileImg, "security", review.Approve, "OK now "+hostileScript, "2026-03-14 10:40")
	return r
}

// richHistory is an audit trail for the rich review.
func richHistory() []review.Event {
	return []review.Event{
		{At: at("2026-01-12 09:05"), Actor: "kari", Item: "slo-defined", Field: "status", Old: "unanswered", New: "pass"},
		{At: at("2026-03-14 10:30"), Actor: "kari", Item: "runbooks", Field: "note", New: "Linked from every alert."},
		{At: at("2026-02-01 12:00"), Actor: "ola", Field: "team", Old: "Payments", New: "Payments | Core"},
	}
}

// bigReview is a review of n items in sections of 20, every tenth item
// failing with an action, for benchmarks.
func bigReview(tb testing.TB, n int) *review.Review {
	tb.Helper()
	tpl := review.Template{ID: "big", Version: 1, Title: "Big checklist"}
	answers := map[string]review.Answer{}
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			tpl.Sections = append(tpl.Sections, review.Section{ID: fmt.Sprintf("s%d", i/20), Title: fmt.Sprintf("Section %d", i/20)})
		}
		id := fmt.Sprintf("item-%d", i)
		s := &tpl.Sections[len(tpl.Sections)-1]
		s.Items = append(s.Items, review.Item{ID: id, Title: fmt.Sprintf("Item %d is done | checked <b>", i), Required: i%3 == 0, Level: 1 + i%3})
		a := review.Answer{Status: review.Pass, Note: "A note with *some* Markdown-looking text.\nSecond line.", Evidence: []string{"https://example.com/" + id}}
		if i%10 == 0 {
			a.Status = review.Fail
			a.Actions = []review.Action{{Text: "Fix " + id, Owner: "Kari", Due: "2026-05-01"}}
		}
		answers[id] = a
	}
	r, err := review.NewReview("b1g00000", tpl, review.Meta{Service: "big-service"}, at("2026-01-01 00:00"), "bench")
	if err != nil {
		tb.Fatal(err)
	}
	r.Answers = answers
	s, err := review.NewSignOff(r, "Kari", "owner", review.Approve, "", at("2026-01-02 00:00"))
	if err != nil {
		tb.Fatal(err)
	}
	r.SignOffs = append(r.SignOffs, s)
	return r
}
