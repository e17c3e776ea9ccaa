package export

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// mdText reads text back out of a parsed Markdown document: what a reader
// sees, escapes and character references resolved exactly as goldmark's
// renderer resolves them, whatever escaping, padding or wrapping the file
// uses.
type mdText struct{ src []byte }

// unescape resolves backslash escapes and character references in raw
// Markdown text, in one pass, by goldmark's own writer.
func (m mdText) unescape(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, '&') < 0 {
		return string(raw)
	}
	var buf bytes.Buffer
	w := bufWriter{&buf}
	ghtml.DefaultWriter.Write(w, raw)
	return html.UnescapeString(buf.String())
}

// bufWriter is the util.BufWriter goldmark's writer wants, over a buffer.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Available() int { return 4096 }
func (bufWriter) Buffered() int  { return 0 }
func (bufWriter) Flush() error   { return nil }

var _ util.BufWriter = bufWriter{}

// inline writes the text of n and its siblings up to stop (nil: all).
func (m mdText) inlines(first, stop ast.Node) string {
	var b strings.Builder
	for n := first; n != nil && n != stop; n = n.NextSibling() {
		m.inline(&b, n)
	}
	return b.String()
}

// text is the text of n's children.
func (m mdText) text(n ast.Node) string { return m.inlines(n.FirstChild(), nil) }

// inline writes the text one inline node shows. A line break the author
// made hard is a line break; one a formatter wrapped is a space. A link is
// its label, or its label and its target when the two differ (a link a
// person added on the wiki). Emphasis a person added keeps its marks, so
// that what they wrote is what is imported.
func (m mdText) inline(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		if n.IsRaw() {
			b.Write(n.Segment.Value(m.src))
		} else {
			b.WriteString(m.unescape(n.Segment.Value(m.src)))
		}
		switch {
		case n.HardLineBreak():
			b.WriteByte('\n')
		case n.SoftLineBreak():
			b.WriteByte(' ')
		}
	case *ast.String:
		if n.IsCode() || n.IsRaw() {
			b.Write(n.Value)
		} else {
			b.WriteString(m.unescape(n.Value))
		}
	case *ast.CodeSpan:
		b.WriteString(m.code(n))
	case *ast.AutoLink:
		b.Write(n.Label(m.src))
	case *ast.Link:
		label := m.text(n)
		dest := m.unescape(n.Destination)
		b.WriteString(label)
		if !sameURL(label, dest) && dest != "" {
			b.WriteString(" (" + dest + ")")
		}
	case *ast.Image:
		b.WriteString(m.text(n))
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(m.src))
		}
	case *ast.Emphasis:
		mark := strings.Repeat("*", n.Level)
		b.WriteString(mark + m.text(n) + mark)
	case *east.Strikethrough:
		b.WriteString("~~" + m.text(n) + "~~")
	case *east.TaskCheckBox:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			m.inline(b, c)
		}
	}
}

// code is a code span's text, as goldmark renders it.
func (m mdText) code(n *ast.CodeSpan) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			v := t.Segment.Value(m.src)
			if bytes.HasSuffix(v, []byte("\n")) {
				v = append(v[:len(v)-1:len(v)-1], ' ')
			}
			b.Write(v)
		} else if s, ok := c.(*ast.String); ok {
			b.Write(s.Value)
		}
	}
	return b.String()
}

// sameURL reports whether a link's label is its destination as prr
// writes it (the destination with some characters percent-encoded).
func sameURL(label, dest string) bool {
	if label == dest {
		return true
	}
	var b strings.Builder
	writeDestination(&b, cleanURL(label))
	return b.String() == dest || strings.ReplaceAll(b.String(), "&amp;", "&") == dest
}

// block writes the text of a block a person may have put among a note's
// paragraphs: a paragraph as its lines, a list as "- " lines, code as its
// lines, anything else as its text.
func (m mdText) block(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		return m.text(n)
	case *ast.List:
		var lines []string
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			var parts []string
			for c := it.FirstChild(); c != nil; c = c.NextSibling() {
				parts = append(parts, m.block(c))
			}
			lines = append(lines, "- "+strings.Join(parts, "\n"))
		}
		return strings.Join(lines, "\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(m.src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.ThematicBreak:
		return "---"
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() == ast.TypeInline {
			parts = append(parts, m.text(n))
			break
		}
		parts = append(parts, m.block(c))
	}
	return strings.Join(parts, "\n")
}

// labelled splits inline nodes at the labels a layout writes in emphasis
// ("*owner*", "*due*", "*accepted by*", "*until*"): the text before the
// first label, and the text after each. Bold words (**overdue**) are
// derived and skipped. The " — " the layout writes before a label or a
// bold word is dropped, once. User text never contains emphasis, so the
// split cannot be forged by it.
func (m mdText) labelled(first ast.Node, labels ...string) (lead string, after map[string]string) {
	after = map[string]string{}
	var b strings.Builder
	key, seen := "", false
	flush := func() {
		if seen {
			after[key] = b.String()
		} else {
			lead = b.String()
		}
		b.Reset()
	}
	dropSeparator := func() {
		s := strings.TrimRight(b.String(), " ")
		if t, ok := strings.CutSuffix(s, " —"); ok {
			b.Reset()
			b.WriteString(t)
		} else if s == "—" {
			b.Reset()
		}
	}
	for n := first; n != nil; n = n.NextSibling() {
		if e, ok := n.(*ast.Emphasis); ok {
			word := strings.TrimSpace(m.text(e))
			if e.Level == 1 && contains(labels, word) {
				dropSeparator()
				flush()
				key, seen = word, true
				continue
			}
			if e.Level == 2 {
				dropSeparator()
				continue
			}
		}
		m.inline(&b, n)
	}
	flush()
	return lead, after
}

// emphasised reports whether n is emphasis (of any level) whose text is word.
func (m mdText) emphasised(n ast.Node, word string) bool {
	e, ok := n.(*ast.Emphasis)
	return ok && strings.EqualFold(strings.TrimSpace(m.text(e)), word)
}

// firstInline is the first child of n that is not white space.
func (m mdText) firstInline(n ast.Node) ast.Node {
	c := n.FirstChild()
	for c != nil {
		if t, ok := c.(*ast.Text); ok && strings.TrimSpace(string(t.Segment.Value(m.src))) == "" && !t.HardLineBreak() {
			c = c.NextSibling()
			continue
		}
		break
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// trimSep trims white space around s and prefix once from its start.
func trimSep(s, prefix string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), prefix))
}
