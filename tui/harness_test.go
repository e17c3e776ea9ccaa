package tui

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

// testNow is the fixed clock of every test.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// loadTemplate reads a template from testdata.
func loadTemplate(t testing.TB, name string) *review.Template {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	tp, err := review.ParseTemplate(name, b)
	if err != nil {
		t.Fatal(err)
	}
	return tp
}

func testCatalog(t testing.TB) *review.Catalog {
	tp := loadTemplate(t, "checklist.yaml")
	return &review.Catalog{Entries: []review.CatalogEntry{
		{Template: tp, BuiltIn: true, Source: "built-in"},
		{Template: bigTemplate(12), Source: "/home/kari/.config/prr/templates/big.yaml"},
	}}
}

// bigTemplate has n items in sections of 10, with Markdown guidance.
func bigTemplate(n int) *review.Template {
	t := &review.Template{ID: "big", Version: 1, Title: "Big checklist"}
	for i := range n {
		if i%10 == 0 {
			t.Sections = append(t.Sections, review.Section{ID: fmt.Sprintf("s%d", i/10), Title: fmt.Sprintf("Section %d", i/10+1)})
		}
		s := &t.Sections[len(t.Sections)-1]
		s.Items = append(s.Items, review.Item{
			ID:       fmt.Sprintf("item-%03d", i),
			Title:    fmt.Sprintf("Criterion number %d is met", i+1),
			Required: i%3 == 0,
			Level:    1,
			Guidance: fmt.Sprintf("Guidance for **item %d**: why it matters.\n\n- first point\n- second point with `code`\n", i+1),
		})
	}
	return t
}

// harness drives the root model the way Bubble Tea would, but
// synchronously: every command runs to completion and its message goes
// back into Update. Timers (cursor blink, polling) are skipped.
type harness struct {
	t     testing.TB
	m     *Model
	st    *fakeStore
	quit  bool
	width int
	// hold, if set, keeps back the messages it returns true for, in held,
	// until release delivers them: a way to look at the screens while a
	// command is still running.
	hold func(tea.Msg) bool
	held []tea.Msg
}

type harnessOpt func(*Config)

func newHarness(t testing.TB, st *fakeStore, w, h int, opts ...harnessOpt) *harness {
	t.Helper()
	return newHarnessHolding(t, st, w, h, nil, opts...)
}

// newHarnessHolding is newHarness with hold set from the start (see
// harness.hold).
func newHarnessHolding(t testing.TB, st *fakeStore, w, h int, hold func(tea.Msg) bool, opts ...harnessOpt) *harness {
	t.Helper()
	if st == nil {
		st = newFakeStore()
	}
	cfg := Config{Store: st, Catalog: testCatalog(t), Now: fixedNow, Version: "v0.0.0-test"}
	for _, o := range opts {
		o(&cfg)
	}
	m := New(cfg)
	m.c.pollEvery = 0
	hs := &harness{t: t, m: m, st: st, hold: hold}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

func withOpen(id string) harnessOpt { return func(c *Config) { c.OpenID = id } }

// release delivers the messages held back so far, and what follows from
// them, with nothing held any more.
func (h *harness) release() {
	h.t.Helper()
	held := h.held
	h.hold, h.held = nil, nil
	for _, msg := range held {
		h.send(msg)
	}
}

func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		h.width = ws.Width
	}
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// poll does what a poll's goroutine does once: the screen on show looks
// for changes made elsewhere, and what it finds comes to the root.
func (h *harness) poll() {
	h.t.Helper()
	p, ok := h.m.active().(poller)
	if !ok {
		h.t.Fatalf("the %s screen does not poll", h.m.state)
	}
	var found tea.Msg
	if check := p.pollCheck(); check != nil {
		found = check()
	}
	h.send(rootPollMsg{gen: h.m.pollGen.Load(), checked: found})
}

func cmdName(c tea.Cmd) string {
	return runtime.FuncForPC(reflect.ValueOf(c).Pointer()).Name()
}

// skipCmd tells timers from real work.
func skipCmd(c tea.Cmd) bool {
	n := cmdName(c)
	return strings.Contains(n, "/cursor.") || strings.Contains(n, "textinput.Blink") ||
		strings.Contains(n, "textarea.Blink") || strings.Contains(n, "bubbletea/v2.Tick") ||
		strings.Contains(n, "bubbletea/v2.Every")
}

var cmdType = reflect.TypeOf(tea.Cmd(nil))

