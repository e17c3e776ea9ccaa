package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// escapeHow is how writeEscaped writes a character.
type escapeHow uint8

const (
	keep      escapeHow = iota // as it is
	backslash                  // with a backslash before it
	entity                     // as &lt; or &amp;, which every renderer reads, MkDocs included
)

// escapeAt decides how to write the ASCII character s[i] and returns how
// many bytes from i the decision covers: a run of '*', '_', '~' or '#' is
// decided as one, because CommonMark reads it as one. lead is the index of
// the character that would start a block at the start of the line (see
// leadingMarker), or -1; label says s is a link's label, where GFM makes
// no autolinks.
//
// The text before s and after it is the layout's, and unknown here, so at
// either end of s the rules assume the worst: a delimiter run touching an
// end is escaped, and so is a backslash at the end.
func escapeAt(s string, i, lead int, label bool) (int, escapeHow) {
	if i == lead {
		return 1, backslash
	}
	switch c := s[i]; c {
	case '\\':
		// A backslash escapes only ASCII punctuation; before anything else
		// it is a plain backslash. At the end, the layout's next character
		// might be punctuation, or the end of the line (a hard break).
		if i+1 == len(s) || isASCIIPunct(s[i+1]) {
			return 1, backslash
		}
	case '`', '[', ']', '|', '$':
		// Code spans, links, table cells, and math on GitHub and GitLab.
		return 1, backslash
	case '<':
		return 1, entity // raw HTML and autolinks
	case '&':
		if looksLikeEntity(s[i:]) {
			return 1, entity
		}
	case '*', '~', '_':
		n := runLen(s, i, c)
		if inertDelimiters(s, i, i+n, c) {
			return n, keep
		}
		return n, backslash
	case '#':
		// The closing sequence of an ATX heading: a last run of '#' after a
		// space would be dropped from a heading's text.
		n := runLen(s, i, '#')
		if i+n == len(s) && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return n, backslash
		}
		return n, keep
	case ':':
		// "https://" and "ftp://" are GFM autolinks; "::" and ":::" start
		// directives and fences in some wikis (Azure DevOps, MkDocs).
		if !label && strings.HasPrefix(s[i+1:], "//") || strings.HasPrefix(s[i+1:], ":") {
			return 1, backslash
		}
	case '@':
		// An e-mail address is a GFM autolink; an '@' with a space on
		// either side cannot be part of one.
		if !label && !(i > 0 && isSpace(s[i-1])) && !(i+1 < len(s) && isSpace(s[i+1])) {
			return 1, backslash
		}
	case '.':
		if !label && afterWWW(s, i) {
			return 1, backslash // "www." is a GFM autolink
		}
	case '{':
		// Liquid and Hugo ({{ and {%) and kramdown ({:) act on these
		// before Markdown is read.
		if i+1 == len(s) || strings.IndexByte("{%:", s[i+1]) >= 0 {
			return 1, backslash
		}
	}
	return 1, keep
}

// leadingMarker returns the index of the character that would make the line
// s start a block other than a paragraph, or -1 if none would: a heading
// ("# "), a quote, a list item ("- ", "+ ", "1. ", "1) "), a thematic
// break, a setext underline or a table's delimiter row ("---", "===",
// ":-|-"), a definition (": ", Python-Markdown and kramdown) or an
// admonition ("!!!", MkDocs). '*', '_', '~', '`', '<', '[' and '|' are
// escaped wherever they are, so they need no rule here; Block drops a
// line's leading white space, so neither does indentation.
func leadingMarker(s string) int {
	if s == "" {
		return -1
	}
	endsMarker := func(j int) bool { return j == len(s) || s[j] == ' ' || s[j] == '\t' }
	switch c := s[0]; {
	case c == '>':
		return 0
	case c == '#':
		if endsMarker(runLen(s, 0, '#')) {
			return 0
		}
	case c == '-' || c == '+' || c == ':':
		if endsMarker(1) {
			return 0
		}
	case c == '=':
		if strings.Trim(s, "= \t") == "" {
			return 0
		}
	case c == '!':
		if strings.HasPrefix(s, "!!!") {
			return 0
		}
	case c >= '0' && c <= '9':
		n := 0
		for n < len(s) && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n <= 9 && n < len(s) && (s[n] == '.' || s[n] == ')') && endsMarker(n+1) {
			return n
		}
	}
	if strings.Trim(s, "-:| \t") == "" && strings.Contains(s, "-") {
		return 0 // a thematic break, a setext underline or a delimiter row
	}
	return -1
}

// inertDelimiters reports whether the run s[i:j] of '*', '~' or '_' can
// neither open nor close emphasis or strikethrough in any CommonMark
// renderer: it has a space on both sides (so it flanks nothing), or, for
// '_', a letter or digit on both sides (an underscore inside a word, as in
// snake_case). A run at either end of s touches the layout's text, which
// could be anything, so it is never inert.
func inertDelimiters(s string, i, j int, c byte) bool {
	if i == 0 || j == len(s) {
		return false
	}
	if isSpace(s[i-1]) && isSpace(s[j]) {
		return true
	}
	if c != '_' {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[j:])
	return isWordRune(before) && isWordRune(after)
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// runLen is the length of the run of c starting at s[i].
func runLen(s string, i int, c byte) int {
	j := i
	for j < len(s) && s[j] == c {
		j++
	}
	return j - i
}

// afterWWW reports whether the '.' at s[i] ends a "www" that starts a word
// (or starts s, where the layout's character before it is unknown).
func afterWWW(s string, i int) bool {
	if i < 3 || !strings.EqualFold(s[i-3:i], "www") {
		return false
	}
	return i == 3 || !isAlnum(rune(s[i-4]))
}

// findURL finds the first http://, https:// or mailto: URL in s that
// starts a word, and returns where it starts and ends, or -1, -1. A URL
// runs to the first space or character that cannot be in one unencoded
// ('<', '>', '"', '`', '|', '[', ']', '{', '}', '\'), less the punctuation
// that ends a sentence around it: a final '.', ',', ':', ';', '!', '?',
// quote or emphasis mark, and a ')' that closes nothing in the URL.
func findURL(s string) (start, end int) {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c != 'h' && c != 'm' || i > 0 && isAlnum(rune(s[i-1])) {
			continue
		}
		n := 0
		for _, p := range []string{"https://", "http://", "mailto:"} {
			if len(s)-i >= len(p) && strings.EqualFold(s[i:i+len(p)], p) {
				n = len(p)
				break
			}
		}
		if n == 0 {
			continue
		}
		j := i + n
		for j < len(s) && strings.IndexByte(" \t<>\"`|[]{}\\", s[j]) < 0 {
			j++
		}
		j = trimURLEnd(s[i:j], n) + i
		if j > i+n {
			return i, j
		}
	}
	return -1, -1
}

// trimURLEnd returns the length of u without the punctuation that ends a
// sentence after it; min is the length of its scheme.
func trimURLEnd(u string, min int) int {
	end := len(u)
	for end > min {
		c := u[end-1]
		if strings.IndexByte(".,:;!?'*_~", c) >= 0 {
			end--
			continue
		}
		if c == ')' && strings.Count(u[:end], ")") > strings.Count(u[:end], "(") {
			end--
			continue
		}
		break
	}
	return end
}
