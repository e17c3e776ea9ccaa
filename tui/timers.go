package tui

// The root's timers: the poll for changes made by other processes, the
// clock of a screen that shows one, and the fading of the status message.
// Each runs as one chain of timers (a poll left behind by a screen ends at
// its next wake), and none wakes an idle screen for nothing: what a screen
// shows changes, or nothing is sent.

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// clockMsg is the tick of a screen that shows a running clock
// (pages[].ticks); gen tells it from the ticks of earlier visits.
type clockMsg struct{ gen int64 }

// clocked is a screen that says when its clock next changes on screen.
// An idle screen then wakes only for that (the walk's clock shows whole
// minutes: a tick a second redrew it for nothing and cost an idle prr an
// eighth more CPU than a bare Bubble Tea program).
type clocked interface{ clockDelay() time.Duration }

// clockCmd ticks once, when the clock on show next changes (a second
// from now for a screen that does not say), while a screen that counts
// time is on show.
func (m *Model) clockCmd() tea.Cmd {
	if !pages[m.state].ticks {
		return nil
	}
	d := time.Second
	if c, ok := m.active().(clocked); ok {
		d = c.clockDelay()
	}
	gen := m.pollGen.Load()
	return tea.Tick(d, func(time.Time) tea.Msg { return clockMsg{gen: gen} })
}

// fade times the status message out: seq is the message, at when it goes,
// and pending says a timer is on its way. One timer at a time: a terminal
// of a meeting is told of every change anyone makes, each with a message,
// and a timer per message kept some forty sleeping goroutines per
// terminal on the server at ten changes a second.
type fade struct {
	seq     int
	at      time.Time
	pending bool
}

// statusFadeMsg is the fade's timer going off.
type statusFadeMsg struct{}

// fadeTick waits d, then tells the root to look at the fade again.
func fadeTick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return statusFadeMsg{} })
}

// fadeAfter is how long a status message stays: errors longer.
func fadeAfter(k statusKind) time.Duration {
	if k == statusErr {
		return 12 * time.Second
	}
	return 4 * time.Second
}

// rootPollMsg is what a poll found: a change made elsewhere (checked, for
// the screen on show), or nothing yet to compare with (checked is nil; the
// root starts the poll again).
type rootPollMsg struct {
	gen     int64
	checked tea.Msg
}

// poller is a screen that follows changes made by another process.
// pollCheck runs on the root's goroutine and returns the look itself (nil:
// nothing to compare with yet), which runs on the poll's goroutine and
// returns nil while nothing has changed.
type poller interface{ pollCheck() func() tea.Msg }

// pollCmd looks for changes every pollEvery while the screen on show is a
// poller. The poll keeps looking on its own goroutine and sends a message
// only when it finds something: an idle screen gets no message at all, so
// it neither updates nor draws (a poll as a message every two seconds
// cost an idle prr a few per cent of CPU over a bare Bubble Tea program).
// It ends silently once the screen is left or the program has ended.
func (m *Model) pollCmd() tea.Cmd {
	every := m.c.pollEvery
	p, ok := m.active().(poller)
	if every <= 0 || !ok {
		return nil
	}
	check, gen := p.pollCheck(), m.pollGen.Load()
	return func() tea.Msg {
		for {
			time.Sleep(every)
			switch {
			case m.pollGen.Load() != gen:
				return nil
			case check == nil:
				return rootPollMsg{gen: gen}
			}
			if found := check(); found != nil {
				return rootPollMsg{gen: gen, checked: found}
			}
		}
	}
}

// lookForChange is a poller's look at the revision of review id (of the
// whole database for ""): nil while it is still known, else what found
// makes of what was read.
func lookForChange(st Store, id string, known uint64, found func(rev uint64, err error) tea.Msg) func() tea.Msg {
	return func() tea.Msg {
		rev, err := st.Revision(id)
		if err == nil && rev == known {
			return nil
		}
		return found(rev, err)
	}
}

// stopPolling ends the polls under way: the program is over.
func (m *Model) stopPolling() { m.pollGen.Add(1) }
