package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/prr-dev/prr/review"
)

// newerChecklist is the test checklist's next version: one item more.
func newerChecklist(t *testing.T) *review.Template {
	tp := loadTemplate(t, "checklist.yaml")
	tp.Version++
	s := &tp.Sections[0]
	s.Items = append(slices.Clone(s.Items), review.Item{ID: "escalation", Title: "An escalation path is written down", Level: 1})
	return tp
}

func withCatalog(c *review.Catalog) harnessOpt { return func(cfg *Config) { cfg.Catalog = c } }

func signOff(t *testing.T, st *fakeStore, id string) {
	t.Helper()
	for _, role := range []string{"owner", "sre"} { // the roles the checklist asks for
		if _, err := st.SignOff(id, "Kari Nordmann", role, review.Approve, ""); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReReviewFromHome: r on the home screen starts the next review of the
// selected review's service on the newest checklist, its answers carried
// over to confirm; c in the walk confirms one as it stands.
func TestReReviewFromHome(t *testing.T) {
	st := newFakeStore()
	prev := seedReview(t, st, "payments-api", map[string]review.Answer{
		"owner-named": {Status: review.Pass, Note: "Team payments"},
		"oncall":      {Status: review.Fail, Actions: []review.Action{{Text: "Hire a fourth person"}, {Text: "Write the rota", Done: true}}},
	})
	signOff(t, st, prev.ID)
	newer := newerChecklist(t)
	h := newHarness(t, st, 100, 30, withCatalog(&review.Catalog{Entries: []review.CatalogEntry{{Template: newer, Source: "custom"}}}))

	h.press("r")
	h.wantState(stateWalk)
	r := reviewOf(h.m)
	if r.ID == prev.ID || r.Origin == nil || r.Origin.From != prev.ID {
		t.Fatalf("the walk shows %s with origin %+v, want a new review carried over from %s", r.ID, r.Origin, prev.ID)
	}
	if r.Template.Version != newer.Version || !r.Origin.Template.IsNew("escalation") {
		t.Fatalf("the new review runs v%d, new items %v; want v%d with escalation new", r.Template.Version, r.Origin.Template.New, newer.Version)
	}
	got := st.answers(r.ID)
	if a := got["owner-named"]; !a.ToConfirm || a.Status != review.Pass || a.Note != "Team payments" {
		t.Fatalf("owner-named carried as %+v", a)
	}
	if a := got["oncall"]; len(a.Actions) != 1 || a.Actions[0].Text != "Hire a fourth person" {
		t.Fatalf("oncall's action items carried as %+v, want only the open one", a.Actions)
	}
	if h.currentItem() != "owner-named" {
		t.Fatalf("the walk starts on %s", h.currentItem())
	}
	h.wantInView("[to confirm: c]")

	h.press("c")
	if a := st.answers(r.ID)["owner-named"]; a.ToConfirm || a.Status != review.Pass || a.Note != "Team payments" {
		t.Fatalf("after c, owner-named is %+v; want it confirmed as it was", a)
	}
	if h.currentItem() != "oncall" {
		t.Fatalf("c did not move on: on %s", h.currentItem())
	}
	// The unanswered filter visits what does not count yet: the answers
	// still to confirm, and the new item.
	h.press("f")
	total := 0
	for _, sec := range r.Template.Sections {
		total += len(sec.Items)
	}
	if n := h.walk().countMatching(); n != total-1 { // all but owner-named, confirmed
		t.Fatalf("the unanswered filter matches %d of %d items, want all but the one confirmed", n, total)
	}
	for h.walk().filter != filterAll { // back to all
		h.press("f")
	}
	// The new item has nothing to confirm; c says so and changes nothing.
	h.press("G")
	h.press("c")
	h.wantInView("nothing to confirm here")
	if _, ok := st.answers(r.ID)[h.currentItem()]; ok {
		t.Fatalf("c stored an answer for %s", h.currentItem())
	}
}

// TestHomeShowsExpiryAndDue: a review past its renewal date reads
// "expired" on the home screen, and the line under the title counts it.
func TestHomeShowsExpiryAndDue(t *testing.T) {
	st := newFakeStore()
	tp := loadTemplate(t, "checklist.yaml")
	tp.ValidFor = "90d"
	r, err := st.Create(*tp, review.Meta{Service: "ledger"})
	if err != nil {
		t.Fatal(err)
	}
	signOff(t, st, r.ID)

	h := newHarness(t, st, 80, 24, func(c *Config) { c.Now = st.clock.Now })
	h.wantInView("signed off", "Nothing is due in the next 30d.")

	st.clock.Advance(100 * 24 * time.Hour)
	h2 := newHarness(t, st, 80, 24, func(c *Config) { c.Now = st.clock.Now })
	h2.wantInView("expired", "Due within 30d (1 late): 1 renewal")
	h2.checkWidths(80)
	// The filter finds expired reviews by that word.
	if _, err := st.Create(*tp, review.Meta{Service: "search"}); err != nil {
		t.Fatal(err)
	}
	h3 := newHarness(t, st, 80, 24, func(c *Config) { c.Now = st.clock.Now })
	h3.press("/")
	h3.typeText("expired")
	h3.wantInView("ledger", "1 of 2 reviews")
}

// TestDiffAndHistoryScreens: c shows what changed since the review before
// of the same service, h the service's reviews oldest first; both go back
// where they were opened from.
func TestDiffAndHistoryScreens(t *testing.T) {
	st := newFakeStore()
	first := seedReview(t, st, "payments-api", map[string]review.Answer{"owner-named": {Status: review.Fail}})
	second := seedReview(t, st, "payments-api", map[string]review.Answer{"owner-named": {Status: review.Pass, Note: "Team payments"}})
	h := newHarness(t, st, 80, 24)

	h.press("c") // the newest review is selected
	h.wantState(stateDiff)
	h.wantInView("What changed · payments-api", first.ID+" (", "→ "+second.ID, "improved", "(fail → pass)", "note changed", "The same items.")
	h.checkWidths(80)
	h.press("esc")
	h.wantState(stateHome)

	h.press("h")
	h.wantState(stateHistory)
	h.wantInView("History · payments-api", "2 reviews, oldest first", first.ID, second.ID)
	v := h.view()
	if strings.Index(v, first.ID) > strings.Index(v, second.ID) {
		t.Fatalf("the history is not oldest first:\n%s", v)
	}
	h.checkWidths(80)
	h.press("esc")

	h.press("j", "c") // the first review has none before it
	h.wantState(stateDiff)
	h.wantInView("This is the first review of payments-api")
	h.press("esc")

	// From the summary, and back to it.
	h.press("k", "enter", "s", "c")
	h.wantState(stateDiff)
	h.wantInView("improved")
	h.press("esc")
	h.wantState(stateSummary)
}

// TestGoldenOverTime: the next review of payments-api, carried over from
// the seeded one onto a newer checklist and partly confirmed, as the walk,
// the summary, the diff and the history screens show it.
func TestGoldenOverTime(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, _ := seededStore(t)
			newer := newerChecklist(t)
			h := newHarness(t, st, sz.w, sz.h, withCatalog(&review.Catalog{Entries: []review.CatalogEntry{{Template: newer, Source: "custom"}}}))
			h.press("r") // payments-api, the newest, is selected
			h.wantState(stateWalk)
			h.press("c")
			t.Run("walk", func(t *testing.T) { golden.RequireEqual(t, h.view()) })
			h.press("s")
			h.wantState(stateSummary)
			t.Run("summary", func(t *testing.T) { golden.RequireEqual(t, h.view()) })
			h.press("c")
			h.wantState(stateDiff)
			t.Run("diff", func(t *testing.T) { golden.RequireEqual(t, h.view()) })
			h.press("esc", "h")
			h.wantState(stateHistory)
			t.Run("history", func(t *testing.T) { golden.RequireEqual(t, h.view()) })
		})
	}
}
