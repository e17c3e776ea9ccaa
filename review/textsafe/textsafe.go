// Package textsafe makes untrusted text safe to draw on a terminal.
//
// Notes, titles, evidence links and template text come from users and from
// imported files. Drawn raw, they could move the cursor, recolour the
// screen, write the clipboard (OSC 52), retitle the window or reorder text
// with bidi overrides. Reviews store the raw text; every front end passes
// it through this package where it is drawn.
//
// Stripping ANSI sequences alone is not enough: C0 controls such as \r and
// backspace, DEL, C1 controls (as raw bytes and UTF-8 encoded) and the
// bidi embedding, override and isolate characters are removed too.
// Invalid UTF-8 becomes U+FFFD. The result is stable: Block(Block(s)) ==
// Block(s) and Line(Line(s)) == Line(s).
package textsafe

import (
	"strings"
	"unicode/utf8"
)

// Line returns s as one line of plain text: line breaks and tabs become
// spaces and every control or formatting trick is removed.
func Line(s string) string { return clean(s, false) }

// Block returns s as plain text that keeps its line breaks; tabs become
// spaces and everything else that could drive the terminal is removed.
func Block(s string) string { return clean(s, true) }

// Dangerous reports whether r must never reach a terminal.
func Dangerous(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f: // C0 controls and DEL
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c: // bidi marks
		return true
	}
	return false
}

func clean(s string, multiline bool) string {
	if isPlain(s, multiline) {
		return s // the common case: no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			i = skipEscape(s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == 0x9b || r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			// A C1 introducer (CSI, OSC, DCS, SOS, PM, APC): some terminals
			// honour it in UTF-8 form, so drop the sequence it opens too.
			i = skipC1Body(s, i, r)
		case Dangerous(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isPlain reports whether s needs no change, without allocating.
func isPlain(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			if c == '\n' && multiline {
				i++
				continue
			}
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Dangerous(r) {
			return false
		}
		i += size
	}
	return true
}

// skipEscape returns the index just past the escape sequence starting at
// s[i] == ESC. Unterminated sequences swallow the rest of the string, as a
// terminal would.
func skipEscape(s string, i int) int {
	i++ // ESC
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[': // CSI: parameters and intermediates, then a final byte
		i++
		for i < len(s) {
			c := s[i]
			i++
			if c >= 0x40 && c <= 0x7e {
				return i
			}
			if c < 0x20 || c > 0x7e {
				return i - 1 // malformed: stop here, the rest is cleaned as text
			}
		}
		return i
	case ']', 'P', 'X', '^', '_': // OSC, DCS, SOS, PM, APC: up to BEL or ST
		return skipString(s, i+1)
	default:
		// Two- or three-byte sequences such as ESC c, ESC ( B, ESC 7.
		i++
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	}
}

// skipString skips a control string body up to and including its
// terminator: BEL, ESC \ or the C1 string terminator U+009C.
func skipString(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == 0x07:
			return i + 1
		case s[i] == 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i // another escape starts: let the caller handle it
		case strings.HasPrefix(s[i:], "\u009c"):
			return i + len("\u009c")
		}
		i++
	}
	return i
}

func skipC1Body(s string, i int, intro rune) int {
	if intro == 0x9b { // CSI
		for i < len(s) {
			c := s[i]
			if c >= 0x40 && c <= 0x7e {
				return i + 1
			}
			if c < 0x20 || c > 0x7e {
				return i
			}
			i++
		}
		return i
	}
	return skipString(s, i)
}
