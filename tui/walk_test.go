package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// The test checklist's items, in order.
var order = []string{"owner-named", "oncall", "slo-defined", "alerts", "dashboards", "backups", "dpia", "ros"}

func openFresh(t *testing.T, w, h int) (*harness, *review.Review) {
	t.Helper()
	st := newFakeStore()
	r := seedReview(t, st, "payments-api", nil)
	hs := newHarness(t, st, w, h, withOpen(r.ID))
	hs.wantState(stateWalk)
	return hs, r
}

func (h *harness) wantItem(id string) {
	h.t.Helper()
	if got := h.currentItem(); got != id {
		h.t.Fatalf("current item = %s, want %s", got, id)
	}
}

func (h *harness) stored(reviewID, itemID string) review.Answer {
	h.t.Helper()
	a, ok := h.st.answers(reviewID)[itemID]
	if !ok {
		return review.Answer{Status: review.Unanswered}
	}
	return a
}

func TestWalkMovesWithEveryKey(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	h.wantItem("owner-named")
	steps := []struct {
		key  string
		want string
	}{
		{"j", "oncall"}, {"down", "slo-defined"}, {"k", "oncall"}, {"up", "owner-named"},
		{"k", "owner-named"}, // stays at the first item
		{"]", "slo-defined"}, {"]", "backups"}, {"]", "backups"}, {"[", "slo-defined"}, {"[", "owner-named"},
		{"G", "ros"}, {"j", "ros"}, {"g", "owner-named"}, {"end", "ros"}, {"home", "owner-named"},
	}
	for _, s := range steps {
		h.press(s.key)
		h.wantItem(s.want)
	}
	h.press("k")
	h.wantInView("A named team owns the service", "this is the first item")
}

func TestWalkStatusKeysSaveAndMoveOn(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("y")
	h.wantItem("oncall")
	if got := h.stored(r.ID, "owner-named").Status; got != review.Pass {
		t.Fatalf("stored status = %s, want pass", got)
	}
	h.wantInView("saved pass: A named team owns the service")
	h.press("p", "n")
	h.wantItem("alerts")
	if h.stored(r.ID, "oncall").Status != review.Partial || h.stored(r.ID, "slo-defined").Status != review.Fail {
		t.Fatalf("answers = %+v", h.st.answers(r.ID))
	}
	h.press("k", "0") // back to unanswered, and on
	if got := h.stored(r.ID, "slo-defined").Status; got != review.Unanswered {
		t.Fatalf("after 0: %s", got)
	}
	h.wantItem("alerts")
	// The header follows the store.
	h.wantInView("2/8 answered")
}

func TestWalkNAAsksForAReason(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("e")
	h.typeText("Discussed with legal")
	h.press("esc")
	h.press("a")
	if h.walk().mode != modeForm {
		t.Fatal("a did not ask for a reason")
	}
	h.wantInView("Why does this item not apply?", "Discussed with legal") // prefilled with the note
	h.press("enter")
	a := h.stored(r.ID, "owner-named")
	if a.Status != review.NA || a.Note != "Discussed with legal" {
		t.Fatalf("stored %+v", a)
	}
	h.wantItem("oncall") // and moved on

	// An empty reason is refused inline; nothing is stored.
	h.press("a")
	h.press("enter")
	if h.walk().mode != modeForm {
		t.Fatal("an empty reason was accepted")
	}
	h.wantInView("n/a needs a short reason")
	h.press("esc")
	if got := h.stored(r.ID, "oncall").Status; got != review.Unanswered {
		t.Fatalf("cancelled n/a stored %s", got)
	}
	h.wantItem("oncall")
}

func TestWalkNoteEditorSavesOnEsc(t *testing.T) {
	h, r := openFresh(t, 120, 40)
	h.press("e")
	h.wantInView("Note · A named team owns the service", "esc saves and closes")
	h.typeText("Team Betaling.\nOn call via #betaling.")
	h.press("esc")
	if h.walk().mode != modeBrowse {
		t.Fatal("esc did not close the editor")
	}
	if got := h.stored(r.ID, "owner-named").Note; got != "Team Betaling.\nOn call via #betaling." {
		t.Fatalf("stored note %q", got)
	}
	h.wantInView("saved note: A named team", "On call via #betaling.")

	// Editing again starts from the saved text; unchanged text writes nothing.
	writes := h.st.writes
	h.press("e", "esc")
	if h.st.writes != writes {
		t.Fatal("an unchanged note was written")
	}
	h.wantInView("note unchanged")
}

