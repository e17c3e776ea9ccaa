// Package tui is prr's terminal user interface: the list of reviews, the
// new-review form, the walk through a checklist, the summary, the
// sign-offs, the record's preview and export, and the template browser.
//
// Its shape, described in docs/design.md, follows the conventions of
// Charm's own programs (soft-serve, glow): the root model (this file) keeps
// the screens in a table (pages.go) and routes each message to the screen
// it is for; screens share a common (size, styles, keys, store, logger) and
// ask for navigation with a navMsg; keys live in keys.go and styles in
// styles.go; the help bar is built by bubbles/help from the bindings the
// screens handle; scrolling text is a bubbles viewport (pager.go) and
// progress a bubbles progress bar.
//
// Rules the package keeps:
//   - no I/O inside Update: store reads and writes and Markdown rendering
//     run in tea.Cmds and come back as messages carrying their errors;
//   - every piece of user or template text is drawn through
//     review/textsafe;
//   - widths are measured in terminal cells with x/ansi;
//   - rules (scoring, verdicts, validation, what an edit does to an
//     answer, the words of a status) come from package review, never from
//     here;
//   - logs go to the slog.Logger given in Config, never to the terminal.
package tui

import (
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

// footerHeight is the status bar plus the help bar.
const footerHeight = 2

// Model is the root model: it owns the shared state, keeps the screens in
// a table indexed by state, routes messages to them, and draws the status
// and help bars.
type Model struct {
	c       *common
	writer  *writer
	screens [stateCount]screen // each built the first time it is shown
	state   state

	showHelp bool
	// pollGen tells the current poll and clock from ones left behind by
	// screens no longer on show. It is atomic because a poll reads it on
	// its own goroutine, to stop looking once its screen is gone.
	pollGen atomic.Int64
	// quitting is set when a quit was asked while answers were still being
	// written: the program ends as soon as they are saved.
	quitting bool
	openID   string

	// catalogLoader loads the catalog, when it was not given ready; it is
	// asked for once (catalogAsked). A screen that needs the catalog
	// before it has come waits in pending, asked for on the screen
	// pendingFrom.
	catalogLoader func() (*review.Catalog, error)
	catalogAsked  bool
	pending       *navMsg
	pendingFrom   state

	// The help bar rarely changes: it is drawn again only when its keys,
	// the width or the background do.
	helpSig, helpLine string
	// fade is the fading of the status message on show.
	fade fade
}

// State reports the screen on show, for tests.
func (m *Model) State() string { return m.state.String() }

// Init asks for the terminal's background colour (styles follow it) and
// loads the first screen.
func (m *Model) Init() tea.Cmd {
	if m.openID != "" {
		return tea.Batch(tea.RequestBackgroundColor, m.show(navMsg{to: stateWalk, id: m.openID}))
	}
	return tea.Batch(tea.RequestBackgroundColor, m.show(navMsg{to: stateHome}))
}

// screen returns the screen for s, building it the first time.
func (m *Model) screen(s state) screen {
	if m.screens[s] == nil {
		m.screens[s] = pages[s].new(m.c, m.writer)
	}
	return m.screens[s]
}

func (m *Model) active() screen { return m.screen(m.state) }

func (m *Model) bodySize() (int, int) {
	return m.c.width, max(m.c.height-footerHeight-m.liveHeight(), 0)
}

// show opens another screen and returns what it needs to start. A screen
// that refuses the visit leaves the one on show where it is.
func (m *Model) show(n navMsg) tea.Cmd {
	n.from = m.state
	s := m.screen(n.to)
	s.SetSize(m.bodySize())
	cmd, ok := s.open(n)
	if !ok {
		return cmd
	}
	var left tea.Cmd
	if n.to != m.state {
		if l, ok := m.active().(leaver); ok {
			m.c.speaker = m.state
			left = l.leave()
		}
	}
	m.state, m.showHelp = n.to, false
	m.pollGen.Add(1)
	m.liveShown()
	return tea.Batch(left, cmd, m.pollCmd(), m.clockCmd())
}

// leaver is a screen with something to do when the user leaves it: the
// walk screen saves the time counted and where it was.
type leaver interface{ leave() tea.Cmd }

// quitter is a screen with something to keep before the program ends: the
// walk screen saves a note being typed, keeps a half-filled form as a
// draft, and saves the time counted.
type quitter interface{ beforeQuit() tea.Cmd }

// broadcast gives msg to every screen built so far.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range m.screens {
		if s != nil {
			cmds = append(cmds, s.Update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// quitMsg asks the root to end the program (after pending writes).
type quitMsg struct{}

// interrupt is ctrl+c: the screen on show keeps what it must (a note
// being typed is saved, a form is kept as a draft, the time counted is
// saved), then the program ends once every write is done.
func (m *Model) interrupt() tea.Cmd {
	if q, ok := m.active().(quitter); ok && !m.quitting {
		if pre := q.beforeQuit(); pre != nil {
			return tea.Sequence(pre, func() tea.Msg { return quitMsg{} })
		}
	}
	return m.quit()
}

func (m *Model) quit() tea.Cmd {
	if m.writer.idle() || m.quitting {
		return tea.Quit
	}
	m.quitting = true
	m.c.info("saving the last answers, then quitting…")
	return nil
}

// Update routes a message: the window size and the background to every
// screen, a command's result to the screen it is addressed to whatever is
// on show, keys and everything else to the active screen.
func (m *Model) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.c.logger.Error("panic in update", "panic", fmt.Sprint(r), "msg", fmt.Sprintf("%T", msg), "stack", string(debug.Stack()))
			m.c.setStatus(statusErr, "internal error (details in the log); saved answers are safe")
			cmd = nil
		}
	}()
	m.c.speaker = m.state
	cmd = m.update(msg)
	if s := m.c.status; s.seq != m.fade.seq && s.text != "" {
		m.fade.seq, m.fade.at = s.seq, time.Now().Add(fadeAfter(s.kind))
		if !m.fade.pending {
			m.fade.pending = true
			cmd = tea.Batch(cmd, fadeTick(fadeAfter(s.kind)))
		}
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.c.help.SetWidth(msg.Width)
		w, h := m.bodySize()
		return m.broadcast(tea.WindowSizeMsg{Width: w, Height: h})

	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		return m.broadcast(msg)

	case tea.KeyPressMsg:
		if key.Matches(msg, m.c.keys.Quit) {
			return m.interrupt()
		}
		if m.showHelp {
			m.showHelp = false
			return nil
		}
		if key.Matches(msg, m.c.keys.Help) && !m.active().capturing() {
			m.showHelp = true
			return nil
		}

	case quitMsg:
		return m.quit()

	case statusFadeMsg:
		m.fade.pending = false
		if left := time.Until(m.fade.at); left > 0 {
			m.fade.pending = true // a newer message came meanwhile
			return fadeTick(left)
		}
		if m.fade.seq == m.c.status.seq {
			m.c.status = status{seq: m.fade.seq}
		}
		return nil

	case clockMsg:
		if msg.gen != m.pollGen.Load() || !pages[m.state].ticks {
			return nil // a visit that ended: let the chain end
		}
		return tea.Batch(m.active().Update(msg), m.clockCmd())

	case navMsg:
		p := pages[msg.to]
		if p.needsCatalog && !m.c.catalogReady {
			m.pending, m.pendingFrom = &msg, m.state
			m.c.info(readingCatalog)
			return m.requestCatalog()
		}
		if p.needsSaved && !m.writer.idle() {
			m.c.info("saving the last answers; press the key again in a moment")
			return nil
		}
		return m.show(msg)

	case catalogWantedMsg:
		return m.requestCatalog()

	case catalogMsg:
		return m.catalogLoaded(msg)

	case rootPollMsg:
		if msg.gen != m.pollGen.Load() {
			return nil // a screen no longer on show: let the chain end
		}
		var cmd tea.Cmd
		if msg.checked != nil {
			cmd = m.active().Update(msg.checked)
		}
		return tea.Batch(cmd, m.pollCmd())

	case answerSavedMsg:
		m.c.speaker = msg.to()
		cmd := m.screen(msg.to()).Update(msg)
		next := m.writer.done()
		if m.quitting && m.writer.idle() {
			return tea.Quit
		}
		return tea.Batch(cmd, next)

	case hub.Presence, hub.Cursor, hub.Changed:
		return m.liveUpdate(msg)

	case addressed:
		if s := m.screens[msg.to()]; s != nil {
			m.c.speaker = msg.to()
			return s.Update(msg)
		}
		return nil
	}
	return m.active().Update(msg)
}

