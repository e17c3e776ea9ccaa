package export

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prr-dev/prr/review/textsafe"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// doc is a Markdown document parsed the way GitHub reads it (CommonMark
// with the GFM extensions: tables, autolinks, strikethrough, task lists).
type doc struct {
	src  []byte
	root ast.Node
}

func parseMD(src []byte) doc {
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	return doc{src: src, root: md.Parser().Parse(text.NewReader(src))}
}

func renderHTML(t testing.TB, src []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(src, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// renderUnsafe renders src as a careless wiki would: GFM with raw HTML
// passed through.
func renderUnsafe(t testing.TB, src []byte) string {
	t.Helper()
	var buf bytes.Buffer
	md := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(html.WithUnsafe()))
	if err := md.Convert(src, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// inertFrontMatter matches what front matter becomes in a renderer that
// does not know about it: a rule and a setext heading of plain text.
var inertFrontMatter = regexp.MustCompile(`^<hr>\n<h2>[^<]*</h2>\n$`)

// checkFrontMatterInert asserts that front matter read as Markdown (the
// whole file given to a renderer that does not strip it, with raw HTML
// allowed) adds nothing but a rule and a heading of plain text to the
// rendering of the body: no tag, no link, no image, no emphasis.
func checkFrontMatterInert(t testing.TB, whole, body []byte) {
	t.Helper()
	all, rest := renderUnsafe(t, whole), renderUnsafe(t, body)
	prefix, ok := strings.CutSuffix(all, rest)
	if !ok || !inertFrontMatter.MatchString(prefix) {
		t.Fatalf("the front matter renders as more than plain text:\n%s", strings.TrimSuffix(all, rest))
	}
}

// walk calls f for every node, in document order.
func (d doc) walk(f func(n ast.Node)) {
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			f(n)
		}
		return ast.WalkContinue, nil
	})
}

// count returns how many nodes of each kind the document has.
func (d doc) count() map[ast.NodeKind]int {
	c := map[ast.NodeKind]int{}
	d.walk(func(n ast.Node) { c[n.Kind()]++ })
	return c
}

// plain is the text a reader sees in n: escapes and entities resolved,
// as goldmark's HTML renderer resolves them.
func (d doc) plain(n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(d.src)
			v = util.UnescapePunctuations(v)
			v = util.ResolveNumericReferences(v)
			v = util.ResolveEntityNames(v)
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// headings returns the text of every heading, prefixed with its level.
func (d doc) headings() []string {
	var out []string
	d.walk(func(n ast.Node) {
		if h, ok := n.(*ast.Heading); ok {
			out = append(out, strings.Repeat("#", h.Level)+" "+d.plain(h))
		}
	})
	return out
}

// table is a parsed GFM table: header and body rows of cell texts.
type table struct {
	header []string
	rows   [][]string
}

func (d doc) tables() []table {
	var out []table
	d.walk(func(n ast.Node) {
		t, ok := n.(*east.Table)
		if !ok {
			return
		}
		var tb table
		for r := t.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, d.plain(c))
			}
			if _, isHeader := r.(*east.TableHeader); isHeader {
				tb.header = cells
			} else {
				tb.rows = append(tb.rows, cells)
			}
		}
		out = append(out, tb)
	})
	return out
}

// destinations returns every link, autolink and image target.
func (d doc) destinations() []string {
	var out []string
	d.walk(func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, resolve(n.Destination))
		case *ast.Image:
			out = append(out, "image:"+resolve(n.Destination))
		case *ast.AutoLink:
			out = append(out, string(n.URL(d.src)))
		}
	})
	return out
}

// resolve decodes a link destination as a CommonMark renderer does:
// backslash escapes and character references.
func resolve(dest []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(dest))))
}

// checkSafe asserts what must hold for any record, whatever its input:
// no HTML at all (the layouts emit none, so any is injected), no code
// blocks, quotes or images (the default layout has none), only http(s)
// and mailto links, no control or bidi characters, no trailing white
// space, and exactly one newline at the end.
func checkSafe(t testing.TB, out []byte) doc {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("output is not UTF-8")
	}
	for i, r := range string(out) {
		if r != '\n' && (textsafe.Dangerous(r) || r == '\u2028' || r == '\u2029') {
			t.Fatalf("control or bidi character %U at byte %d", r, i)
		}
	}
	if !bytes.HasSuffix(out, []byte("\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
		t.Fatalf("output must end with exactly one newline")
	}
	for i, line := range strings.Split(string(out), "\n") {
		if strings.TrimRight(line, " \t") != line {
			t.Fatalf("line %d has trailing white space: %q", i+1, line)
		}
	}
	d := parseMD(out)
	c := d.count()
	for _, k := range []ast.NodeKind{ast.KindRawHTML, ast.KindHTMLBlock, ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindBlockquote, ast.KindImage} {
		if c[k] > 0 {
			t.Fatalf("output has %d %s node(s); user text got through as Markdown", c[k], k)
		}
	}
	for _, dest := range d.destinations() {
		if !allowedURL(dest) {
			t.Fatalf("link to %q: only http(s) and mailto links are allowed", dest)
		}
	}
	return d
}

// checkTableLines asserts, on the raw text, that every table line has the
// same number of cells as its header, splitting on unescaped pipes as GFM
// does. goldmark pads and truncates rows to the header, so this is what
// catches a pipe that slipped through.
func checkTableLines(t testing.TB, out []byte) {
	t.Helper()
	want := -1
	for i, line := range strings.Split(string(out), "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := len(splitRow(line))
		if want < 0 {
			want = n
			continue
		}
		if n != want {
			t.Fatalf("line %d has %d cells, its table %d: %q", i+1, n, want, line)
		}
	}
}