func TestWalkNoteRefusedForNAStaysInEditor(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("a")
	h.typeText("No personal data")
	h.press("enter", "k")
	h.press("e")
	for range len("No personal data") {
		h.press("backspace")
	}
	h.press("esc")
	if h.walk().mode != modeNote {
		t.Fatal("an empty note on an n/a item should stay in the editor")
	}
	h.wantInView("note not saved", "n/a needs a short reason")
	if got := h.stored(r.ID, "owner-named").Note; got != "No personal data" {
		t.Fatalf("stored note changed to %q", got)
	}
}

func TestWalkEvidenceActionWaiver(t *testing.T) {
	h, r := openFresh(t, 120, 40)
	h.press("l")
	h.typeText("https://grafana.example.com/d/payments")
	h.press("enter")
	if got := h.stored(r.ID, "owner-named").Evidence; len(got) != 1 || got[0] != "https://grafana.example.com/d/payments" {
		t.Fatalf("evidence %v", got)
	}

	h.press("t")
	h.typeText("Write the runbook")
	h.press("enter")
	h.typeText("Ola")
	h.press("enter")
	h.typeText("2026-13-01") // not a date: refused inline
	h.press("enter")
	h.wantInView("use YYYY-MM-DD")
	for range len("2026-13-01") {
		h.press("backspace")
	}
	h.typeText("+14d")
	h.press("enter")
	acts := h.stored(r.ID, "owner-named").Actions
	if len(acts) != 1 || acts[0] != (review.Action{Text: "Write the runbook", Owner: "Ola", Due: "2026-03-16"}) {
		t.Fatalf("actions %+v", acts)
	}
	h.wantInView("☐ Write the runbook — owner Ola, due 2026-03-16")

	// w is refused until the item falls short.
	h.press("w")
	if h.walk().mode != modeBrowse {
		t.Fatal("w opened a waiver for an unanswered item")
	}
	h.wantInView("only a failing or partial item can be waived")
	h.press("n", "k", "w")
	h.typeText("Internal launch only")
	h.press("enter")
	h.typeText("Kari Nordmann")
	h.press("enter")
	h.typeText("+30d")
	h.press("enter")
	a := h.stored(r.ID, "owner-named")
	if a.Status != review.Fail || a.Waiver == nil || *a.Waiver != (review.Waiver{Reason: "Internal launch only", AcceptedBy: "Kari Nordmann", Expires: "2026-04-01"}) {
		t.Fatalf("stored %+v / %+v", a, a.Waiver)
	}
	h.wantInView("⚑ waived", "Internal launch only — accepted by Kari Nordmann, expires 2026-04-01")

	// Passing the item drops the waiver it no longer needs.
	h.press("y")
	if a := h.stored(r.ID, "owner-named"); a.Status != review.Pass || a.Waiver != nil {
		t.Fatalf("after pass: %+v", a)
	}
}

func TestWalkUndo(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("u")
	h.wantInView("nothing to undo")
	h.press("y", "n") // owner-named pass, oncall fail
	h.press("g", "e") // a note on owner-named
	h.typeText("Betaling")
	h.press("esc")
	h.press("G")

	h.press("u") // the note goes, and the cursor shows where
	if a := h.stored(r.ID, "owner-named"); a.Note != "" || a.Status != review.Pass {
		t.Fatalf("after first undo: %+v", a)
	}
	h.wantItem("owner-named")
	h.wantInView("undone: note: A named team owns the service")
	h.press("u")
	if got := h.stored(r.ID, "oncall").Status; got != review.Unanswered {
		t.Fatalf("after second undo oncall = %s", got)
	}
	h.wantItem("oncall")
	h.press("u")
	if got := h.stored(r.ID, "owner-named").Status; got != review.Unanswered {
		t.Fatalf("after third undo owner-named = %s", got)
	}
	h.press("u")
	h.wantInView("nothing to undo")
	if n := len(h.st.answers(r.ID)); n != 0 {
		// Undone answers are stored as unanswered (or removed).
		for id, a := range h.st.answers(r.ID) {
			if !a.IsZero() && a.Status != review.Unanswered {
				t.Fatalf("answer %s left: %+v", id, a)
			}
		}
	}
}

