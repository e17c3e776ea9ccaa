package export

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/prr-dev/prr/review/textsafe"
)

// The escapers below turn untrusted text (anything a user typed or a file
// imported, template text included) into Markdown that renders as exactly
// that text and as nothing else, in CommonMark, GFM, GitLab, goldmark and
// Python-Markdown (MkDocs), and that a person can still read and edit.
//
// So they escape a character only where it would mean something at its
// position (see writeEscaped): '|' everywhere, because text may land in a
// table cell; '*', '_' and '~' where they could open or close emphasis or
// strikethrough; '#', '>', '-', '+', '=', ':' and "1." where they would
// start a block at the start of a line; '[', ']', '`', '<', '$' and '\'
// wherever they stand; '&' before something a renderer would read as a
// character reference; "://", '@' and "www." where GFM would make a link
// of them; "{{", "{%" and "{:" where a wiki's template engine would act.
// Everything else is written as typed. FuzzEscapeRendersAsBefore holds the
// rendered HTML equal to that of the old rule, which escaped every ASCII
// punctuation character, for any input.

// Inline escapes user text for running Markdown: a heading, a paragraph, a
// list item or a table cell. The result is one line: line breaks and tabs
// become spaces, control and bidi characters are removed (textsafe.Line),
// and leading and trailing white space is trimmed, so the text cannot end in
// a hard line break or start an indented code block.
func Inline(s string) string {
	if plainWords(s) {
		return s // what most names and titles are: nothing to escape, no copy
	}
	s = oneLine(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	writeEscaped(&b, s, false)
	return b.String()
}

// Cell escapes user text for a GFM table cell. Inline already escapes '|'
// and never yields a line break, which are the two ways to break a table's
// column count; Cell is kept as its own name so that layouts say what they
// mean and so that the two may diverge without touching every caller.
func Cell(s string) string { return Inline(s) }

// Block escapes multi-line user text (a note, a comment) as Markdown
// paragraphs. It must stand as a block of its own: at the start of a line,
// with blank lines around it, outside lists and tables.
//
// Blank lines separate paragraphs as the user wrote them; a single line
// break is kept as a hard line break (a trailing backslash, CommonMark's
// form that needs no trailing spaces). A user's backslash just before such
// a break is written &#92;, the one place Block writes a character
// reference. Each line is escaped as Inline does,
// and its leading white space is dropped, so no line can open a heading,
// quote, list, fence, table, HTML block, setext underline or indented code
// block.
func Block(s string) string { return paragraphs(s, false) }

// Note is Block for an answer's note, with one thing more: the http://,
// https:// and mailto: URLs in it become links, labelled with the URL as
// written. Nothing else becomes a link.
func Note(s string) string { return paragraphs(s, true) }

// NoteLine is Note for a note of one line, written for a table cell: the
// line with its URLs as links. A note of more lines is joined into one.
func NoteLine(s string) string {
	var b strings.Builder
	writeLinked(&b, oneLine(s))
	return b.String()
}

func paragraphs(s string, links bool) string {
	lines := strings.Split(textsafe.Block(unifyNewlines(s)), "\n")
	for i := range lines {
		lines[i] = strings.TrimFunc(lines[i], unicode.IsSpace)
	}
	write := func(b *strings.Builder, line string) { writeEscaped(b, line, false) }
	if links {
		write = writeLinked
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	for i, line := range lines {
		if line == "" {
			continue
		}
		if b.Len() > 0 && lines[i-1] == "" {
			b.WriteString("\n\n") // a new paragraph
		}
		hardBreak := i+1 < len(lines) && lines[i+1] != ""
		if hardBreak && strings.HasSuffix(line, `\`) {
			// A user's backslash, escaped, right before the break's own
			// makes three at the end of the line. CommonMark reads that as
			// a backslash and a break, but goldmark (and so Glamour) as two
			// backslashes and no break; &#92; says it without ambiguity.
			write(&b, line[:len(line)-1])
			b.WriteString("&#92;")
		} else {
			write(&b, line)
		}
		if hardBreak {
			b.WriteString("\\\n")
		}
	}
	return b.String()
}

// writeLinked writes one line of a note: its URLs as links (see findURL),
// the text between them escaped.
func writeLinked(b *strings.Builder, line string) {
	for line != "" {
		start, end := findURL(line)
		if start < 0 {
			writeEscaped(b, line, false)
			return
		}
		writeEscaped(b, line[:start], false)
		u := line[start:end]
		b.WriteByte('[')
		writeEscaped(b, u, true)
		b.WriteString("](<")
		writeDestination(b, u)
		b.WriteString(">)")
		line = line[end:]
	}
}

// Code writes an id as a code span, with a fence of more backticks than
// any run in it. An id that cannot be one everywhere (empty, or with a '|',
// which a table would split a code span on) is escaped text instead.
func Code(s string) string {
	s = oneLine(s)
	if s == "" || strings.IndexByte(s, '|') >= 0 {
		return Inline(s)
	}
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if s[0] == '`' || s[len(s)-1] == '`' {
		return fence + " " + s + " " + fence // CommonMark strips one space each side
	}
	return fence + s + fence
}

// Link returns a Markdown link to url labelled text (the URL itself when
// text is empty), but only for http://, https:// and mailto: URLs. Anything
// else (javascript:, data:, vbscript:, file:, relative paths, typos) comes
// back as escaped plain text, so it is visible in the record but cannot be
// clicked.
//
// The scheme is checked on the URL as it will be written, after what a
// browser would strip (tabs and line breaks anywhere, white space and
// control characters at the ends), case-insensitively. The destination is
// written in angle brackets with the characters that could end it or
// break a table (space, <, >, parentheses, backslash, backtick, |, quotes,
// braces) percent-encoded.
func Link(url, text string) string {
	u := cleanURL(url)
	if !allowedURL(u) {
		return Inline(u)
	}
	// The label is Inline(text), or Inline(u) if that is empty, escaped
	// straight into the link rather than into a string of its own.
	label := oneLine(text)
	if label == "" {
		label = oneLine(u)
	}
	var b strings.Builder
	b.Grow(len(label) + len(label)/4 + len(u) + 8)
	b.WriteByte('[')
	writeEscaped(&b, label, true)
	b.WriteString("](<")
	writeDestination(&b, u)
	b.WriteString(">)")
	return b.String()
}

// oneLine is s as one line of plain text without surrounding white space:
// no controls, no bidi tricks, line breaks (a lone CR included) as spaces.
func oneLine(s string) string {
	return strings.TrimFunc(textsafe.Line(unifyNewlines(s)), unicode.IsSpace)
}

// unifyNewlines turns CRLF and a lone CR into LF: textsafe drops a CR as a
// control character, which would glue two lines together.
func unifyNewlines(s string) string {
	if strings.IndexByte(s, '\r') < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// allowedURL reports whether url (already cleaned: no surrounding space,
// no controls) has one of the schemes a record may link to.
func allowedURL(url string) bool {
	for _, p := range []string{"https://", "http://", "mailto:"} {
		if len(url) > len(p) && strings.EqualFold(url[:len(p)], p) {
			return true
		}
	}
	return false
}

// cleanURL removes what browsers ignore in a URL before they read its
// scheme, so that the scheme checked is the scheme followed.
func cleanURL(url string) string {
	if strings.ContainsAny(url, "\t\n\r") {
		url = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, url)
	}
	return strings.TrimFunc(textsafe.Line(url), unicode.IsSpace)
}

// writeEscaped writes s, one line already free of controls, so that it
// renders as exactly its characters wherever a layout puts it: at the
// start of a line, in a table cell, a heading, a list item or a link label,
// next to whatever the layout writes around it. Each character is escaped
// only if it could mean something there (see escapeAt); runs that need
// nothing are copied in one go. Invalid UTF-8 (there should be none after
// textsafe) becomes U+FFFD. In a link's label (label set) no autolink can
// form, so URLs and addresses there are left as they are.
func writeEscaped(b *strings.Builder, s string, label bool) {
	lead := leadingMarker(s)
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n, how := escapeAt(s, i, lead, label)
			if how == keep {
				i += n
				continue
			}
			b.WriteString(s[start:i])
			for j := i; j < i+n; j++ {
				switch {
				case how == entity && s[j] == '<':
					b.WriteString("&lt;")
				case how == entity:
					b.WriteString("&amp;")
				default:
					b.WriteByte('\\')
					b.WriteByte(s[j])
				}
			}
			i += n
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\u2028' || r == '\u2029':
			// Unicode line and paragraph separators: not line endings to
			// CommonMark, but some renderers and terminals treat them as such.
			b.WriteString(s[start:i])
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteString(s[start:i])
			b.WriteRune(utf8.RuneError)
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
}

// plainWords reports whether s is non-empty, only ASCII letters, digits
// and spaces, and has no space at either end: text that Inline returns
// unchanged.
func plainWords(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ') {
			return false
		}
	}
	return true
}

// isASCIIPunct is CommonMark's definition of ASCII punctuation: the
// characters a backslash may escape.
func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// writeDestination writes a URL inside <...>. Only characters that could
// close the brackets, split a table row, start an escape or an HTML entity,
// or be read as template syntax by a wiki (Liquid's {{ and {%) are encoded;
// the rest is left as the user wrote it, so the link goes where they meant.
func writeDestination(b *strings.Builder, u string) {
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch c {
		case ' ':
			b.WriteString("%20")
		case '<', '>', '(', ')', '\\', '`', '|', '"', '\'', '{', '}':
			b.WriteString(pctEncode(c))
		case '&':
			if looksLikeEntity(u[i:]) {
				b.WriteString("&amp;") // a CommonMark destination decodes entities
			} else {
				b.WriteByte('&')
			}
		default:
			b.WriteByte(c)
		}
	}
}

func pctEncode(c byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'%', hex[c>>4], hex[c&0xf]})
}

// looksLikeEntity reports whether s starts with something CommonMark would
// decode as an entity or numeric character reference: &name; &#123; &#x1F;.
func looksLikeEntity(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 33 {
		return false
	}
	body := s[1:end]
	if body[0] == '#' {
		body = body[1:]
		if body != "" && (body[0] == 'x' || body[0] == 'X') {
			body = body[1:]
		}
		return body != "" && strings.IndexFunc(body, func(r rune) bool { return !isHexOrDigit(r) }) < 0
	}
	return strings.IndexFunc(body, func(r rune) bool { return !isAlnum(r) }) < 0
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func isHexOrDigit(r rune) bool { return isAlnum(r) && (r <= '9' || r|0x20 <= 'f') }
