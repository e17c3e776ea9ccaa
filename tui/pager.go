package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// pager is a bubbles viewport with prr's keys: every scrolling text of the
// TUI is one (the summary, the record's preview, a checklist, the walk's
// item pane), and this is the one key handler they share.
type pager struct {
	viewport.Model
	keys *KeyMap
	// lines: j/k scroll by a line and g/G go to the top and the bottom.
	// On the walk screen those keys move between items, and only pgup and
	// pgdn scroll.
	lines bool
}

func newPager(km *KeyMap, lines bool) pager {
	vp := viewport.New()
	vp.MouseWheelEnabled = false
	// Only our bindings: the viewport's own (f, b, u, d, h, l) would take
	// keys the screens use for other things.
	vp.KeyMap = viewport.KeyMap{HalfPageDown: km.PageDown, HalfPageUp: km.PageUp}
	if lines {
		vp.KeyMap.Down, vp.KeyMap.Up = km.Down, km.Up
	}
	return pager{Model: vp, keys: km, lines: lines}
}

// scroll handles a key that scrolls, and reports whether it was one.
func (p *pager) scroll(msg tea.KeyPressMsg) bool {
	km := p.Model.KeyMap
	switch {
	case p.lines && key.Matches(msg, p.keys.First):
		p.GotoTop()
	case p.lines && key.Matches(msg, p.keys.Last):
		p.GotoBottom()
	case key.Matches(msg, km.HalfPageDown, km.HalfPageUp, km.Down, km.Up):
		p.Model, _ = p.Update(msg)
	default:
		return false
	}
	return true
}

// position is how far down the text the view is, for the status bar: ""
// when all of it fits.
func (p *pager) position() string {
	if p.AtTop() && p.AtBottom() {
		return ""
	}
	return fmt.Sprintf("%3.0f%%", p.ScrollPercent()*100)
}
