package tui

// The export screen: the Markdown record of the review (the same
// review/export output as `prr export`), previewed through Glamour in a
// scrollable viewport, and written to a file. The file gets the raw
// Markdown, never the terminal rendering; an existing file is replaced only
// after a y.

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
)

type exportModel struct {
	c    *common
	back state
	id   string

	opener   *review.Review // the review of the screen that opened this one
	rev      *review.Review // as loaded for the record
	state    review.State
	raw      []byte // the Markdown, as written to the file
	rendered mdKey  // the width and background of what the viewport shows
	loading  bool
	err      error
	seq      int // numbers renders; only the latest is shown

	vp      pager
	path    textinput.Model
	editing bool
	// confirm is the file waiting for "overwrite? y/n".
	confirm string
	writing bool
	written string // where the record was last written
	// compact says the record uses the compact layout (a table per
	// section) rather than the default one (a heading per item).
	compact bool

	w, h int
}

// exportRenderedMsg carries the record and its Glamour rendering.
type exportRenderedMsg struct {
	seq    int
	review *review.Review // set when the record was (re)built from the store
	raw    []byte
	out    string
	key    mdKey
	err    error
}

// exportWrittenMsg is the result of writing the record to a file: written,
// or not because the file exists (exists) or an error.
type exportWrittenMsg struct {
	path   string
	size   int
	exists bool
	err    error
}

func (exportRenderedMsg) to() state { return stateExport }
func (exportWrittenMsg) to() state  { return stateExport }

const exportHeadH = 3

func newExport(c *common) *exportModel {
	e := &exportModel{c: c, vp: textPager(c.keys)}
	e.path = textinput.New()
	e.path.Prompt = "File: "
	e.path.Placeholder = "file name or path"
	e.path.CharLimit = 4096
	e.restyle()
	return e
}

// open builds the record of the review the screen that asked was showing,
// to come back to that screen (the summary, or else the walk).
func (e *exportModel) open(n navMsg) (tea.Cmd, bool) {
	if n.review == nil {
		return nil, false
	}
	back := n.from
	if back != stateSummary {
		back = stateWalk
	}
	e.id, e.opener, e.back = n.review.ID, n.review, back
	e.rev, e.state, e.raw, e.rendered, e.err = nil, "", nil, mdKey{}, nil
	e.editing, e.confirm, e.writing, e.written = false, "", false, ""
	e.path.SetValue("")
	e.path.Blur()
	e.vp.SetContent("")
	e.vp.GotoTop()
	return e.start(), true
}

func (e *exportModel) restyle() {
	s := textinput.DefaultStyles(e.c.isDark)
	s.Cursor.Blink = false
	e.path.SetStyles(s)
}

// maxRecordWidth caps the preview's width. It is wider than the walk
// screen's measure: the record's tables (seven columns for the sign-offs)
// need the room more than its prose suffers from it.
const maxRecordWidth = 140

// mdWidth is the width the record is rendered at: the screen's, up to
// maxRecordWidth.
func (e *exportModel) mdWidth() int { return min(max(e.w-2, 20), maxRecordWidth) }

// start reads the review from the store and builds the record: the store
// is the truth, whatever the screen that opened this one was showing.
func (e *exportModel) start() tea.Cmd {
	e.loading, e.err = true, nil
	e.seq++
	seq, st, id, version, layout := e.seq, e.c.store, e.id, e.c.version, e.layoutName()
	opts := export.Options{Version: version, Zone: e.c.now().Location(), ValidFor: e.c.validFor}
	md, k := e.c.md, mdKey{e.mdWidth(), e.c.isDark}
	return func() tea.Msg {
		r, err := st.Get(id)
		if err != nil {
			return exportRenderedMsg{seq: seq, err: fmt.Errorf("read review %s: %w", id, err)}
		}
		l, err := export.BuiltinLayout(layout)
		if err != nil {
			return exportRenderedMsg{seq: seq, review: r, err: err}
		}
		var buf bytes.Buffer
		opts.Layout = l
		if err := export.Markdown(&buf, r, opts); err != nil {
			return exportRenderedMsg{seq: seq, review: r, err: err}
		}
		out, err := md.Render(previewMarkdown(buf.String()), k.width, k.dark)
		return exportRenderedMsg{seq: seq, review: r, raw: buf.Bytes(), out: out, key: k, err: err}
	}
}

func (e *exportModel) layoutName() string {
	if e.compact {
		return "compact"
	}
	return "default"
}

// rerender renders the record again for a new width or background.
func (e *exportModel) rerender() tea.Cmd {
	k := mdKey{e.mdWidth(), e.c.isDark}
	if e.raw == nil || e.loading || k == e.rendered {
		return nil
	}
	e.seq++
	seq, md, src := e.seq, e.c.md, string(e.raw)
	return func() tea.Msg {
		out, err := md.Render(previewMarkdown(src), k.width, k.dark)
		return exportRenderedMsg{seq: seq, out: out, key: k, err: err}
	}
}

func (e *exportModel) capturing() bool { return e.editing || e.confirm != "" }

