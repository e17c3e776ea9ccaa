package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

// manageStore has a review where every item passes and the first one
// carries two action items (one open, one done) and two evidence links:
// ready with conditions, only because of the open action item.
func manageStore(t testing.TB) (*fakeStore, *review.Review) {
	t.Helper()
	st := newFakeStore()
	answers := map[string]review.Answer{}
	for _, id := range order {
		answers[id] = review.Answer{Status: review.Pass}
	}
	answers["owner-named"] = review.Answer{Status: review.Pass,
		Evidence: []string{"https://e1.example.com", "https://e2.example.com"},
		Actions: []review.Action{
			{Text: "Write the runbook", Owner: "Ola", Due: "2026-03-16"},
			{Text: "Name a deputy", Done: true},
		}}
	r := seedReview(t, st, "payments-api", answers)
	return st, r
}

func openManaged(t *testing.T, w, h int) (*harness, *review.Review) {
	t.Helper()
	st, r := manageStore(t)
	hs := newHarness(t, st, w, h, withOpen(r.ID))
	hs.wantState(stateWalk)
	hs.wantItem("owner-named")
	return hs, r
}

func (h *harness) wantMode(m walkMode) {
	h.t.Helper()
	if got := h.walk().mode; got != m {
		h.t.Fatalf("walk mode = %d, want %d:\n%s", got, m, h.view())
	}
}

func TestWalkManageMarkDoneAndUndo(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.wantInView("[READY WITH CONDITIONS]")
	if n := len(h.walk().assess.OpenActions); n != 1 {
		t.Fatalf("%d open action items before, want 1", n)
	}

	h.press("d")
	h.wantMode(modeForm)
	h.wantInView("Done / remove · A named team owns the service", "Which one?",
		"[ ] Write the runbook · Ola · due 2026-03-16", "[x] Name a deputy",
		"evidence · https://e1.example.com", "evidence · https://e2.example.com")
	if strings.Contains(h.view(), "waiver ·") {
		t.Fatal("offers a waiver the item does not have")
	}
	h.press("enter") // the open action item is the one under the cursor
	h.wantInView("This action item:", "Write the runbook · Ola · due 2026-03-16", "mark done", "remove")
	if strings.Contains(h.view(), "mark not done") {
		t.Fatal("offers to mark an open action item not done")
	}
	writes := h.st.writes
	h.press("enter")
	h.wantMode(modeBrowse)
	if h.st.writes != writes+1 {
		t.Fatalf("%d writes, want 1", h.st.writes-writes)
	}
	a := h.stored(r.ID, "owner-named")
	if len(a.Actions) != 2 || !a.Actions[0].Done || a.Actions[0].Text != "Write the runbook" || !a.Actions[1].Done {
		t.Fatalf("stored actions %+v", a.Actions)
	}
	if len(a.Evidence) != 2 || a.Status != review.Pass {
		t.Fatalf("stored %+v", a)
	}
	h.wantInView("saved action item done: A named team owns the service", "☑ Write the runbook", "[READY]")
	if n := len(h.walk().assess.OpenActions); n != 0 {
		t.Fatalf("%d open action items after, want 0", n)
	}
	h.press("s")
	h.wantState(stateSummary)
	h.wantInView("[READY]", "Score 100%")
	if v := h.view(); strings.Contains(v, "action item is open") {
		t.Fatalf("the summary still counts an open action item:\n%s", v)
	}
	h.press("esc")
	h.wantState(stateWalk)

	h.press("u")
	if a := h.stored(r.ID, "owner-named"); a.Actions[0].Done {
		t.Fatalf("after undo: %+v", a.Actions)
	}
	h.wantInView("undone: action item done: A named team owns the service", "☐ Write the runbook", "[READY WITH CONDITIONS]")
}

func TestWalkManageMarkNotDone(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.press("d", "down", "enter")
	h.wantInView("This action item:", "Name a deputy (done)", "mark not done", "remove")
	h.press("enter")
	a := h.stored(r.ID, "owner-named")
	if len(a.Actions) != 2 || a.Actions[1].Done || a.Actions[0].Done {
		t.Fatalf("stored actions %+v", a.Actions)
	}
	h.wantInView("saved action item not done", "☐ Name a deputy")
	if n := len(h.walk().assess.OpenActions); n != 2 {
		t.Fatalf("%d open action items, want 2", n)
	}
}

func TestWalkManageRemoveEvidence(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.press("d", "down", "down", "down", "enter") // the second link
	h.wantInView("This evidence link:", "https://e2.example.com", "remove")
	h.press("enter")
	a := h.stored(r.ID, "owner-named")
	if !slices.Equal(a.Evidence, []string{"https://e1.example.com"}) || len(a.Actions) != 2 {
		t.Fatalf("stored %+v", a)
	}
	h.wantInView("saved evidence removed: A named team owns the service")
	if strings.Contains(h.view(), "e2.example.com") {
		t.Fatal("the removed link is still shown")
	}
	h.press("u")
	if a := h.stored(r.ID, "owner-named"); !slices.Equal(a.Evidence, []string{"https://e1.example.com", "https://e2.example.com"}) {
		t.Fatalf("after undo: %v", a.Evidence)
	}
}

func TestWalkManageRemoveAction(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.press("d", "enter", "down", "enter") // the open one: remove
	a := h.stored(r.ID, "owner-named")
	if len(a.Actions) != 1 || a.Actions[0] != (review.Action{Text: "Name a deputy", Done: true}) {
		t.Fatalf("stored actions %+v", a.Actions)
	}
	h.wantInView("saved action item removed: A named team owns the service", "[READY]")
	if strings.Contains(h.view(), "Write the runbook") {
		t.Fatal("the removed action item is still shown")
	}
}