// Keys come faster than the store answers: "pass, then undo" must reach the
// store in that order, with the undo applying to the pass.
func TestWalkWritesAreOrdered(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	m := h.m
	var cmds []tea.Cmd
	for _, k := range []string{"y", "u"} {
		_, cmd := m.Update(keyMsg(k))
		cmds = append(cmds, cmd)
	}
	if !m.writer.busy || len(m.writer.queue) != 1 {
		t.Fatalf("writer busy=%v queue=%d; want one in flight and the undo queued", m.writer.busy, len(m.writer.queue))
	}
	for _, c := range cmds {
		h.run(c)
	}
	if got := h.stored(r.ID, "owner-named").Status; got != review.Unanswered {
		t.Fatalf("pass then undo left %s", got)
	}
	if h.st.writes != 2 {
		t.Fatalf("store writes = %d, want 2", h.st.writes)
	}
}

func TestWalkFilterCycles(t *testing.T) {
	st := newFakeStore()
	r := seedReview(t, st, "payments-api", map[string]review.Answer{
		"owner-named": {Status: review.Pass}, "alerts": {Status: review.Fail}, "backups": {Status: review.Partial},
	})
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("f")
	if h.walk().filter != filterUnanswered {
		t.Fatalf("filter = %s", h.walk().filter)
	}
	h.wantItem("oncall") // owner-named is answered: the cursor moves to a match
	h.press("j", "j")
	h.wantItem("dashboards") // alerts is answered: skipped
	h.press("y")             // answering moves to the next unanswered item
	h.wantItem("dpia")
	h.press("f")
	if h.walk().filter != filterFailing {
		t.Fatalf("filter = %s", h.walk().filter)
	}
	h.press("g")
	h.wantItem("alerts")
	h.press("j")
	h.wantItem("backups")
	h.press("j")
	h.wantItem("backups")
	h.wantInView("that was the last failing item", "filter: failing")
	h.press("f")
	if h.walk().filter != filterRequired {
		t.Fatalf("filter = %s", h.walk().filter)
	}
	h.press("g", "j", "j", "j", "j")
	h.wantItem("ros")
	for _, id := range []string{"owner-named", "oncall", "slo-defined", "backups", "ros"} {
		it, _, _ := r.Template.Find(id)
		if !it.Required {
			t.Fatalf("%s visited under the required filter", id)
		}
	}
	h.press("f")
	if h.walk().filter != filterParked {
		t.Fatalf("filter = %s", h.walk().filter)
	}
	h.wantInView("filter: parked — no items match")
	h.press("f")
	if h.walk().filter != filterAll {
		t.Fatalf("filter = %s", h.walk().filter)
	}
	h.press("k")
	h.wantItem("dpia")
}

func TestWalkStoreErrorsShowInStatusBar(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.st.failWrites = errLocked
	h.press("y")
	v := h.view()
	if strings.Contains(v, "saved pass") {
		t.Fatal(`the screen says "saved" for a write that failed`)
	}
	h.wantInView("✗ not saved: pass: A named team owns the service: database is locked")
	h.wantInView("payments-api", "Payments readiness v3") // the screen is intact
	if got := h.stored(r.ID, "owner-named").Status; got != review.Unanswered {
		t.Fatalf("stored %s", got)
	}
	// A note that cannot be saved is kept as a draft, and offered again.
	h.press("k", "e")
	h.typeText("Important words")
	h.press("esc")
	h.wantInView("note not saved (kept as a draft", "Unsaved note draft", "Important words")
	h.st.failWrites = nil
	h.press("e")
	h.wantInView("Important words")
	h.press("esc") // unchanged from the draft, but the draft was never saved
	if got := h.stored(r.ID, "owner-named").Note; got != "Important words" {
		t.Fatalf("draft not saved on retry: %q", got)
	}
	h.wantInView("saved note")
}

