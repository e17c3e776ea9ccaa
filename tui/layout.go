package tui

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/prr-dev/prr/review"
)

// All widths here are terminal cells measured with x/ansi, which knows that
// CJK characters and most emoji take two cells and escape codes take none.

// oneCell are the non-ASCII characters prr draws itself, all one cell wide
// and none of them combining (TestOneCellRunes checks this against x/ansi).
const oneCell = "│─█░›·…✓✗◐–☐☑⚑■↗§┃•←→↑↓▸‑—“”"

func isOneCell(r rune) bool {
	switch r {
	case '│', '─', '█', '░', '›', '·', '…', '✓', '✗', '◐', '–', '☐', '☑', '⚑', '■', '↗', '§', '┃', '•',
		'←', '→', '↑', '↓', '▸', '‑', '—', '“', '”':
		return true
	}
	return false
}

// width is the width of s in cells: ansi.StringWidth, with a fast path for
// the common case of ASCII text, escape codes and prr's own symbols, where
// every character is one cell. Anything else (CJK, emoji, combining marks,
// variation selectors) goes through x/ansi's grapheme-aware measure.
func width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			j := i + 1
			if j < len(s) && s[j] == '[' { // CSI: up to the final byte
				j++
				for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
					j++
				}
				i = j + 1
				continue
			}
			return ansi.StringWidth(s)
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c < 0x80:
			return ansi.StringWidth(s)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isOneCell(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		}
	}
	return n
}

// truncate cuts s to at most w cells, ending with "…" when it had to cut.
func truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}

// pad fills s with spaces up to w cells (it never cuts).
func pad(s string, w int) string {
	if n := w - width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// fit cuts or pads s to exactly w cells.
func fit(s string, w int) string { return pad(truncate(s, w), w) }

// padLeft right-aligns s in w cells.
func padLeft(s string, w int) string {
	if n := w - width(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// wrap word-wraps plain or styled text to w cells. Lines break at spaces;
// a word longer than a line (a URL, a hash) is broken, after a '/' where
// possible. Hyphens do not break lines, so dates like 2026-04-15 stay whole.
func wrap(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if width(s) <= w && !strings.Contains(s, "\n") {
		return s
	}
	const nbHyphen = "\u2011" // one cell wide, like '-', but no breakpoint
	s = strings.ReplaceAll(s, "-", nbHyphen)
	return strings.ReplaceAll(ansi.Wrap(s, w, "/"), nbHyphen, "-")
}

// wrapLines wraps s and returns its lines.
func wrapLines(s string, w int) []string {
	return strings.Split(wrap(s, w), "\n")
}

// indent prefixes every line of the wrapped s with prefix.
func indentWrap(s, prefix string, w int) []string {
	pw := ansi.StringWidth(prefix)
	lines := wrapLines(s, w-pw)
	for i := range lines {
		lines[i] = prefix + lines[i]
	}
	return lines
}

// hangWrap wraps s with prefix before the first line and hang before the
// others, so that a list item's continuation lines sit under its text.
func hangWrap(s, prefix, hang string, w int) []string {
	pw := max(ansi.StringWidth(prefix), ansi.StringWidth(hang))
	lines := wrapLines(s, w-pw)
	for i := range lines {
		if i == 0 {
			lines[i] = prefix + lines[i]
		} else {
			lines[i] = hang + lines[i]
		}
	}
	return lines
}

// joinColumns lays two columns side by side: left lines padded to lw cells,
// then sep, then right lines cut to rw cells. It returns h lines.
func joinColumns(left []string, lw int, sep string, right []string, rw int, h int) []string {
	out := make([]string, h)
	for i := range h {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		out[i] = fit(l, lw) + sep + truncate(r, rw)
	}
	return out
}

// fitHeight makes content exactly h lines, cutting or adding lines.
func fitHeight(content string, h int) string {
	if h <= 0 {
		return ""
	}
	n := strings.Count(content, "\n") + 1
	switch {
	case n > h:
		i := 0
		for range h {
			i += strings.IndexByte(content[i:], '\n') + 1
		}
		return content[:i-1]
	case n < h:
		return content + strings.Repeat("\n", h-n)
	}
	return content
}

// fitScreen makes content exactly h lines of at most w cells: the last line
// of defence so that no screen can draw past the terminal's edge.
func fitScreen(content string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	if fits(content, w, h) {
		return content // most frames: no copy
	}
	lines := strings.Split(content, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = truncate(l, w)
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// fits reports whether content is exactly h lines of at most w cells.
func fits(content string, w, h int) bool {
	if strings.HasSuffix(content, "\n") {
		return false // a last, empty line: let fitScreen count it
	}
	n := 0
	for line := range strings.Lines(content) {
		n++
		if n > h || width(strings.TrimSuffix(line, "\n")) > w {
			return false
		}
	}
	return n == h
}

type barKey struct {
	frac float64
	w    int
}

// bar draws a progress bar w cells wide, filled to frac (0..1).
func bar(frac float64, w int, st *Styles) string {
	if w <= 0 {
		return ""
	}
	k := barKey{math.Max(0, math.Min(1, frac)), w}
	if s, ok := st.bars[k]; ok {
		return s
	}
	b := st.Bar
	b.SetWidth(w)
	s := b.ViewAs(k.frac)
	st.bars[k] = s
	return s
}

// ago says how long ago t was, in the words one would use in a meeting.
func ago(t, now time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	case d < 14*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return t.In(now.Location()).Format("2006-01-02")
}

// rule is a horizontal line w cells wide.
func rule(w int, st *Styles) string {
	if w <= 0 {
		return ""
	}
	return st.Rule.Render(strings.Repeat("─", w))
}

// pct formats a 0..100 score as every front end does.
func pct(f float64) string { return review.PercentText(f) }
