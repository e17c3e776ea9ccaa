package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// sendQueued hands msgs to the model the way Bubble Tea does when they
// were all typed before the first of them was handled: every message a
// command returns joins the queue behind them, in order.
func (h *harness) sendQueued(msgs ...tea.Msg) {
	h.t.Helper()
	queue := append([]tea.Msg(nil), msgs...)
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("messages do not settle")
		}
		msg := queue[0]
		queue = queue[1:]
		_, cmd := h.m.Update(msg)
		queue = append(queue, runAll(cmd)...)
	}
}

// runAll runs a command and every command it batches or sequences, and
// returns the messages they give, timers left out.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil || skipCmd(cmd) {
		return nil
	}
	msg := cmd()
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range m {
			out = append(out, runAll(c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		var out []tea.Msg
		for i := range v.Len() {
			out = append(out, runAll(v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// typed is text as key presses, then the named keys.
func typed(text string, keys ...string) []tea.Msg {
	var out []tea.Msg
	for _, r := range text {
		out = append(out, keyMsg(string(r)))
	}
	for _, k := range keys {
		out = append(out, keyMsg(k))
	}
	return out
}

func TestActionFormTypedWithoutPauses(t *testing.T) {
	for try := range 10 {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		var keys []tea.Msg
		keys = append(keys, keyMsg("t"))
		keys = append(keys, typed("Pair Ola on the rota", "enter")...)
		keys = append(keys, typed("Kari Nordmann", "enter")...)
		keys = append(keys, typed("2027-01-15", "enter")...)
		// Straight on: the next keys belong to the walk screen again.
		keys = append(keys, keyMsg("j"))
		h.sendQueued(keys...)
		a := h.st.answers(r.ID)[item]
		want := review.Action{Text: "Pair Ola on the rota", Owner: "Kari Nordmann", Due: "2027-01-15"}
		if len(a.Actions) != 1 || a.Actions[0] != want {
			t.Fatalf("try %d: stored %+v, want %+v\n%s", try, a.Actions, want, h.view())
		}
		if h.currentItem() == item {
			t.Fatalf("try %d: the j typed after the form did not reach the walk", try)
		}
	}
}

func TestWaiverFormTypedWithoutPauses(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	item := h.currentItem()
	h.press("n") // a failing item may be waived
	h.press("k")
	var keys []tea.Msg
	keys = append(keys, keyMsg("w"))
	keys = append(keys, typed("Internal launch only", "enter")...)
	keys = append(keys, typed("Åse Ødegård", "enter")...)
	keys = append(keys, typed("2027-02-01", "enter")...)
	h.sendQueued(keys...)
	a := h.st.answers(r.ID)[item]
	want := review.Waiver{Reason: "Internal launch only", AcceptedBy: "Åse Ødegård", Expires: "2027-02-01"}
	if a.Waiver == nil || *a.Waiver != want {
		t.Fatalf("stored %+v, want %+v\n%s", a.Waiver, want, h.view())
	}
}

func TestSearchTakesEveryKey(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("/")
	// Every letter here is a key of the walk screen: y saves a pass, a
	// opens n/a, n fails, p is partial.
	h.typeText("backups")
	h.wantInView("/ backups", "Backups are taken")
	if got := h.st.answers(r.ID); len(got) != 0 {
		t.Fatalf("typing a search answered items: %+v", got)
	}
	h.press("enter")
	h.wantItem("backups")
	h.press("/")
	h.typeText("nothing-is-called-this")
	h.wantInView("No item matches.")
	h.press("esc")
	h.wantItem("backups")
	if got := h.st.answers(r.ID); len(got) != 0 {
		t.Fatalf("typing a search answered items: %+v", got)
	}
}

func TestJumps(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	h.press("3")
	h.wantItem("backups")
	h.press("1", "y") // owner-named passes, and the walk moves on to oncall
	h.press("1")
	h.press("tab")
	h.wantItem("oncall")
	h.press("y", "1", "!")
	h.wantItem("slo-defined") // the next required item not answered
}

func TestParkAndUnpark(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("P")
	h.typeText("ask the DBA")
	h.press("enter")
	p, ok := h.st.review(r.ID).Meeting.Parked["owner-named"]
	if !ok || p.Note != "ask the DBA" {
		t.Fatalf("parked %+v %v", p, ok)
	}
	h.wantInView("‖ parked: ask the DBA", "1 PARKED")
	h.press("s", "G")
	h.wantInView("Parking lot (1)", "ask the DBA")
	h.press("esc", "U")
	if _, ok := h.st.review(r.ID).Meeting.Parked["owner-named"]; ok {
		t.Fatal("U did not unpark the item")
	}
}

func TestSummaryEnterOpensTheChosenItem(t *testing.T) {
	st, r := seededStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("s")
	h.press("j") // the first blocking item
	h.wantInView("› · Observability › SLIs and SLOs")
	h.press("j", "enter") // the second: backups
	h.wantState(stateWalk)
	h.wantItem("backups")
	h.press("s", "j", "j", "j", "j") // past the blocking items: the action item
	h.press("enter")
	h.wantItem("oncall")
}

func TestRollCall(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("r")
	h.wantInView("Roll call · payments-api", "Kari Nordmann (owner)", "not marked")
	h.press("y", "n") // Kari present, Ola absent
	h.press("k", "f") // Kari runs the meeting
	h.press("a")
	h.typeText("Åse Ødegård:dpo")
	h.press("enter")
	h.press("s") // and takes the notes
	h.wantInView("2 present · 1 absent", "Åse Ødegård (dpo)")
	m := h.st.review(r.ID).Meeting
	if m.Facilitator != "Kari Nordmann" || m.Scribe != "Åse Ødegård" {
		t.Fatalf("facilitator %q, scribe %q", m.Facilitator, m.Scribe)
	}
	got := map[string]bool{}
	for _, p := range h.st.review(r.ID).People() {
		if p.Marked {
			got[p.Name] = p.Present
		}
	}
	want := map[string]bool{"Kari Nordmann": true, "Ola Nordmann": false, "Åse Ødegård": true}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("roll call %v, want %v", got, want)
	}
	// The owner of an action item is picked from those present.
	h.press("esc", "t")
	h.wantInView("Present: Kari Nordmann, Åse Ødegård")
}

func TestCtrlCInTheNoteEditorSavesTheNote(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	item := h.currentItem()
	h.press("e")
	h.typeText("Half a thought")
	h.press("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c did not quit")
	}
	if got := h.st.answers(r.ID)[item].Note; got != "Half a thought" {
		t.Fatalf("note after ctrl+c = %q", got)
	}
}

func TestDraftsSurviveTheProcess(t *testing.T) {
	dir := t.TempDir()
	st := newFakeStore()
	r := seedReview(t, st, "payments-api", nil)
	h := newHarness(t, st, 80, 24, withOpen(r.ID), withStateDir(dir))
	h.press("e")
	h.typeText("typed before the crash")
	h.send(draftFlushMsg{id: r.ID}) // the debounce's timer firing
	data, err := os.ReadFile(filepath.Join(dir, "drafts", r.ID+".json"))
	if err != nil || !strings.Contains(string(data), "typed before the crash") {
		t.Fatalf("drafts file: %v %q", err, data)
	}

	// A new process on the same state folder offers it back.
	h2 := newHarness(t, st, 80, 24, withOpen(r.ID), withStateDir(dir))
	h2.wantInView("Unsaved note draft", "typed before the crash")
	h2.press("e")
	h2.wantInView("Your unsaved note from", "typed before the crash")
	h2.press("esc") // saves it
	h2.send(draftFlushMsg{id: r.ID})
	if got := st.answers(r.ID)["owner-named"].Note; got != "typed before the crash" {
		t.Fatalf("note = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "drafts", r.ID+".json")); !os.IsNotExist(err) {
		t.Fatalf("the draft outlived its save: %v", err)
	}
}

func TestMeetingClockCountsTheSection(t *testing.T) {
	st := newFakeStore()
	r := seedReview(t, st, "payments-api", nil)
	h := newHarness(t, st, 80, 24, withOpen(r.ID), withNow(st.clock.Now))
	for range 90 {
		st.clock.Advance(time.Second)
		h.send(clockMsg{gen: h.m.pollGen.Load()})
	}
	h.wantInView("meeting 1m · section 1m")
	// The next tick comes when the minutes on show change, not a second on.
	if d := h.walk().clockDelay(); d != 30*time.Second {
		t.Fatalf("the next tick in %v, want 30s", d)
	}
	// With a two-minute timebox, the tick at 2:00 is the second after,
	// when the section turns over (past it by a whole second); then the
	// next minute.
	h.walk().rev.Template.Sections[0].Timebox = 2
	for range 30 {
		st.clock.Advance(time.Second)
		h.send(clockMsg{gen: h.m.pollGen.Load()})
	}
	if d := h.walk().clockDelay(); d != time.Second {
		t.Fatalf("the next tick at 2:00 of a 2m timebox in %v, want 1s", d)
	}
	st.clock.Advance(time.Second)
	h.send(clockMsg{gen: h.m.pollGen.Load()})
	h.wantInView("section 2m/2m over")
	if d := h.walk().clockDelay(); d != 59*time.Second {
		t.Fatalf("the next tick once over in %v, want 59s", d)
	}
	h.press("esc") // leaving the walk saves the time
	got := st.review(r.ID).Meeting
	if s := got.SectionSeconds["ownership"]; s != 121 {
		t.Fatalf("ownership counted %ds, want 121", s)
	}
	if len(got.Sittings) != 1 || got.Sittings[0].Duration() != 121*time.Second {
		t.Fatalf("sittings %+v", got.Sittings)
	}
	if got.Position != "owner-named" {
		t.Fatalf("position %q", got.Position)
	}
}

func withStateDir(dir string) harnessOpt { return func(c *Config) { c.StateDir = dir } }

func withNow(now func() time.Time) harnessOpt { return func(c *Config) { c.Now = now } }

func TestAChangeFromAnotherProcessKeepsTheNoteBeingTyped(t *testing.T) {
	h, r := openFresh(t, 80, 24)
	h.press("e")
	h.typeText("still typing")
	h.st.set(r.ID, "oncall", review.Answer{Status: review.Fail, Note: "changed elsewhere"})
	h.poll()
	h.wantInView("still typing")
	h.press("esc")
	a := h.st.answers(r.ID)
	if a["owner-named"].Note != "still typing" || a["oncall"].Note != "changed elsewhere" {
		t.Fatalf("answers after the editor closed: %+v", a)
	}
}
