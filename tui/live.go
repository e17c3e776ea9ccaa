package tui

// A terminal of a meeting (prr serve): the root's side. The hub's messages
// come in through the program (hub.Client.Attach); the presence line, one
// line above the status bar, says who is in the review and who drives.

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/tui/hub"
)

// liveKeys are the meeting's keys on the walk screen.
type liveKeys struct {
	Follow, HandOver, OpenStatuses key.Binding
}

func newLiveKeys() liveKeys {
	return liveKeys{
		Follow:       key.NewBinding(key.WithKeys("F"), key.WithHelp("F", "follow the facilitator")),
		HandOver:     key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "hand over the cursor")),
		OpenStatuses: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "let everyone set statuses")),
	}
}

// liveShown follows the screen on show: the list of reviews is no meeting,
// so going back to it leaves the room (the next person drives); opening a
// review again joins it again.
func (m *Model) liveShown() {
	if m.c.live != nil && m.state == stateHome {
		m.c.live.Leave()
	}
}

// liveHeight is the presence line's height, when there is one.
func (m *Model) liveHeight() int {
	if m.c.live == nil {
		return 0
	}
	return 1
}

// liveUpdate takes in a message of the hub: the root keeps the presence,
// the walk screen follows the cursor and reads the review again.
func (m *Model) liveUpdate(msg tea.Msg) tea.Cmd {
	if p, ok := msg.(hub.Presence); ok {
		m.c.presence = p
	}
	if s := m.screens[stateWalk]; s != nil {
		return s.Update(msg)
	}
	return nil
}

// presenceLine says who is in the review on show and who drives.
func (m *Model) presenceLine(w int) string {
	st := m.c.styles
	p := m.c.presence
	wk, _ := m.screens[stateWalk].(*walkModel)
	if wk == nil || wk.rev == nil || p.Review != wk.rev.ID || m.state == stateHome {
		return st.Subtle.Render(truncate("● "+oneLine(m.c.self)+" · open a review to meet on it", w))
	}
	var b strings.Builder
	b.WriteString("● ")
	b.WriteString(oneLine(p.Facilitator) + " drives")
	var others []string
	for _, n := range p.Members {
		if n != p.Facilitator || len(others) > 0 && n == p.Facilitator {
			others = append(others, oneLine(n))
		}
	}
	if len(others) > 0 {
		b.WriteString(" · with " + strings.Join(others, ", "))
	}
	switch {
	case p.YouDrive && p.StatusesOpen:
		b.WriteString(" · you drive; everyone sets statuses (A: only you, H: hand over)")
	case p.YouDrive:
		b.WriteString(" · you drive (H: hand over, A: let everyone set statuses)")
	case wk.following:
		b.WriteString(" · following")
	default:
		b.WriteString(" · browsing (F: follow again)")
	}
	return st.Subtle.Render(truncate(b.String(), w))
}
