package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

func (h *harness) selectedService() string {
	h.t.Helper()
	s, ok := h.home().selected()
	if !ok {
		return ""
	}
	return s.Service
}

func TestHomeListAndKeys(t *testing.T) {
	st, _ := seededStore(t)
	h := newHarness(t, st, 80, 24)
	// Newest first.
	if got := h.selectedService(); got != "payments-api" {
		t.Fatalf("first row %q", got)
	}
	h.press("j")
	if got := h.selectedService(); got != "ledger" {
		t.Fatalf("after j: %q", got)
	}
	h.press("G")
	if got := h.selectedService(); got != "checkout-web" {
		t.Fatalf("after G: %q", got)
	}
	h.press("k", "g")
	if got := h.selectedService(); got != "payments-api" {
		t.Fatalf("after g: %q", got)
	}

	// / filters as you type; enter keeps the filter, esc clears it.
	h.press("/")
	h.typeText("led")
	if len(h.home().shown) != 1 || h.selectedService() != "ledger" {
		t.Fatalf("filter 'led' shows %v", h.home().shown)
	}
	h.wantInView("/ led", "1 of 3 reviews")
	h.press("enter")
	if h.home().filtering {
		t.Fatal("enter did not leave the filter input")
	}
	h.press("enter") // opens the filtered review
	h.wantState(stateWalk)
	h.wantInView("ledger")
	h.press("esc")
	h.wantState(stateHome)
	h.press("esc") // clears the applied filter
	if len(h.home().shown) != 3 {
		t.Fatalf("esc left %d rows", len(h.home().shown))
	}
	h.press("/")
	h.typeText("zzz")
	h.wantInView("No review matches “zzz”")
	h.press("esc")
	h.wantInView("3 reviews")

	// t browses templates, n starts a review, q quits.
	h.press("t")
	h.wantState(stateTemplates)
	h.press("esc", "n")
	h.wantState(stateNewReview)
	h.press("esc")
	h.wantState(stateHome)
	h.press("q")
	if !h.quit {
		t.Fatal("q did not quit")
	}
}

func TestHomeDeleteAsksFirst(t *testing.T) {
	st, _ := seededStore(t)
	h := newHarness(t, st, 80, 24)
	h.press("j", "d")
	h.wantInView("Delete the review of ledger", "y/n")
	h.press("n")
	if list, _ := st.List(); len(list) != 3 {
		t.Fatal("n deleted the review")
	}
	h.wantInView("kept the review")
	h.press("d", "esc")
	if list, _ := st.List(); len(list) != 3 {
		t.Fatal("esc deleted the review")
	}
	h.press("d", "y")
	list, _ := st.List()
	if len(list) != 2 {
		t.Fatalf("%d reviews after delete", len(list))
	}
	for _, s := range list {
		if s.Service == "ledger" {
			t.Fatal("the wrong review was deleted")
		}
	}
	h.wantInView("deleted the review of ledger")
	if strings.Contains(h.view(), "ledger ·") {
		t.Fatal("the list still shows the deleted review")
	}

	st.failWrites = errLocked
	h.press("d", "y")
	h.wantInView("✗ could not delete", "database is locked")
}

func TestHomePollsForNewReviews(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	h.wantInView("Welcome to prr")
	seedReview(t, h.st, "made-elsewhere", nil)
	h.poll()
	h.wantInView("made-elsewhere")
}