func TestWalkManageRemoveWaiver(t *testing.T) {
	st, r := manageStore(t)
	st.set(r.ID, "oncall", review.Answer{Status: review.Fail,
		Waiver: &review.Waiver{Reason: "Internal launch only", AcceptedBy: "Kari Nordmann", Expires: "2026-04-01"}})
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("j")
	h.wantInView("⚑ waived")
	h.press("d")
	h.wantInView("Choose what to remove.", "waiver · Internal launch only · Kari Nordmann · expires 2026-04-01")
	h.press("enter")
	h.wantInView("This waiver:", "Internal launch only · Kari Nordmann · expires 2026-04-01", "remove waiver")
	h.press("enter")
	a := h.stored(r.ID, "oncall")
	if a.Waiver != nil || a.Status != review.Fail {
		t.Fatalf("stored %+v", a)
	}
	h.wantItem("oncall")
	h.wantInView("saved waiver removed: An on-call rota", "[BLOCKED — 1 REQUIRED FAILING") // a required item fails, unwaived
	if strings.Contains(h.view(), "⚑ waived") {
		t.Fatal("still shown as waived")
	}
}

func TestWalkManageEscCancels(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	writes := h.st.writes
	h.press("d", "esc")
	h.wantMode(modeBrowse)
	h.wantInView("cancelled")
	h.press("d", "enter", "esc") // at the second question too
	h.wantMode(modeBrowse)
	h.wantInView("cancelled")
	if h.st.writes != writes {
		t.Fatal("a cancelled form wrote to the store")
	}
	if a := h.stored(r.ID, "owner-named"); len(a.Actions) != 2 || a.Actions[0].Done || len(a.Evidence) != 2 {
		t.Fatalf("stored %+v", a)
	}
	h.wantItem("owner-named")
}

func TestWalkManageNothingToManage(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	writes := h.st.writes
	h.press("d")
	h.wantMode(modeBrowse)
	h.wantInView("no action items, evidence or waiver on this item")
	if h.st.writes != writes {
		t.Fatal("wrote to the store")
	}

	// The message goes once the form opens on an item that has something.
	h2, _ := openManaged(t, 80, 24)
	h2.press("G", "d")
	h2.wantInView("no action items, evidence or waiver on this item")
	h2.press("g", "d")
	h2.wantMode(modeForm)
	if strings.Contains(h2.view(), "no action items") {
		t.Fatalf("the status bar still says there is nothing:\n%s", h2.view())
	}
}

// What the form showed may be gone by the time it is submitted: the
// change refuses rather than touch something else.
func TestWalkManageChangedMeanwhile(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.press("d", "enter")
	h.st.set(r.ID, "owner-named", review.Answer{Status: review.Pass,
		Actions: []review.Action{{Text: "Something else entirely"}}})
	h.press("enter")
	h.wantInView("✗ not saved: action item done: A named team")
	if got := h.m.c.status.text; got != "not saved: action item done: A named team owns the service: it changed meanwhile (another prr?); nothing was changed" {
		t.Fatalf("status %q", got)
	}
	if strings.Contains(h.view(), "saved action item done") {
		t.Fatal(`says "saved" for a refused change`)
	}
	if a := h.stored(r.ID, "owner-named"); len(a.Actions) != 1 || a.Actions[0].Done {
		t.Fatalf("stored %+v", a.Actions)
	}
}

func TestWalkManageStoreError(t *testing.T) {
	h, r := openManaged(t, 80, 24)
	h.st.failWrites = errLocked
	h.press("d", "enter", "enter")
	h.wantInView("✗ not saved: action item done: A named team")
	if got := h.m.c.status.text; !strings.HasSuffix(got, "database is locked by another prr process (timeout after 1s)") {
		t.Fatalf("status %q", got)
	}
	h.st.failWrites = nil
	if a := h.stored(r.ID, "owner-named"); a.Actions[0].Done {
		t.Fatal("stored after an error")
	}
}

func TestWalkManageAsksOnSignedReview(t *testing.T) {
	st, r := manageStore(t)
	if _, err := st.SignOff(r.ID, "Kari Nordmann", "owner", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	writes := st.writes
	h.press("d")
	if h.walk().confirmEdit == nil || h.walk().mode != modeBrowse {
		t.Fatal("d did not ask first")
	}
	h.wantInView("This review has 1 current sign-off; changing it makes them stale. Continue?")
	h.press("n")
	h.wantMode(modeBrowse)
	h.press("d", "y")
	h.wantMode(modeForm)
	h.press("enter", "enter")
	if st.writes != writes+1 || !h.stored(r.ID, "owner-named").Actions[0].Done {
		t.Fatal("not stored after y")
	}
	h.wantInView("1 stale sign-off")
}

func TestWalkManageHelp(t *testing.T) {
	h, _ := openManaged(t, 200, 40)
	h.wantInView("d done/remove…")
	h.press("?")
	h.wantInView("d done/remove…", "d marks action items done or not")
	h.press("esc", "d")
	for _, w := range []int{80, 120} {
		h.send(sizeMsg(w, 24))
		h.checkWidths(w)
	}
	h.wantInView("esc cancel")
}

// Long text in the list is cut to one line per option; the second
// question shows more of it.
func TestWalkManageLongText(t *testing.T) {
	st := newFakeStore()
	long := strings.Repeat("very long action item text ", 12)
	r := seedReview(t, st, "svc", map[string]review.Answer{
		"owner-named": {Status: review.Pass, Actions: []review.Action{{Text: long, Owner: "Ola"}}},
	})
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("d")
	h.checkWidths(80)
	h.wantInView("[ ] very long action item text very long", "…")
	h.press("enter")
	h.checkWidths(80)
	h.wantInView("This action item:", "mark done")
}