func TestWalkReloadsChangesFromAnotherProcess(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.st.set(r.ID, "owner-named", review.Answer{Status: review.Fail, Note: "changed elsewhere"})
	h.poll()
	h.wantInView("✗ FAIL", "changed elsewhere", "updated: the review was changed by another prr")
	// A poll left over from a screen no longer shown does nothing.
	h.press("esc")
	h.send(rootPollMsg{gen: h.m.pollGen.Load() - 1, checked: revisionMsg{id: r.ID, rev: 99}})
	h.wantState(stateHome)
}

func TestWalkBackAndSummary(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	h.press("j", "s")
	h.wantState(stateSummary)
	h.press("q")
	h.wantState(stateWalk)
	h.wantItem("oncall") // back where we were
	h.press("esc")
	h.wantState(stateHome)
	h.press("enter")
	h.wantState(stateWalk)
	h.press("q")
	h.wantState(stateHome)
}

func TestQuitWaitsForPendingWrites(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	_, save := h.m.Update(keyMsg("y"))
	_, quit := h.m.Update(keyMsg("ctrl+c"))
	h.run(quit) // at most the fading of "saving the last answers…"
	if h.quit {
		t.Fatal("quit before the answer was saved")
	}
	h.run(save)
	if !h.quit {
		t.Fatal("did not quit once the answer was saved")
	}
	if got := h.stored(r.ID, "owner-named").Status; got != review.Pass {
		t.Fatalf("stored %s", got)
	}
}

func TestCtrlCQuitsFromAnywhere(t *testing.T) {
	for _, keys := range [][]string{{}, {"n"}, {"t"}, {"enter"}, {"enter", "e"}, {"enter", "t"}, {"enter", "s"}, {"/"}, {"d"}, {"enter", "?"},
		{"enter", "S"}, {"enter", "S", "enter"}, {"enter", "x"}, {"enter", "x", "tab"},
		{"enter", "d"}, {"enter", "d", "enter"}} {
		st, _ := seededStore(t)
		h := newHarness(t, st, 80, 24)
		h.press(keys...)
		h.press("ctrl+c")
		if !h.quit {
			t.Fatalf("ctrl+c after %v did not quit", keys)
		}
	}
}

func TestOpenUnknownReview(t *testing.T) {
	st := newFakeStore()
	err := Run(t.Context(), Config{Store: st, OpenID: "nope", Catalog: testCatalog(t)})
	if err == nil || !strings.Contains(err.Error(), `open review nope: no review "nope"`) {
		t.Fatalf("err = %v", err)
	}
	// The model on its own shows the error and offers the way back.
	h := newHarness(t, st, 80, 24, withOpen("nope"))
	h.wantInView("This review could not be opened", `could not open review nope: no review "nope"`)
	h.press("esc")
	h.wantState(stateHome)
}

func TestWalkEmptyChecklist(t *testing.T) {
	st := newFakeStore()
	r, err := st.Create(review.Template{ID: "empty", Version: 1, Title: "Empty"}, review.Meta{Service: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("j", "y", "e", "t", "u", "s", "f", "]", "G")
	h.wantInView("has no items")
	h.send(sizeMsg(120, 40))
	h.press("esc")
	h.wantState(stateHome)
}

// TestWalkPollIsOneMessage: a poll of the walk screen reads the revision
// as its timer fires and comes back as one message, which takes in a
// change made by another process.
func TestWalkPollIsOneMessage(t *testing.T) {
	st, r := seededStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.wantState(stateWalk)
	item := h.currentItem()
	if _, err := st.UpdateAnswer(r.ID, item, func(a *review.Answer) error {
		a.Status, a.Note = review.Pass, "changed by another prr"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h.m.c.pollEvery = time.Millisecond
	msg, ok := h.m.pollCmd()().(rootPollMsg)
	if !ok || msg.checked == nil {
		t.Fatalf("the poll came back as %T %+v, want the revision read with it", msg, msg)
	}
	if _, ok := msg.checked.(revisionMsg); !ok {
		t.Fatalf("the poll checked %T", msg.checked)
	}
	h.m.c.pollEvery = 0 // the harness runs no timers
	h.send(msg)
	h.wantInView("changed by another prr")
}
