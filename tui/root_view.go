package tui

// The root model's drawing: the active screen's body (or the full help),
// the status bar and the help bar, cut to the terminal's size.

import (
	"fmt"
	"runtime/debug"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

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
	b.Grow(len(body) + 4*w + 64) // and the bars below it: one allocation
	b.WriteString(fitHeight(body, bh))
	if h > footerHeight {
		b.WriteByte('\n')
	}
	if m.c.live != nil && bh > 0 {
		b.WriteString(m.presenceLine(w))
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
	switch s := m.c.statusFor(m.state); s.kind {
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
		fitted, cut := fitBindings(bs, w)
		m.helpSig, m.helpLine = sig.String(), m.c.help.ShortHelpView(fitted)
		if cut {
			m.helpLine += " " + m.c.help.Styles.Ellipsis.Render(m.c.help.Ellipsis)
		}
	}
	return m.helpLine
}

// fitBindings keeps the bindings, in their order of priority, that fit a
// help bar of w cells with room for an ellipsis after them, and reports
// whether any were left out. (bubbles/help drops what does not fit too,
// but lets the line run past the width when the ellipsis does not fit.)
func fitBindings(bs []key.Binding, w int) ([]key.Binding, bool) {
	const sep = 3 // " • "
	used := 0
	for i, b := range bs {
		if !b.Enabled() {
			continue
		}
		n := ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
		if used > 0 {
			n += sep
		}
		rest := 0
		for _, later := range bs[i+1:] {
			if later.Enabled() {
				rest = 2 // " …" must fit after this one
				break
			}
		}
		if used+n+rest > w {
			return bs[:i], true
		}
		used += n
	}
	return bs, false
}

// fullHelpView lists every key of the active screen in groups, packed
// side by side as far as the width allows, row after row.
func (m *Model) fullHelpView(w, h int) string {
	st := m.c.styles
	groups := m.active().FullHelp()
	if m.c.live != nil && m.state == stateWalk {
		lk := m.c.liveKeys
		groups = append(groups, []key.Binding{lk.Follow, lk.HandOver, lk.OpenStatuses})
	}
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
