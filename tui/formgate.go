package tui

// Keys typed straight after enter in a Huh form used to land in the field
// just left: Huh moves its focus not when it handles enter but when it
// handles the nextFieldMsg that enter's command sends, and Bubble Tea
// queues that message behind every key already typed. Typing "Ola" at
// once after the action item's text put "Ol" at the end of the text ("Pair
// Ola 1K"). The gate holds the keys typed while such a move is on its way
// and hands them on, in order, once the move is made.

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// formGate holds keys while a form moves its focus.
type formGate struct {
	moving bool
	focus  huh.Field // the field focused when the move started
	held   []tea.Msg
	seq    int // numbers moves, for the fallback below
}

// gateTimeoutMsg ends a wait that no move ended (a move Huh refused
// without a word): the keys are handed on rather than kept forever.
type gateTimeoutMsg struct{ seq int }

// gateTimeout is how long a move may take before the keys go on anyway;
// a move takes microseconds.
const gateTimeout = 300 * time.Millisecond

// hold keeps msg back if it is typed text or a key while a move is on its
// way, and reports whether it did.
func (g *formGate) hold(msg tea.Msg) bool {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		if g.moving {
			g.held = append(g.held, msg)
			return true
		}
	}
	return false
}

// before notes the field in focus before msg reaches the form.
func (g *formGate) before(f *huh.Form) {
	if !g.moving {
		g.focus = f.GetFocusedField()
	}
}

// after looks at the form once it has handled msg: a key that moves the
// focus starts a wait (and returns the fallback's timer); the message
// that makes the move ends it, and after returns the keys held meanwhile,
// to be handled now, in order.
func (g *formGate) after(f *huh.Form, msg tea.Msg) (tea.Cmd, []tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if !g.moving && f.State == huh.StateNormal && movesFocus(k) && fieldOK(f.GetFocusedField()) {
			g.moving = true
			g.seq++
			seq := g.seq
			return tea.Tick(gateTimeout, func(time.Time) tea.Msg { return gateTimeoutMsg{seq: seq} }), nil
		}
		return nil, nil
	}
	if !g.moving {
		return nil, nil
	}
	name := fmt.Sprintf("%T", msg)
	if !strings.HasPrefix(name, "huh.") {
		return nil, nil
	}
	moved := f.State != huh.StateNormal || f.GetFocusedField() != g.focus
	// A field move on a group's first or last field becomes a group move,
	// a message later; a group move ends the wait, made or refused.
	if moved || strings.HasSuffix(name, "GroupMsg") {
		return nil, g.release()
	}
	return nil, nil
}

// timeout ends a wait that took too long.
func (g *formGate) timeout(msg gateTimeoutMsg) []tea.Msg {
	if !g.moving || msg.seq != g.seq {
		return nil
	}
	return g.release()
}

func (g *formGate) release() []tea.Msg {
	g.moving = false
	held := g.held
	g.held = nil
	return held
}

// reset forgets a form that is gone, and hands back what it held.
func (g *formGate) reset() []tea.Msg {
	held := g.release()
	g.focus = nil
	return held
}

// movesFocus reports whether a key may move a form's focus: enter, tab and
// shift+tab, in every field the screens use (inputs, texts, selects).
func movesFocus(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "enter", "tab", "shift+tab":
		return true
	}
	return false
}

// fieldOK reports whether the field in focus is valid: a key that leaves
// an invalid field does not move.
func fieldOK(f huh.Field) bool { return f == nil || f.Error() == nil }
