package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/prr-dev/prr/review"
)

// TestFlowWithTeatest runs the real Bubble Tea program (commands on their
// own goroutines, the renderer, the quit path) through a review: open it
// from the list, answer with y/n/p, write a note, add an action item, quit.
func TestFlowWithTeatest(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	st := newFakeStore()
	r := seedReview(t, st, "payments-api", nil)
	m := probed{New(Config{Store: st, Catalog: testCatalog(t), Now: fixedNow, Version: "test"})}
	tm := teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(
			tea.WithColorProfile(colorprofile.Ascii),
			tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		),
	)
	// Wait on the model itself, not on the output: the renderer writes only
	// the cells that change, so text on screen rarely arrives whole. The
	// probe runs on the program's own goroutine.
	waitUntil := func(what string, cond func(m *Model) bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			type answer struct {
				ok    bool
				frame string
			}
			reply := make(chan answer, 1)
			tm.Send(probeMsg(func(m *Model) { reply <- answer{cond(m), ansi.Strip(m.View().Content)} }))
			var a answer
			select {
			case a = <-reply:
			case <-time.After(5 * time.Second):
				t.Fatal("the program does not answer")
			}
			if a.ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s never happened; last frame:\n%s", what, a.frame)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor := func(s string) {
		t.Helper()
		waitUntil(fmt.Sprintf("%q on screen", s), func(m *Model) bool { return strings.Contains(ansi.Strip(m.View().Content), s) })
	}
	focused := func(field string) {
		t.Helper()
		waitUntil("focus on "+field, func(m *Model) bool {
			w := screenOf[*walkModel](m, stateWalk)
			return w != nil && w.form != nil && w.form.GetFocusedField().GetKey() == field
		})
	}
	press := func(keys ...string) {
		for _, k := range keys {
			tm.Send(keyMsg(k))
		}
	}

	waitFor("payments-api")
	press("enter")
	waitFor("A named team owns the service")
	press("y", "n", "p") // owner-named pass, oncall fail, slo-defined partial
	waitFor("Alerts page a human")
	press("e")
	waitFor("esc saves and closes")
	tm.Type("Pages go to the on-call phone.")
	press("esc", "t")
	waitFor("What needs to be done?")
	tm.Type("Add a latency alert")
	press("enter")
	focused("owner")
	tm.Type("Ola")
	press("enter")
	focused("due")
	tm.Type("+7d")
	press("enter")
	waitFor("☐ Add a latency alert — owner Ola, due 2026-03-09")
	press("ctrl+c")

	pm, ok := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(probed)
	if !ok {
		t.Fatal("final model is not the probed *Model")
	}
	fm := pm.Model
	if fm.state != stateWalk {
		t.Fatalf("final screen %s", fm.state)
	}
	if !fm.writer.idle() {
		t.Fatalf("quit with answers still unsaved: busy=%v queue=%d status=%q", fm.writer.busy, len(fm.writer.queue), fm.c.status.text)
	}
	got := st.answers(r.ID)
	want := map[string]review.Status{"owner-named": review.Pass, "oncall": review.Fail, "slo-defined": review.Partial}
	for id, s := range want {
		if got[id].Status != s {
			t.Errorf("%s = %s, want %s", id, got[id].Status, s)
		}
	}
	a := got["alerts"]
	if a.Note != "Pages go to the on-call phone." {
		t.Errorf("note %q", a.Note)
	}
	if len(a.Actions) != 1 || a.Actions[0] != (review.Action{Text: "Add a latency alert", Owner: "Ola", Due: "2026-03-09"}) {
		t.Errorf("actions %+v", a.Actions)
	}
	// The model's own copy agrees with the store.
	if reviewOf(fm).Answers["alerts"].Note != a.Note {
		t.Error("the screen's copy of the review differs from the store")
	}
}

// probed wraps the root model so a test can look at it from inside the
// running program, without racing it.
type probed struct{ *Model }

type probeMsg func(*Model)

func (p probed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if f, ok := msg.(probeMsg); ok {
		f(p.Model)
		return p, nil
	}
	_, cmd := p.Model.Update(msg)
	return p, cmd
}
