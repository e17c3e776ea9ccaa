package tui

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review/textsafe"
)

// markdown renders Markdown (item guidance, template checklists) with
// Glamour. Creating a Glamour renderer is expensive and a renderer is not
// safe for concurrent use, so markdown keeps one renderer per (width, dark)
// and serialises every render behind one lock: renders happen in tea.Cmds,
// which Bubble Tea runs on their own goroutines.
//
// It also counts renders, so tests can assert that moving over already
// rendered items costs no rendering at all.
//
// On a server (Shared) one markdown serves every session, and done keeps
// the latest renderings: twenty people on one review render each item's
// guidance once, not twenty times.
type markdown struct {
	mu        sync.Mutex
	renderers map[mdKey]*glamour.TermRenderer
	renders   int
	done      map[mdDone]string
}

type mdDone struct {
	src string
	mdKey
}

// maxDone bounds the renderings kept: a few checklists' guidance at a few
// widths. When full it starts again.
const maxDone = 1024

type mdKey struct {
	width int
	dark  bool
}

func newMarkdown() *markdown {
	return &markdown{renderers: map[mdKey]*glamour.TermRenderer{}, done: map[mdDone]string{}}
}

// Renders is the number of Markdown documents rendered so far.
func (m *markdown) Renders() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.renders
}

// Render renders untrusted Markdown to fit width cells. The source is made
// terminal-safe first (textsafe.Markdown: no controls, and no character
// reference that decodes to one), and what Glamour makes of it is cleaned
// again (textsafe.Rendered), so Glamour's own styling is all the escape
// codes the output holds, whatever Glamour decoded on the way.
func (m *markdown) Render(src string, width int, dark bool) (string, error) {
	width = max(width, 10)
	m.mu.Lock()
	defer m.mu.Unlock()
	k := mdKey{width, dark}
	if out, ok := m.done[mdDone{src, k}]; ok {
		return out, nil
	}
	r, ok := m.renderers[k]
	if !ok {
		var err error
		r, err = glamour.NewTermRenderer(
			glamour.WithStyles(glamourStyle(dark)),
			glamour.WithWordWrap(width),
		)
		if err != nil {
			return "", fmt.Errorf("markdown renderer: %w", err)
		}
		m.renderers[k] = r
	}
	m.renders++
	out, err := r.Render(textsafe.Markdown(src))
	if err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	out = tidyRendered(textsafe.Rendered(out), width)
	if len(m.done) >= maxDone {
		clear(m.done)
	}
	m.done[mdDone{src, k}] = out
	return out, nil
}

// glamourStyle is Glamour's standard light or dark style without the
// document margin (our panes draw their own gutters) and without the
// spaces around code spans: the record writes every id as one, and the
// padding pushed ids apart from the text around them ("( payments-prr  v3)").
func glamourStyle(dark bool) gansi.StyleConfig {
	st := styles.LightStyleConfig
	if dark {
		st = styles.DarkStyleConfig
	}
	zero := uint(0)
	st.Document.Margin = &zero
	st.Document.BlockPrefix = ""
	st.Document.BlockSuffix = ""
	st.Code.Prefix, st.Code.Suffix = "", ""
	return st
}

// tidyRendered drops Glamour's leading and trailing blank lines and the
// padding it adds to the right of each line, and makes sure no line is
// wider than width (a long URL cannot be wrapped). The OSC 8 hyperlinks
// Glamour wraps links in are gone already (textsafe.Rendered): their
// targets come from template text, and a `javascript:` target is not
// something to make clickable; the link's text and URL stay visible.
func tidyRendered(out string, width int) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		w := ansi.StringWidth(strings.TrimRight(ansi.Strip(l), " "))
		lines[i] = ansi.Truncate(l, min(w, width), "")
	}
	start, end := 0, len(lines)
	for start < end && lines[start] == "" {
		start++
	}
	for end > start && lines[end-1] == "" {
		end--
	}
	return strings.Join(lines[start:end], "\n")
}
