package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/prr-dev/prr/review"
)

// Golden views are the frame as text (escape codes stripped): what a
// monochrome terminal shows, which is also what NO_COLOR gives. Run
// `go test ./tui -update` to rewrite them after a deliberate change.

var sizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"120x40", 120, 40}}

// walkSizes are the sizes of a meeting room: the default terminal (or a
// large shared font), a laptop, a wide screen.
var walkSizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"100x30", 100, 30}, {"160x45", 160, 45}}

// seededStore holds three reviews of the test checklist, one partly
// answered with a note, evidence, an action item and a waiver.
func seededStore(t testing.TB) (*fakeStore, *review.Review) {
	st := newFakeStore()
	seedReview(t, st, "checkout-web", nil)
	seedReview(t, st, "ledger", map[string]review.Answer{
		"owner-named": {Status: review.Pass}, "oncall": {Status: review.Pass},
		"slo-defined": {Status: review.Pass}, "alerts": {Status: review.Pass},
		"dashboards": {Status: review.Pass}, "backups": {Status: review.Pass},
		"dpia": {Status: review.NA, Note: "no personal data"}, "ros": {Status: review.Pass},
	})
	r := seedReview(t, st, "payments-api", map[string]review.Answer{
		"owner-named": {Status: review.Pass, Note: "Team Betaling owns it; the on-call channel is #betaling-alerts.",
			Evidence: []string{"https://catalog.example.com/payments-api"}},
		"oncall": {Status: review.Fail, Note: "Only two people on the rota.",
			Actions: []review.Action{{Text: "Grow the rota to four people", Owner: "Ola", Due: "2026-04-01"}},
			Waiver:  &review.Waiver{Reason: "Launch is internal only until April", AcceptedBy: "Kari Nordmann", Expires: "2026-04-15"}},
		"alerts": {Status: review.Partial},
	})
	return st, r
}

func TestGoldenFirstRun(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			h := newHarness(t, nil, sz.w, sz.h)
			h.wantState(stateHome)
			h.wantInView("Welcome to prr", "n  start a review")
			golden.RequireEqual(t, h.view())
		})
	}
}

func TestGoldenHome(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, _ := seededStore(t)
			h := newHarness(t, st, sz.w, sz.h)
			h.wantInView("payments-api", "ledger", "checkout-web", "[NOT STARTED]", "[3 LEFT]", "[READY]", "STANDING")
			golden.RequireEqual(t, h.view())
		})
	}
}

func TestGoldenWalk(t *testing.T) {
	for _, sz := range walkSizes {
		t.Run(sz.name, func(t *testing.T) {
			st, r := seededStore(t)
			h := newHarness(t, st, sz.w, sz.h, withOpen(r.ID))
			h.wantState(stateWalk)
			h.press("j") // the on-call item: failing, waived, with an action item
			h.wantInView("An on-call rota", "✗ FAIL", "Grow the rota to four people", "Kari Nordmann")
			golden.RequireEqual(t, h.view())
		})
	}
}

func TestGoldenWalkNarrowHidesSections(t *testing.T) {
	st, r := seededStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	if h.walk().twoPane {
		t.Fatal("80 columns should use the narrow layout")
	}
	h.wantInView("§ 1/3 Ownership")
	if strings.Contains(h.view(), "SECTIONS") {
		t.Fatal("narrow layout shows the sections pane")
	}
	h.send(sizeMsg(120, 40))
	if !h.walk().twoPane {
		t.Fatal("120 columns should show the sections pane")
	}
	h.wantInView("SECTIONS", "Observability", "1/3")
}

func TestGoldenSummary(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, r := seededStore(t)
			h := newHarness(t, st, sz.w, sz.h, withOpen(r.ID))
			h.press("s")
			h.wantState(stateSummary)
			h.wantInView("Score", "Blocking items", "Ownership", "Data and recovery", "[IN PROGRESS — 3 REQUIRED LEFT]")
			golden.RequireEqual(t, h.view())
			h.press("G")
			h.wantInView("Open action items (1)", "Grow the rota", "Waivers (1)", "expires 2026-04-15", "Ola Nordmann (sre)",
				"Nothing parked.", "No roll call yet")
			h.press("esc")
			h.wantState(stateWalk)
		})
	}
}

func TestGoldenHelp(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, r := seededStore(t)
			h := newHarness(t, st, sz.w, sz.h, withOpen(r.ID))
			h.press("?")
			// Every key of the issue is listed.
			h.wantInView("j/↓", "k/↑", "]", "[", "g", "G", "y pass", "p partial", "n fail", "a n/a",
				"0 unanswered", "e note", "l evidence link", "t action item", "w waive", "u undo",
				"filter", "s", "summary", "esc/q", "ctrl+c", "find", "next unanswered", "P park", "U unpark", "r roll call")
			golden.RequireEqual(t, h.view())
			h.press("x") // any key closes it
			h.wantInView("A named team owns the service")
		})
	}
}

func TestGoldenNewReviewForm(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			h := newHarness(t, nil, sz.w, sz.h)
			h.press("n")
			h.wantState(stateNewReview)
			golden.RequireEqual(t, h.view())
		})
	}
}

func TestGoldenTemplates(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	h.press("t")
	h.wantState(stateTemplates)
	h.wantInView("Payments readiness", "payments-prr v3 · 3 sections · 8 items (5 required)", "custom")
	golden.RequireEqual(t, h.view())
	h.press("enter")
	h.wantInView("Payments readiness", "Ownership", "A named team owns the service (required)")
	t.Run("checklist", func(t *testing.T) { golden.RequireEqual(t, h.view()) })
	h.press("esc", "j", "enter")
	h.wantInView("Big checklist", "Criterion number 1 is met")
	h.press("esc", "esc")
	h.wantState(stateHome)
}