func (e *exportModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		e.SetSize(msg.Width, msg.Height)
		return e.rerender() // the record for the new width
	case tea.BackgroundColorMsg:
		e.restyle()
		return e.rerender()
	case exportRenderedMsg:
		if msg.seq != e.seq {
			return nil
		}
		e.loading = false
		if msg.review != nil {
			first := e.rev == nil
			e.rev = msg.review
			e.state = review.SignOffState(msg.review).State
			if first {
				e.path.SetValue(export.DefaultFileName(msg.review))
				e.path.CursorEnd()
			}
		}
		if msg.err != nil {
			e.err = msg.err
			e.c.fail("could not build the record", msg.err)
			return nil
		}
		if msg.raw != nil {
			e.raw = msg.raw
		}
		e.rendered = msg.key
		e.vp.SetContent(msg.out)
		// A resize while rendering: render again for the size now.
		return e.rerender()
	case exportWrittenMsg:
		e.writing = false
		switch {
		case msg.err != nil:
			e.c.fail("record not written", msg.err)
		case msg.exists:
			e.confirm = msg.path
			e.c.info("")
		default:
			e.written = msg.path
			// The file's name first: a narrow status bar cuts the end.
			e.c.ok(fmt.Sprintf("wrote %s (%s) in %s", oneLine(filepath.Base(msg.path)), sizeText(msg.size), oneLine(filepath.Dir(msg.path))))
		}
		return nil
	case tea.KeyPressMsg:
		return e.key(msg)
	}
	if e.editing {
		var cmd tea.Cmd
		e.path, cmd = e.path.Update(msg)
		return cmd
	}
	return nil
}

func (e *exportModel) key(msg tea.KeyPressMsg) tea.Cmd {
	k := e.c.keys
	switch {
	case e.writing:
		return nil
	case e.confirm != "":
		switch {
		case key.Matches(msg, k.OverwriteYes):
			return e.write(e.confirm, true)
		case key.Matches(msg, k.OverwriteNo):
			e.confirm = ""
			e.c.info("not written: the file is kept as it was")
		}
		return nil
	case e.editing:
		switch {
		case key.Matches(msg, k.PathWrite):
			e.editing = false
			e.path.Blur()
			return e.write(e.path.Value(), false)
		case key.Matches(msg, k.PathDone):
			e.editing = false
			e.path.Blur()
			return nil
		}
		var cmd tea.Cmd
		e.path, cmd = e.path.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back):
		r := e.rev
		if r == nil { // the record could not be built
			r = e.opener
		}
		return navigate(e.back, r, "")
	case key.Matches(msg, k.Write):
		return e.write(e.path.Value(), false)
	case key.Matches(msg, k.Layout):
		e.compact = !e.compact
		e.c.info("layout: " + e.layoutName())
		return e.start()
	case key.Matches(msg, k.EditPath):
		e.editing = true
		e.path.CursorEnd()
		return e.path.Focus()
	default:
		e.vp.scroll(msg)
	}
	return nil
}

func (e *exportModel) SetSize(w, h int) {
	e.w, e.h = w, h
	e.vp.SetWidth(max(w-2, 1))
	e.vp.SetHeight(max(h-exportHeadH, 1))
	e.path.SetWidth(max(w-2-len(e.path.Prompt)-1, 5))
}

func (e *exportModel) View() string {
	st := e.c.styles
	w := e.w
	var b strings.Builder
	title := " " + st.Title.Render("Record")
	if e.rev != nil {
		title += st.Title.Render(" · " + oneLine(e.rev.Service))
		badge := st.Subtle.Render("state ") + st.StateBadge(e.state)
		bw := width(badge)
		title = pad(truncate(title, w-bw-2), w-bw-1) + badge
	}
	b.WriteString(truncate(title, w) + "\n")
	switch {
	case e.confirm != "":
		q := st.WarnText.Render(oneLine(filepath.Base(e.confirm))+" exists. Overwrite it?") + st.Bold.Render(" y/n")
		b.WriteString(" " + truncate(q, w-1))
	default:
		b.WriteString(" " + truncate(e.path.View(), w-1))
	}
	b.WriteString("\n" + rule(w, st) + "\n")
	switch {
	case e.err != nil && e.raw == nil:
		b.WriteString(" " + st.ErrorText.Render("The record could not be built.") + "\n " +
			st.Subtle.Render("The status bar says why. esc goes back."))
	case e.loading && e.raw == nil:
		b.WriteString(" " + st.Subtle.Render("Building the record…"))
	default:
		b.WriteString(indentBlock(e.vp.View(), " "))
	}
	return b.String()
}

func (e *exportModel) statusInfo() string {
	if e.raw == nil {
		return ""
	}
	return e.vp.position()
}

func (e *exportModel) ShortHelp() []keyBinding {
	k := e.c.keys
	switch {
	case e.confirm != "":
		return []keyBinding{k.OverwriteYes, k.OverwriteNo, k.Quit}
	case e.editing:
		return []keyBinding{k.PathWrite, k.PathDone, k.Quit}
	}
	return []keyBinding{k.Write, k.EditPath, k.Layout, k.Down, k.Up, k.PageDown, k.Back, k.Help, k.Quit}
}

func (e *exportModel) FullHelp() [][]keyBinding {
	k := e.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.PageDown, k.PageUp, k.First, k.Last},
		{k.Write, k.EditPath, k.Layout, k.PathWrite, k.PathDone},
		{k.OverwriteYes, k.OverwriteNo, k.Back, k.Help, k.Quit},
	}
}

func (e *exportModel) helpNotes() []string {
	return []string{
		"The file gets the Markdown record (what `prr export` writes), not this terminal rendering.",
		"A relative path is relative to the folder prr was started in; ~/ is your home folder; a folder gets the default file name.",
		"tab edits the file name; there, enter writes and esc or tab stops editing.",
		"l switches between the default layout (a heading per item) and the compact one (a table per section, for wikis where a heading per item is too many); prr import reads both back.",
		"An existing file is never replaced without a y.",
	}
}
