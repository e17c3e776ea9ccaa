// Package tui is prr's terminal user interface: the list of reviews, the
// new-review form, the walk through a checklist, the summary, the
// sign-offs, the record's preview and export, and the template browser.
//
// Rules the package keeps (see STYLE.md):
//   - no I/O inside Update: store reads and writes and Markdown rendering
//     run in tea.Cmds and come back as messages carrying their errors;
//   - every piece of user or template text is drawn through
//     review/textsafe;
//   - widths are measured in terminal cells with x/ansi;
//   - scoring, verdicts and validation come from package review, never
//     from here;
//   - logs go to the slog.Logger given in Config, never to the terminal.
package tui

import (
	"fmt"
	"runtime/debug"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

// state is the screen on show.
type state int

const (
	stateHome state = iota
	stateNewReview
	stateWalk
	stateSummary
	stateTemplates
	stateSignOff
	stateExport
)

func (s state) String() string {
	switch s {
	case stateHome:
		return "home"
	case stateNewReview:
		return "new review"
	case stateWalk:
		return "walk"
	case stateSummary:
		return "summary"
	case stateTemplates:
		return "templates"
	case stateSignOff:
		return "sign-off"
	case stateExport:
		return "export"
	}
	return "unknown"
}

// footerHeight is the status bar plus the help bar.
const footerHeight = 2

// Model is the root model: it owns the shared state, routes messages to the
// screen on show, and draws the status and help bars.
type Model struct {
	c      *common
	writer *writer
	state  state

	home      *homeModel
	newReview *newReviewModel
	walk      *walkModel
	summary   *summaryModel
	templates *templatesModel
	signoff   *signOffModel
	export    *exportModel

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

func (m *Model) active() screen {
	switch m.state {
	case stateNewReview:
		if m.newReview != nil {
			return m.newReview
		}
	case stateWalk:
		if m.walk != nil {
			return m.walk
		}
	case stateSummary:
		if m.summary != nil {
			return m.summary
		}
	case stateTemplates:
		if m.templates != nil {
			return m.templates
		}
	case stateSignOff:
		if m.signoff != nil {
			return m.signoff
		}
	case stateExport:
		if m.export != nil {
			return m.export
		}
	}
	return m.home
}

func (m *Model) bodySize() (int, int) {
	return m.c.width, max(m.c.height-footerHeight, 0)
}

// show switches to another screen and returns what it needs to start.
func (m *Model) show(n navMsg) tea.Cmd {
	from := m.state
	m.state = n.to
	m.showHelp = false
	m.pollGen++
	w, h := m.bodySize()
	var cmd tea.Cmd
	switch n.to {
	case stateHome:
		if m.home == nil {
			m.home = newHome(m.c)
		}
		m.home.SetSize(w, h)
		cmd = m.home.start()
	case stateNewReview:
		m.newReview = newNewReview(m.c)
		m.newReview.SetSize(w, h)
		cmd = m.newReview.start()
	case stateWalk:
		returning := from == stateSummary || from == stateSignOff || from == stateExport
		switch {
		case m.walk != nil && returning && n.id == "" && (n.review == nil || n.review.ID == m.walk.id):
			m.walk.SetSize(w, h)
			cmd = m.walk.resume()
		case n.review != nil:
			m.walk = newWalk(m.c, m.writer, n.review.ID)
			m.walk.SetSize(w, h)
			cmd = m.walk.setReview(n.review, 0)
		case n.id != "":
			if m.walk == nil || m.walk.id != n.id || m.walk.rev == nil {
				m.walk = newWalk(m.c, m.writer, n.id)
			}
			m.walk.SetSize(w, h)
			cmd = m.walk.start()
		default:
			m.state = stateHome
			return m.show(navMsg{to: stateHome})
		}
		m.walk.newVisit()
	case stateSummary:
		if n.review == nil {
			m.state = from
			return nil
		}
		m.summary = newSummary(m.c, n.review)
		m.summary.SetSize(w, h)
	case stateTemplates:
		if m.templates == nil {
			m.templates = newTemplates(m.c)
		}
		m.templates.SetSize(w, h)
		cmd = m.templates.start()
	case stateSignOff, stateExport:
		if n.review == nil {
			m.state = from
			return nil
		}
		back := from
		if back != stateSummary {
			back = stateWalk
		}
		if n.to == stateSignOff {
			m.signoff = newSignOff(m.c, n.review, back)
			m.signoff.SetSize(w, h)
			cmd = m.signoff.form.Init()
		} else {
			m.export = newExport(m.c, n.review, back)
			m.export.SetSize(w, h)
			cmd = m.export.start()
		}
	}
	return tea.Batch(cmd, m.pollCmd())
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

// Update routes a message: window size and colours to every screen,
// results of store writes to the walk screen whatever is on show, keys and
// everything else to the active screen.
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
		for _, s := range m.screens() {
			s.SetSize(w, h)
		}
		var cmds []tea.Cmd
		if m.walk != nil {
			cmds = append(cmds, m.walk.refresh()) // guidance for the new width
		}
		if m.export != nil {
			cmds = append(cmds, m.export.rerender()) // the record for the new width
		}
		return tea.Batch(cmds...)

	case tea.BackgroundColorMsg:
		m.c.setDark(msg.IsDark())
		var cmds []tea.Cmd
		for _, s := range m.screens() {
			cmds = append(cmds, s.Update(msg))
		}
		return tea.Batch(cmds...)

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
		if (msg.to == stateNewReview || msg.to == stateTemplates) && !m.c.catalogReady {
			m.pending, m.pendingFrom = &msg, m.state
			m.c.info(readingCatalog)
			return m.requestCatalog()
		}
		if (msg.to == stateSignOff || msg.to == stateExport) && !m.writer.idle() {
			// A sign-off vouches for the review as stored, and the record
			// shows it: both wait for the last answers to reach the store.
			m.c.info("saving the last answers; press the key again in a moment")
			return nil
		}
		return m.show(msg)

	case rootPollMsg:
		if msg.gen != m.pollGen || msg.screen != m.state {
			return nil // a screen no longer on show: let the chain end
		}
		return tea.Batch(m.active().Update(msg.pollMsg), m.pollCmd())

	case answerSavedMsg:
		var cmd tea.Cmd
		if m.walk != nil && m.walk.id == msg.req.reviewID {
			cmd = m.walk.Update(msg)
		} else if msg.err != nil {
			m.c.fail("not saved: "+msg.req.label, msg.err)
		} else {
			m.c.ok("saved: " + msg.req.label)
		}
		next := m.writer.done()
		if m.quitting && m.writer.idle() {
			return tea.Quit
		}
		return tea.Batch(cmd, next)

	case catalogMsg:
		return m.catalogLoaded(msg)

	case reviewMsg:
		// The first screen has its review: time to read the checklists.
		var cmd tea.Cmd
		if m.walk != nil {
			cmd = m.walk.Update(msg)
		}
		return tea.Batch(cmd, m.requestCatalog())

	case guidanceMsg, revisionMsg:
		if m.walk != nil {
			return m.walk.Update(msg)
		}
		return nil

	case reviewsMsg:
		var cmd tea.Cmd
		if m.home != nil {
			cmd = m.home.Update(msg)
		}
		if m.home != nil && m.home.partial {
			return cmd // the whole list is on its way; leave it the CPU
		}
		// The first screen has its data: time to read the checklists.
		return tea.Batch(cmd, m.requestCatalog())

	case reviewDeletedMsg, dbRevisionMsg:
		if m.home != nil {
			return m.home.Update(msg)
		}
		return nil

	case reviewCreatedMsg:
		if m.newReview != nil {
			return m.newReview.Update(msg)
		}
		return nil

	case templateRenderedMsg:
		if m.templates != nil {
			return m.templates.Update(msg)
		}
		return nil

	case signOffSavedMsg:
		// The walk screen learns of the new sign-off at once: it asks before
		// a change that would make it stale.
		var cmds []tea.Cmd
		if m.walk != nil && msg.err == nil {
			cmds = append(cmds, m.walk.adopt(msg.id, msg.so, msg.review, msg.rev))
		}
		if m.signoff != nil {
			cmds = append(cmds, m.signoff.Update(msg))
		}
		return tea.Batch(cmds...)

	case signOffRevisionMsg, signOffReloadMsg:
		if m.signoff != nil && m.state == stateSignOff {
			return m.signoff.Update(msg)
		}
		return nil

	case exportRenderedMsg, exportWrittenMsg:
		if m.export != nil {
			return m.export.Update(msg)
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

func (m *Model) screens() []screen {
	var out []screen
	if m.home != nil {
		out = append(out, m.home)
	}
	if m.newReview != nil {
		out = append(out, m.newReview)
	}
	if m.walk != nil {
		out = append(out, m.walk)
	}
	if m.summary != nil {
		out = append(out, m.summary)
	}
	if m.templates != nil {
		out = append(out, m.templates)
	}
	if m.signoff != nil {
		out = append(out, m.signoff)
	}
	if m.export != nil {
		out = append(out, m.export)
	}
	return out
}

// View draws the active screen (or the full help), the status bar and the
// help bar, cut to the terminal's size.
func (m *Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.c.logger.Error("panic in view", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			v.SetContent("prr hit an internal error while drawing (details in the log).\nYour saved answers are safe; press ctrl+c to quit.")
		}
	}()
	v.AltScreen = true
	v.WindowTitle = "prr"
	w, h := m.c.width, m.c.height
	if w <= 0 || h <= 0 {
		return v
	}
	bw, bh := m.bodySize()
	var body string
	if m.showHelp {
		body = m.fullHelpView(bw, bh)
	} else {
		body = m.active().View()
	}
	var b strings.Builder
	b.WriteString(fitHeight(body, bh))
	if h > footerHeight {
		b.WriteByte('\n')
	}
	b.WriteString(m.statusBar(w))
	b.WriteByte('\n')
	b.WriteString(m.helpBar(w))
	v.SetContent(stripBidi(fitScreen(b.String(), w, h)))
	return v
}

func (m *Model) statusBar(w int) string {
	st := m.c.styles
	right := m.active().statusInfo()
	if m.showHelp {
		right = ""
	}
	rw := ansi.StringWidth(right)
	lw := w - rw - 1
	if rw > 0 && lw < 10 {
		right, rw, lw = "", 0, w
	}
	var left string
	switch s := m.c.status; s.kind {
	case statusErr:
		left = st.ErrorText.Render(truncate("✗ "+s.text, lw))
	case statusOK:
		left = st.OKText.Render(truncate("✓ "+s.text, lw))
	default:
		left = st.Subtle.Render(truncate(s.text, lw))
	}
	if right == "" {
		return left
	}
	return pad(left, lw) + " " + st.Subtle.Render(right)
}

func (m *Model) helpBar(w int) string {
	m.c.help.SetWidth(w)
	if m.showHelp {
		return m.c.help.ShortHelpView([]key.Binding{
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("any key", "close help")),
			m.c.keys.Quit,
		})
	}
	bs := m.active().ShortHelp()
	var sig strings.Builder
	fmt.Fprintf(&sig, "%d %v", w, m.c.isDark)
	for _, b := range bs {
		if b.Enabled() {
			sig.WriteString("\x00" + b.Help().Key + "\x00" + b.Help().Desc)
		}
	}
	if sig.String() != m.helpSig {
		m.helpSig, m.helpLine = sig.String(), m.c.help.ShortHelpView(bs)
	}
	return m.helpLine
}

// fullHelpView lists every key of the active screen in groups, packed
// side by side as far as the width allows, row after row.
func (m *Model) fullHelpView(w, h int) string {
	st := m.c.styles
	groups := m.active().FullHelp()
	hm := m.c.help
	hm.SetWidth(0)
	hm.FullSeparator = "    "
	var rows []string
	var row [][]key.Binding
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, hm.FullHelpView(row))
			row = nil
		}
	}
	for _, g := range groups {
		try := append(append([][]key.Binding(nil), row...), g)
		if len(row) > 0 && ansi.StringWidth(firstLine(hm.FullHelpView(try))) > w-2 {
			flush()
			try = [][]key.Binding{g}
		}
		row = try
	}
	flush()
	out := st.Title.Render("Keys — "+m.state.String()) + "\n\n" + indentBlock(strings.Join(rows, "\n\n"), " ")
	if n, ok := m.active().(interface{ helpNotes() []string }); ok {
		var notes []string
		for _, l := range n.helpNotes() {
			notes = append(notes, hangWrap("• "+l, " ", "   ", w-1)...)
		}
		// The notes only when they fit: the keys come first.
		if lipglossHeight(out)+1+len(notes) <= h {
			out += "\n\n" + st.Subtle.Render(strings.Join(notes, "\n"))
		}
	}
	return out
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

func lipglossHeight(s string) int { return strings.Count(s, "\n") + 1 }

func indentBlock(s, prefix string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

// stripBidi removes bidi controls from the whole frame: a safety net behind
// textsafe for text typed or pasted into an editor, which is drawn by the
// Bubbles components themselves.
func stripBidi(s string) string {
	// Every bidi control is encoded starting with 0xE2 or 0xD8 (U+061C):
	// look for those bytes before looking closer.
	if strings.IndexByte(s, 0xe2) < 0 && strings.IndexByte(s, 0xd8) < 0 {
		return s
	}
	isBidi := func(r rune) bool {
		return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
	}
	if strings.IndexFunc(s, isBidi) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBidi(r) {
			return -1
		}
		return r
	}, s)
}

// reviewOf returns the review on the walk screen, for tests.
func (m *Model) reviewOf() *review.Review {
	if m.walk == nil {
		return nil
	}
	return m.walk.rev
}