// readingCatalog is the status line while a screen waits for the catalog.
const readingCatalog = "reading the checklists…"

// requestCatalog starts loading the catalog, if it is not loaded or on its
// way already.
func (m *Model) requestCatalog() tea.Cmd {
	if m.c.catalogReady || m.catalogAsked || m.catalogLoader == nil {
		return nil
	}
	m.catalogAsked = true
	return loadCatalog(m.catalogLoader)
}

// catalogLoaded takes the catalog in, and opens the screen that was waiting
// for it if the user is still where they asked for it.
func (m *Model) catalogLoaded(msg catalogMsg) tea.Cmd {
	m.c.catalogReady = true
	switch {
	case msg.catalog == nil && msg.err != nil:
		m.c.fail("could not read the checklists", msg.err)
	case msg.err != nil: // some custom templates are broken, the rest are here
		m.c.logger.Warn("custom templates skipped", "err", msg.err)
	}
	if msg.catalog != nil {
		m.c.catalog = msg.catalog
	}
	m.c.clearStatus(readingCatalog)
	// The home screen counts reviews on an older checklist once it knows
	// the newest ones.
	ready := func() tea.Msg { return catalogReadyMsg{} }
	p := m.pending
	m.pending = nil
	if p == nil || m.state != m.pendingFrom {
		return ready
	}
	return tea.Batch(ready, m.show(*p))
}
