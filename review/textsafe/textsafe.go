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
//
// Markdown is text too, but one that a renderer decodes: "&#13;" in a
// template's guidance is a carriage return once Glamour has drawn it. So
// Markdown source gets Markdown, which also defuses such references, and
// what the renderer makes of it gets Rendered, which keeps the renderer's
// colours and nothing else.
package textsafe

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Line returns s as one line of plain text: line breaks and tabs become
// spaces and every control or formatting trick is removed.
func Line(s string) string { return clean(s, false, false) }

// Block returns s as plain text that keeps its line breaks; tabs become
// spaces and everything else that could drive the terminal is removed.
func Block(s string) string { return clean(s, true, false) }

// Rendered cleans text that a renderer (Glamour) made from untrusted
// Markdown: it keeps the SGR sequences that style it (ESC [ ... m: colours,
// bold, underline) and line breaks, and removes every other escape sequence
// and control character as Block does, OSC 8 hyperlinks included. Whatever
// the renderer decoded (a character reference, an entity), nothing but
// styled text reaches the terminal.
func Rendered(s string) string { return clean(s, true, true) }

// Markdown returns Markdown source as Block does, with one more thing
// defused: a character reference that decodes to a control or bidi
// character ("&#13;", "&#x9b;", "&#144;", "&lrm;", "&NewLine;", also
// without the semicolon where HTML allows that) is replaced by U+FFFD.
// Glamour decodes references in text and code with the HTML rules
// (html.UnescapeString), which are the rules applied here; a decoded ESC
// followed by "[31m" would otherwise be styling that Rendered keeps.
func Markdown(s string) string {
	s = Block(s)
	amp := strings.IndexByte(s, '&')
	if amp < 0 {
		return s
	}
	var b strings.Builder
	for amp >= 0 {
		end := amp + 1
		for end < len(s) && (isAlnum(s[end]) || s[end] == '#' && end == amp+1) {
			end++
		}
		if end < len(s) && s[end] == ';' {
			end++
		}
		ref := s[amp:end]
		if dec := html.UnescapeString(ref); dec != ref && strings.IndexFunc(dec, Dangerous) >= 0 {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[:amp])
			b.WriteRune(utf8.RuneError)
			s = s[end:]
			amp = strings.IndexByte(s, '&')
			continue
		}
		if next := strings.IndexByte(s[end:], '&'); next >= 0 {
			amp = end + next
		} else {
			amp = -1
		}
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(s)
	return b.String()
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

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

// clean removes what could drive the terminal from s; multiline keeps
// line breaks, sgr keeps the SGR sequences (styling) of a renderer.
func clean(s string, multiline, sgr bool) string {
	if isPlain(s, multiline) {
		return s // the common case: no allocation
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b {
			if n := sgrLen(s[i:]); sgr && n > 0 {
				b.WriteString(s[i : i+n])
				i += n
				continue
			}
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

// sgrLen is the length of the SGR sequence (ESC [ digits ; : m) that s
// starts with, or 0.
func sgrLen(s string) int {
	if len(s) < 3 || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		switch c := s[i]; {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9', c == ';', c == ':':
		default:
			return 0
		}
	}
	return 0
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
		if s[i] < 0x20 {
			return i // ESC ESC, ESC CR: the lone ESC goes, the rest is read anew
		}
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
