package tui

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// manyReviews is a store with n reviews of services svc-001 (oldest) to
// svc-n (newest).
func manyReviews(t testing.TB, n int) *fakeStore {
	t.Helper()
	st := newFakeStore()
	tp := loadTemplate(t, "checklist.yaml")
	for i := 1; i <= n; i++ {
		st.clock.Advance(time.Minute)
		if _, err := st.Create(*tp, review.Meta{Service: fmt.Sprintf("svc-%03d", i), Team: "payments"}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

func isFullList(msg tea.Msg) bool {
	m, ok := msg.(reviewsMsg)
	return ok && !m.partial
}

// The home screen draws the newest page first and reads the whole list
// after it; counts, scrolling and the filter are right from the first
// frame and cover every review once the list is complete.
func TestHomeNewestPageFirst(t *testing.T) {
	const n = firstPageRows + 50
	st := manyReviews(t, n)
	h := newHarnessHolding(t, st, 100, 30, isFullList)

	// The first frame: the newest reviews, and the count of all of them.
	if st.newestLists != 1 || len(h.held) != 1 {
		t.Fatalf("ListNewest called %d times, %d full lists on their way; want 1 and 1", st.newestLists, len(h.held))
	}
	if !h.home().partial || len(h.home().items) != firstPageRows {
		t.Fatalf("first page: partial=%v, %d rows", h.home().partial, len(h.home().items))
	}
	h.wantInView(fmt.Sprintf("svc-%03d", n), fmt.Sprintf("%d reviews", n))
	if strings.Contains(h.view(), "Loading") {
		t.Fatalf("the first page is on screen, yet it says loading:\n%s", h.view())
	}
	if got := h.selectedService(); got != fmt.Sprintf("svc-%03d", n) {
		t.Fatalf("selected %q, want the newest", got)
	}

	// A filter typed meanwhile matches among the newest, and says so.
	h.press("/")
	h.typeText("svc-0")
	// The newest 200 are svc-051 to svc-250.
	h.wantInView(fmt.Sprintf("49+ of %d reviews", n))
	h.press("esc")

	// G meanwhile goes to the last row there is, and to the very last
	// once the list is complete.
	h.press("G")
	h.release()
	if h.home().partial || len(h.home().items) != n {
		t.Fatalf("after the whole list: partial=%v, %d rows", h.home().partial, len(h.home().items))
	}
	if got := h.selectedService(); got != "svc-001" {
		t.Fatalf("after G and the whole list, selected %q, want the oldest", got)
	}
	h.wantInView("svc-001", fmt.Sprintf("%d reviews", n))
	h.press("/")
	h.typeText("svc-0")
	h.wantInView(fmt.Sprintf("99 of %d reviews", n))
	if st.lists != 1 {
		t.Fatalf("List called %d times, want 1", st.lists)
	}
}

// A key pressed after G, before the whole list is in, cancels the jump to
// the end: the cursor stays where the user put it.
func TestHomeNewestPageMoveAfterLast(t *testing.T) {
	st := manyReviews(t, firstPageRows+10)
	h := newHarnessHolding(t, st, 100, 30, isFullList)
	h.press("G", "k")
	want := h.selectedService()
	h.release()
	if got := h.selectedService(); got != want {
		t.Fatalf("selected %q after the whole list came, want %q (where the user moved)", got, want)
	}
}

// A filter that matches nothing among the newest does not claim that
// nothing matches before the whole list is in.
func TestHomeNewestPageFilterNoMatchYet(t *testing.T) {
	st := manyReviews(t, firstPageRows+10)
	h := newHarnessHolding(t, st, 100, 30, isFullList)
	h.press("/")
	h.typeText("svc-005")
	h.wantInView(fmt.Sprintf("Looking through all %d reviews", firstPageRows+10))
	if strings.Contains(h.view(), "No review matches") {
		t.Fatalf("says no review matches before it has them all:\n%s", h.view())
	}
	h.release()
	if got := h.selectedService(); got != "svc-005" {
		t.Fatalf("selected %q, want svc-005", got)
	}
	h.wantInView(fmt.Sprintf("1 of %d reviews", firstPageRows+10))
}

// A small database is listed once: the first page is all of it.
func TestHomeSmallListReadOnce(t *testing.T) {
	st, _ := seededStore(t)
	h := newHarness(t, st, 100, 30)
	if st.newestLists != 1 || st.lists != 0 {
		t.Fatalf("ListNewest %d, List %d calls; want 1 and 0", st.newestLists, st.lists)
	}
	if h.home().partial {
		t.Fatal("a complete first page is marked partial")
	}
	h.wantInView("payments-api", "3 reviews")
}

// withCatalogLoader leaves the catalog to be loaded by the TUI, counting
// the loads.
func withCatalogLoader(c *review.Catalog, err error, loads *atomic.Int32) harnessOpt {
	return func(cfg *Config) {
		cfg.Catalog = nil
		cfg.LoadCatalog = func() (*review.Catalog, error) {
			loads.Add(1)
			return c, err
		}
	}
}

func isCatalog(msg tea.Msg) bool { _, ok := msg.(catalogMsg); return ok }

// The catalog is read after the first screen has its data, once.
func TestCatalogLoadedAfterTheList(t *testing.T) {
	var loads atomic.Int32
	st := manyReviews(t, firstPageRows+10)
	var order []string
	hold := func(msg tea.Msg) bool {
		switch m := msg.(type) {
		case reviewsMsg:
			order = append(order, map[bool]string{true: "newest", false: "all"}[m.partial])
		case catalogMsg:
			order = append(order, "catalog")
		}
		return false
	}
	h := newHarnessHolding(t, st, 100, 30, hold, withCatalogLoader(testCatalog(t), nil, &loads))
	if got := strings.Join(order, ","); got != "newest,all,catalog" {
		t.Fatalf("messages came as %s, want newest,all,catalog", got)
	}
	if loads.Load() != 1 || !h.m.c.catalogReady || len(h.m.c.catalog.Entries) != 2 {
		t.Fatalf("%d loads, ready=%v, %d entries", loads.Load(), h.m.c.catalogReady, len(h.m.c.catalog.Entries))
	}
	h.press("t")
	h.wantState(stateTemplates)
	h.press("esc", "t")
	if loads.Load() != 1 {
		t.Fatalf("catalog loaded %d times", loads.Load())
	}
}

// The welcome screen, which counts the checklists, waits for them rather
// than showing a count that is not known yet.
func TestWelcomeWaitsForCatalog(t *testing.T) {
	var loads atomic.Int32
	h := newHarnessHolding(t, nil, 100, 30, isCatalog, withCatalogLoader(testCatalog(t), nil, &loads))
	if loads.Load() != 1 {
		t.Fatalf("an empty database: catalog loaded %d times, want 1 at once", loads.Load())
	}
	h.wantInView("prr · production readiness reviews")
	if v := h.view(); strings.Contains(v, "Welcome") || strings.Contains(v, "available") || strings.Contains(v, "Loading") {
		t.Fatalf("before the checklists are read:\n%s", v)
	}
	h.release()
	h.wantInView("Welcome to prr", "browse the checklists (2 available)")
}

// n pressed before the checklists are read opens the form once they are,
// with the first checklist chosen; t likewise opens the browser.
func TestNewReviewWaitsForCatalog(t *testing.T) {
	var loads atomic.Int32
	st, _ := seededStore(t)
	h := newHarnessHolding(t, st, 100, 30, isCatalog, withCatalogLoader(testCatalog(t), nil, &loads))
	h.press("n")
	h.wantState(stateHome)
	h.wantInView(readingCatalog)
	h.press("n") // asked again: still one load
	h.release()
	h.wantState(stateNewReview)
	if want := testCatalog(t).Entries[0].Template.ID; h.newReview().v.Template != want {
		t.Fatalf("checklist chosen: %q, want %q", h.newReview().v.Template, want)
	}
	if strings.Contains(h.view(), readingCatalog) || strings.Contains(h.view(), "No checklist is available") {
		t.Fatalf("form after the catalog came:\n%s", h.view())
	}
	if loads.Load() != 1 {
		t.Fatalf("catalog loaded %d times", loads.Load())
	}

	h2 := newHarnessHolding(t, st, 100, 30, isCatalog, withCatalogLoader(testCatalog(t), nil, &loads))
	h2.press("t")
	h2.release()
	h2.wantState(stateTemplates)
}

// A screen asked for while the checklists load is not opened if the user
// has gone elsewhere meanwhile.
func TestPendingScreenDroppedAfterLeaving(t *testing.T) {
	var loads atomic.Int32
	st, _ := seededStore(t)
	h := newHarnessHolding(t, st, 100, 30, isCatalog, withCatalogLoader(testCatalog(t), nil, &loads))
	h.press("n", "enter") // then opens the selected review
	h.wantState(stateWalk)
	h.release()
	h.wantState(stateWalk)
}

// Checklists that cannot be read are reported in the status bar; the
// screens go on without them.
func TestCatalogLoadError(t *testing.T) {
	var loads atomic.Int32
	st, _ := seededStore(t)
	h := newHarnessHolding(t, st, 100, 30, isCatalog, withCatalogLoader(nil, errors.New("built-in template broken"), &loads))
	h.press("n")
	h.release()
	h.wantState(stateNewReview)
	h.wantInView("No checklist is available", "could not read the checklists: built-in template broken")
}

// prr open: the walk screen has its review first, then the checklists are
// read, once.
func TestCatalogLoadedAfterTheWalk(t *testing.T) {
	var loads atomic.Int32
	st, r := seededStore(t)
	h := newHarnessHolding(t, st, 100, 30, isCatalog, withOpen(r.ID), withCatalogLoader(testCatalog(t), nil, &loads))
	h.wantState(stateWalk)
	h.wantInView("payments-api")
	if len(h.held) != 1 || h.m.c.catalogReady {
		t.Fatalf("%d catalog loads on their way, ready=%v; want 1, false", len(h.held), h.m.c.catalogReady)
	}
	h.release()
	if loads.Load() != 1 || !h.m.c.catalogReady {
		t.Fatalf("%d loads, ready=%v", loads.Load(), h.m.c.catalogReady)
	}
}
