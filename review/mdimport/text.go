package mdimport

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inlineText is what a reader sees of inline nodes: emphasis without its
// marks, a link as its label, code as its text, HTML tags dropped. The
// http(s) targets of links are collected in links.
type inlineText struct {
	src   []byte
	links []string
}

func (t *inlineText) of(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		t.write(&b, c)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (t *inlineText) write(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		b.Write(unescape(n.Segment.Value(t.src)))
		if n.SoftLineBreak() || n.HardLineBreak() {
			b.WriteByte(' ')
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if s, ok := c.(*ast.Text); ok {
				b.Write(s.Segment.Value(t.src))
			}
		}
	case *ast.AutoLink:
		u := string(n.URL(t.src))
		t.addLink(u)
		b.WriteString(string(n.Label(t.src)))
	case *ast.Link:
		t.addLink(string(n.Destination))
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.write(b, c)
		}
	case *ast.RawHTML, *east.TaskCheckBox:
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t.write(b, c)
		}
	}
}

// addLink keeps absolute http(s) links: a relative one points into the
// repository the checklist came from, which the template does not carry.
func (t *inlineText) addLink(u string) {
	l := strings.ToLower(u)
	if (strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")) && len(u) <= 2048 && !strings.ContainsAny(u, " \n") {
		for _, x := range t.links {
			if x == u {
				return
			}
		}
		t.links = append(t.links, u)
	}
}

// unescape resolves backslash escapes and character references.
func unescape(b []byte) []byte {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return b
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] == '\\' && i+1 < len(b) && isPunct(b[i+1]) {
			i++
		}
		out = append(out, b[i])
	}
	return []byte(html.UnescapeString(string(out)))
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// blockText is the text of a block and what it holds (paragraphs joined by
// blank lines, list items as "- " lines), for guidance and descriptions.
func (t *inlineText) blockText(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		return t.of(n)
	case *ast.List:
		var lines []string
		for li := n.FirstChild(); li != nil; li = li.NextSibling() {
			var parts []string
			for c := li.FirstChild(); c != nil; c = c.NextSibling() {
				parts = append(parts, t.blockText(c))
			}
			lines = append(lines, "- "+strings.Join(parts, " "))
		}
		return strings.Join(lines, "\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var b strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(t.src))
		}
		return strings.TrimRight(b.String(), "\n")
	case *ast.HTMLBlock, *ast.ThematicBreak:
		return ""
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := t.blockText(c); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "\n\n")
}
