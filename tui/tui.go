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
	// pollGen tells the current polling chain from ones left behind by
	// screens no longer on show.
	pollGen int
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
	m.state, m.showHelp = n.to, false
	m.pollGen++
	m.liveShown()
	return tea.Batch(cmd, m.pollCmd())
}

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

type rootPollMsg struct {
	gen int
	pollMsg
}

func (m *Model) pollCmd() tea.Cmd {
	inner := m.c.poll(m.state)
	if inner == nil {
		return nil
	}
	gen := m.pollGen
	return func() tea.Msg {
		msg, _ := inner().(pollMsg)
		return rootPollMsg{gen: gen, pollMsg: msg}
	}
}

// quitMsg asks the root to end the program (after pending writes).
type quitMsg struct{}

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
			m.c.status = status{statusErr, "internal error (details in the log); saved answers are safe"}
			cmd = nil
		}
	}()
	return m, m.update(msg)
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
			return m.quit()
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
		if msg.gen != m.pollGen || msg.screen != m.state {
			return nil // a screen no longer on show: let the chain end
		}
		return tea.Batch(m.active().Update(msg.pollMsg), m.pollCmd())

	case answerSavedMsg:
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
	if m.c.status == (status{statusInfo, readingCatalog}) {
		m.c.status = status{}
	}
	p := m.pending
	m.pending = nil
	if p == nil || m.state != m.pendingFrom {
		return nil
	}
	return m.show(*p)
}