func TestNewReviewForm(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	h.press("n")
	h.press("enter") // an empty service is refused inline
	h.wantInView("the service name is empty")
	h.typeText("payments-api")
	h.press("enter")
	h.typeText("Betaling")
	h.press("enter")
	h.typeText("Kari Nordmann")
	h.press("enter")
	h.wantInView("Checklist", "Payments readiness v3 · 8 items, 5 required",
		"Big checklist v1 · 12 items, 4 required · custom")
	h.press("down", "enter") // the custom checklist
	h.typeText("Kari Nordmann:Owner\n:sre")
	h.press("enter")
	h.wantInView(`participant ":sre" has no name`)
	h.press("backspace", "backspace", "backspace", "backspace")
	h.typeText("Ola Nordmann:sre\nSiri:dpo")
	h.press("enter")

	h.wantState(stateWalk)
	list, _ := h.st.List()
	if len(list) != 1 {
		t.Fatalf("%d reviews", len(list))
	}
	r, err := h.st.Get(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	want := review.Meta{Service: "payments-api", Team: "Betaling", Owner: "Kari Nordmann", Participants: []review.Participant{
		{Name: "Kari Nordmann", Role: "owner"}, {Name: "Ola Nordmann", Role: "sre"}, {Name: "Siri", Role: "dpo"}}}
	got := r.Meta()
	if got.Service != want.Service || got.Team != want.Team || got.Owner != want.Owner || len(got.Participants) != 3 ||
		got.Participants[0] != want.Participants[0] || got.Participants[1] != want.Participants[1] || got.Participants[2] != want.Participants[2] {
		t.Fatalf("meta = %+v", got)
	}
	if r.Template.ID != "big" {
		t.Fatalf("template %s", r.Template.ID)
	}
	h.wantInView("created the review of payments-api", "Criterion number 1 is met")
}

func TestNewReviewStoreErrorKeepsTheForm(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	h.st.failWrites = errLocked
	h.press("n")
	h.typeText("svc")
	h.press("enter", "enter", "enter", "enter", "enter")
	h.wantState(stateNewReview)
	h.wantInView("✗ could not create the review: database is locked")
	if h.newReview().v.Service != "svc" {
		t.Fatal("the typed values were lost")
	}
	h.st.failWrites = nil
	h.press("enter", "enter", "enter", "enter", "enter")
	h.wantState(stateWalk)
}

// TestHomeNeverListsTwiceAtOnce: on a large database a listing takes a
// while; polls and changes that arrive meanwhile must not start a second
// one, but the news they bring must not be lost either.
func TestHomeNeverListsTwiceAtOnce(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	home := h.home()
	if cmd := home.reload(); cmd == nil {
		t.Fatal("an idle home screen did not start a listing")
	}
	if cmd := home.reload(); cmd != nil {
		t.Fatal("a second listing started while the first was running")
	}
	if check := home.pollCheck(); check != nil {
		t.Fatal("a poll looked for changes while a listing was running")
	}
	if cmd := home.Update(reviewsMsg{}); cmd == nil {
		t.Fatal("the change seen during the listing was dropped: no second listing after the first")
	}
	if cmd := home.Update(reviewsMsg{}); cmd != nil {
		t.Fatal("listed a third time with nothing new")
	}
}

// TestHomeFilterFollowsANewListing: the filter searches what it built from
// the listing on show; a new listing with as many reviews but other names
// is searched afresh, not through the old one's text.
func TestHomeFilterFollowsANewListing(t *testing.T) {
	h := newHarness(t, nil, 80, 24)
	home := h.home()
	list := func(names ...string) []review.Summary {
		var out []review.Summary
		for i, n := range names {
			out = append(out, review.Summary{ID: fmt.Sprintf("id%06d", i), Service: n, TemplateID: "standard"})
		}
		return out
	}
	home.Update(reviewsMsg{items: list("payments-api", "ledger"), total: 2})
	home.filter.SetValue("ledger")
	home.applyFilter()
	if len(home.shown) != 1 || home.items[home.shown[0]].Service != "ledger" {
		t.Fatalf("filter ledger shows %v", home.shown)
	}
	home.Update(reviewsMsg{items: list("checkout", "ledger-sync"), total: 2})
	home.filter.SetValue("checkout")
	home.applyFilter()
	if len(home.shown) != 1 || home.items[home.shown[0]].Service != "checkout" {
		t.Fatalf("after a new listing, filter checkout shows %v of %+v", home.shown, home.items)
	}
}

// TestNewReviewFormStartsOnTheDefaultChecklist: the form offers the same
// checklist first that prr new uses when none is named (review.
// DefaultTemplate), not whichever the catalog lists first.
func TestNewReviewFormStartsOnTheDefaultChecklist(t *testing.T) {
	std := bigTemplate(3)
	std.ID, std.Title = review.DefaultTemplate, "Default checklist"
	h := newHarness(t, nil, 80, 24, func(c *Config) {
		c.Catalog = &review.Catalog{Entries: append(testCatalog(t).Entries, review.CatalogEntry{Template: std, BuiltIn: true, Source: "built-in"})}
	})
	h.press("n")
	h.typeText("payments-api")
	h.press("enter", "enter", "enter") // team and owner left empty
	h.press("enter")                   // the checklist as offered
	h.press("enter")                   // no participants
	h.wantState(stateWalk)
	list, _ := h.st.List()
	if len(list) != 1 || list[0].TemplateID != review.DefaultTemplate {
		t.Fatalf("created %+v, want one review on %q", list, review.DefaultTemplate)
	}
}
