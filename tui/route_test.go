package tui

import (
	"testing"

	"github.com/prr-dev/prr/review"
)

// A store's reply is addressed to the walk screen, whatever is on show
// when it lands: here the user has gone back to the list and opened
// another review before the first one's answer was saved.
func TestSaveLandsAfterTheUserMovedOn(t *testing.T) {
	st, _ := seededStore(t)
	h := newHarness(t, st, 80, 24)
	h.press("G", "enter") // the oldest: checkout-web
	first := h.walk().rev
	_, save := h.m.Update(keyMsg("y"))
	h.press("esc", "g", "enter") // back to the list, the newest: payments-api
	if got := h.walk().rev.Service; got != "payments-api" {
		t.Fatalf("walking %s", got)
	}
	before := review.ContentHash(h.walk().rev)
	h.run(save)
	h.wantInView("✓ saved: pass: A named team owns the service")
	if a := h.stored(first.ID, "owner-named"); a.Status != review.Pass {
		t.Fatalf("stored %+v", a)
	}
	if review.ContentHash(h.walk().rev) != before {
		t.Fatal("the save of another review changed the one on show")
	}
	if !h.m.writer.idle() {
		t.Fatal("the writer still counts the save as in flight")
	}
}

// Every screen in the table can be built, and the screens that need a
// review refuse a visit without one instead of drawing nothing.
func TestPagesTable(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	for s := range stateCount {
		if pages[s].name == "" || pages[s].new == nil {
			t.Fatalf("page %d has no name or screen", s)
		}
		if s.String() != pages[s].name {
			t.Fatalf("state %d is called %q", s, s.String())
		}
	}
	for _, s := range []state{stateSummary, stateSignOff, stateExport} {
		h.send(navMsg{to: s})
		h.wantState(stateHome)
	}
	if state(-1).String() != "unknown" || stateCount.String() != "unknown" {
		t.Fatal("a state out of the table has a name")
	}
}
