package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// pager is a bubbles viewport with prr's keys: every scrolling pane of the
// TUI is one (the summary, the record's preview, a checklist, the walk's
// item pane, the list of sign-offs), and scroll is the one key handler
// they share.
type pager struct {
	viewport.Model
	top, bottom key.Binding // to the top and the bottom; unbound if zero
}

// newPager scrolls with the bindings in keys and goes to the ends with top
// and bottom. Only these: the viewport's own defaults (f, b, u, d, h, l)
// would take keys the screens use for other things.
func newPager(keys viewport.KeyMap, top, bottom key.Binding) pager {
	vp := viewport.New()
	vp.MouseWheelEnabled = false
	vp.KeyMap = keys
	return pager{Model: vp, top: top, bottom: bottom}
}

// textPager is a page of text to read: j/k scroll a line, pgup/pgdn half
// a page, g/G go to the top and the bottom.
func textPager(km *KeyMap) pager {
	return newPager(viewport.KeyMap{Down: km.Down, Up: km.Up, HalfPageDown: km.PageDown, HalfPageUp: km.PageUp}, km.First, km.Last)
}

// scroll handles a key that scrolls, and reports whether it was one.
func (p *pager) scroll(msg tea.KeyPressMsg) bool {
	km := p.KeyMap
	switch {
	case key.Matches(msg, p.top):
		p.GotoTop()
	case key.Matches(msg, p.bottom):
		p.GotoBottom()
	case key.Matches(msg, km.PageDown, km.PageUp, km.HalfPageDown, km.HalfPageUp, km.Down, km.Up):
		p.Model, _ = p.Update(msg)
	default:
		return false
	}
	return true
}

// window returns the lines of lines that the pager shows, for screens that
// draw them themselves: the viewport's View pads and wraps every line
// through Lip Gloss, which on the walk screen cost five times the rest of
// a key press.
func (p *pager) window(lines []string) []string {
	top := min(p.YOffset(), len(lines))
	return lines[top:min(top+p.Height(), len(lines))]
}

// position is how far down the text the view is, for the status bar: ""
// when all of it fits.
func (p *pager) position() string {
	if p.AtTop() && p.AtBottom() {
		return ""
	}
	return fmt.Sprintf("%3.0f%%", p.ScrollPercent()*100)
}