func (h *harness) run(cmd tea.Cmd) {
	h.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			h.t.Fatal("commands do not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil || skipCmd(c) {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(10 * time.Second):
			h.t.Fatalf("command %s did not return", cmdName(c))
		}
		if msg == nil {
			continue
		}
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := range v.Len() { // tea.Sequence
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		if _, ok := msg.(tea.QuitMsg); ok {
			h.quit = true
			continue
		}
		if h.hold != nil && h.hold(msg) {
			h.held = append(h.held, msg)
			continue
		}
		_, next := h.m.Update(msg)
		queue = append(queue, next)
	}
}

// keyMsg builds the key press Bubble Tea sends for a key name such as "j",
// "G", "enter", "esc", "down" or "ctrl+c".
func keyMsg(k string) tea.KeyPressMsg {
	special := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"tab": tea.KeyTab, "backspace": tea.KeyBackspace, "pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp,
		"space": tea.KeySpace, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	if r, ok := special[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	if after, ok := strings.CutPrefix(k, "ctrl+"); ok {
		return tea.KeyPressMsg{Code: []rune(after)[0], Mod: tea.ModCtrl}
	}
	if k == "shift+tab" {
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	r := []rune(k)[0]
	if r >= 'A' && r <= 'Z' {
		return tea.KeyPressMsg{Code: r + 32, ShiftedCode: r, Text: k, Mod: tea.ModShift}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

// press sends key presses one by one.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types text, one key per character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == '\n' {
			h.send(tea.KeyPressMsg{Code: 'j', Mod: tea.ModCtrl})
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// raw is the frame as drawn, escape codes and all.
func (h *harness) raw() string { return h.m.View().Content }

// view is the frame as text: what a monochrome terminal would show.
func (h *harness) view() string { return ansi.Strip(h.raw()) }

// screenOf is the root's screen for s, of its own type; nil if it was
// never shown.
func screenOf[T screen](m *Model, s state) T {
	t, _ := m.screens[s].(T)
	return t
}

func (h *harness) walk() *walkModel {
	h.t.Helper()
	w := screenOf[*walkModel](h.m, stateWalk)
	if w == nil {
		h.t.Fatal("no walk screen")
	}
	return w
}

func (h *harness) home() *homeModel { return screenOf[*homeModel](h.m, stateHome) }

func (h *harness) newReview() *newReviewModel { return screenOf[*newReviewModel](h.m, stateNewReview) }

// reviewOf returns the review on the walk screen.
func reviewOf(m *Model) *review.Review {
	if w := screenOf[*walkModel](m, stateWalk); w != nil {
		return w.rev
	}
	return nil
}

// currentItem is the id of the item under the cursor.
func (h *harness) currentItem() string {
	w := h.walk()
	cur, ok := w.current()
	if !ok {
		h.t.Fatal("no current item")
	}
	return cur.item.ID
}

func (h *harness) wantState(s state) {
	h.t.Helper()
	if h.m.state != s {
		h.t.Fatalf("screen = %s, want %s\n%s", h.m.state, s, h.view())
	}
}

func (h *harness) wantInView(subs ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range subs {
		if !strings.Contains(v, s) {
			h.t.Fatalf("view does not contain %q:\n%s", s, v)
		}
	}
}

// seedReview stores a review of the test checklist, a minute after the one
// before, and returns it.
func seedReview(t testing.TB, st *fakeStore, service string, answers map[string]review.Answer) *review.Review {
	t.Helper()
	st.clock.Advance(time.Minute)
	tp := loadTemplate(t, "checklist.yaml")
	r, err := st.Create(*tp, review.Meta{Service: service, Team: "payments", Owner: "Kari Nordmann",
		Participants: []review.Participant{{Name: "Kari Nordmann", Role: "owner"}, {Name: "Ola Nordmann", Role: "sre"}}})
	if err != nil {
		t.Fatal(err)
	}
	for id, a := range answers {
		if _, err := st.UpdateAnswer(r.ID, id, func(x *review.Answer) error { *x = a; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := st.Get(r.ID)
	return got
}

func (h *harness) checkWidths(w int) {
	h.t.Helper()
	for i, l := range strings.Split(h.raw(), "\n") {
		if sw := ansi.StringWidth(l); sw > w {
			h.t.Fatalf("line %d is %d cells wide, more than %d:\n%q", i, sw, w, ansi.Strip(l))
		}
	}
}

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }
