package export

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain words", "plain words"},
		{"  trimmed \t", "trimmed"},
		{"a|b", `a\|b`},
		{"two\nlines\r\nand\rCR", "two lines and CR"},
		{"# not a heading", `\# not a heading`},
		{"*em* _em_ ~~del~~ `code`", "\\*em\\* \\_em\\_ \\~\\~del\\~\\~ \\`code\\`"},
		{"<script>alert(1)</script>", `&lt;script>alert(1)&lt;/script>`},
		{"AT&T &amp; &#60;", `AT&T &amp;amp; &amp;#60;`},
		{`back\slash\`, `back\slash\\`},
		{`a\*b\\c`, `a\\\*b\\\c`},
		{"[x](javascript:alert(1))", `\[x\](javascript:alert(1))`},
		{"Production readiness review (standard)", "Production readiness review (standard)"},
		{"defined, measured and met; id service-owner", "defined, measured and met; id service-owner"},
		{"see https://x.example/a_b and www.x.example", `see https\://x.example/a_b and www\.x.example`},
		{"kari@example.com, @kari", `kari\@example.com, @kari`},
		{"snake_case, a * b, 5*3, _x_", `snake_case, a * b, 5\*3, \_x\_`},
		{"cost $5 {{ x }} {% y %} a::b", `cost \$5 \{{ x }} \{% y %} a\::b`},
		{"Item #", `Item \#`},
		{"1. first", `1\. first`},
		{"- x", `\- x`},
		{"esc\x1b[31mred\x1b[0m", "escred"},
		{"bell\x07 nul\x00 del\x7f c1\u0085\u009b31m", "bell nul del c1"},
		{"bidi\u202eevil\u2066x\u2069", "bidievilx"},
		{"line\u2028sep\u2029para", "line sep para"},
		{"naïve café ✅", "naïve café ✅"},
		{"\xff\xfe", "\ufffd\ufffd"},
	}
	for _, tt := range tests {
		if got := Inline(tt.in); got != tt.want {
			t.Errorf("Inline(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Cell(tt.in); got != tt.want {
			t.Errorf("Cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestInlineKeepsPunctuationInWords checks the point of the readable
// escaping: between two letters, only the characters that mean something
// there get a backslash.
func TestInlineKeepsPunctuationInWords(t *testing.T) {
	escaped := "$*[]`|~@"
	for c := byte('!'); c <= '~'; c++ {
		if !isASCIIPunct(c) {
			continue
		}
		in := "a" + string(c) + "b"
		want := in
		switch {
		case c == '<':
			want = "a&lt;b"
		case strings.IndexByte(escaped, c) >= 0:
			want = "a\\" + string(c) + "b"
		}
		if got := Inline(in); got != want {
			t.Errorf("Inline(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInlineRendersAsTyped checks that escaping loses nothing: goldmark
// renders the escaped text back to exactly the text, as one paragraph.
func TestInlineRendersAsTyped(t *testing.T) {
	for _, s := range []string{
		`*a* _b_ **c** ~d~ ~~e~~ ` + "`f`" + ` [g](h) ![i](j) <k> &l; &amp; \m \\ \`,
		"www.example.com https://x.example/a_b_c mail@example.com",
		"1. x", "+ x", "- x", "> x", "# x", "=== x", "--- x", "| a | b |", "{{ liquid }} {% tag %}", "::uml::",
		hostileScript, hostileImg,
	} {
		d := parseMD([]byte(Inline(s)))
		if d.root.ChildCount() != 1 || d.root.FirstChild().Kind() != ast.KindParagraph {
			t.Fatalf("Inline(%q) is not one paragraph", s)
		}
		if got := d.plain(d.root); got != s {
			t.Errorf("Inline(%q) renders as %q", s, got)
		}
		if dests := d.destinations(); len(dests) > 0 {
			t.Errorf("Inline(%q) made a link: %v", s, dests)
		}
	}
}

func TestCellInTable(t *testing.T) {
	for _, s := range []string{"a|b|c", "a\\|b", "\\", "x\\", "|", "||", "a\nb|c", "`|`", "` | `", "- | -", ":---"} {
		src := "| h | last |\n| --- | --- |\n| " + Cell(s) + " | end |\n"
		checkTableLines(t, []byte(src))
		tbs := parseMD([]byte(src)).tables()
		if len(tbs) != 1 || len(tbs[0].rows) != 1 {
			t.Fatalf("Cell(%q): want one table with one row, got %+v", s, tbs)
		}
		row := tbs[0].rows[0]
		if want := strings.ReplaceAll(s, "\n", " "); row[0] != want || row[1] != "end" {
			t.Errorf("Cell(%q) reads back as %q", s, row)
		}
	}
}

func TestBlock(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"blank lines only", "\n \n\t\n", ""},
		{"one line", "hello", "hello"},
		{"line break kept as hard break", "one\ntwo", "one\\\ntwo"},
		{"paragraphs kept", "one\n\n\n\ntwo", "one\n\ntwo"},
		{"CRLF and CR", "one\r\ntwo\rthree", "one\\\ntwo\\\nthree"},
		{"heading", "# Title", `\# Title`},
		{"setext", "Title\n===", "Title\\\n\\==="},
		{"thematic break", "---", `\---`},
		{"table delimiter", "a\n:-", "a\\\n\\:-"},
		{"quote", "> quoted", `\> quoted`},
		{"lists", "- a\n+ b\n* c\n1. d\n2) e", "\\- a\\\n\\+ b\\\n\\* c\\\n1\\. d\\\n2\\) e"},
		{"indented code", "    code\n\tcode", "code\\\ncode"},
		{"fence", "```go\nx\n```", "\\`\\`\\`go\\\nx\\\n\\`\\`\\`"},
		{"html block", "<div>\n<script>x</script>", "&lt;div>\\\n&lt;script>x&lt;/script>"},
		{"trailing backslash", "end\\\nnext", "end&#92;\\\nnext"},
		{"trailing backslashes", "end\\\\\nnext\\", "end\\\\&#92;\\\nnext\\\\"},
		{"trailing spaces", "a  \nb", "a\\\nb"},
		{"table", "| a | b |\n| - | - |", "\\| a \\| b \\|\\\n\\| - \\| - \\|"},
		{"link reference", "[x]: javascript:alert(1)", `\[x\]: javascript:alert(1)`},
		{"controls", "a\x1b[2Jb\x00c\u202ed", "abcd"},
	}
	for _, tt := range tests {
		if got := Block(tt.in); got != tt.want {
			t.Errorf("%s: Block(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

// TestBlockRendersAsParagraphs checks that a note comes out as paragraphs
// of its own text and nothing else, whatever Markdown it holds.
func TestBlockRendersAsParagraphs(t *testing.T) {
	in := "# h\n> q\n- l\n1. o\n    code\n```\nf\n```\n<div>x</div>\n\n| a | b |\n|---|---|\n[r]: http://x\\\n===\n\nlast *line* \\"
	d := parseMD([]byte(Block(in)))
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() != ast.KindParagraph {
			t.Errorf("Block made a %s", n.Kind())
		}
	}
	if d.root.ChildCount() != 3 {
		t.Errorf("want 3 paragraphs, got %d", d.root.ChildCount())
	}
	want := "# h\n> q\n- l\n1. o\ncode\n```\nf\n```\n<div>x</div>" + "| a | b |\n|---|---|\n[r]: http://x\\\n===" + "last *line* \\"
	if got := d.plain(d.root); got != want {
		t.Errorf("Block renders as %q, want %q", got, want)
	}
}

func TestLink(t *testing.T) {
	tests := []struct{ url, text, want string }{
		{"https://example.com/a", "", `[https://example.com/a](<https://example.com/a>)`},
		{"https://example.com/a", "the doc", `[the doc](<https://example.com/a>)`},
		{"HTTP://EXAMPLE.COM", "x", `[x](<HTTP://EXAMPLE.COM>)`},
		{"  https://example.com/a b(c)|d<e>\"f'`g\\h{{i}}  ", "x", `[x](<https://example.com/a%20b%28c%29%7Cd%3Ce%3E%22f%27%60g%5Ch%7B%7Bi%7D%7D>)`},
		{"https://example.com/?a=1&b=2&amp;c&#60;", "x", `[x](<https://example.com/?a=1&b=2&amp;amp;c&amp;#60;>)`},
		{"mailto:sre@example.com", "", `[mailto:sre@example.com](<mailto:sre@example.com>)`},
		{"https://exa\nmple.com/\tx", "x", `[x](<https://example.com/x>)`},
		{"https://example.com/]x", "a]b", `[a\]b](<https://example.com/]x>)`},
		// Everything else is escaped plain text.
		{"javascript:alert(1)", "x", `javascript:alert(1)`},
		{"JaVaScRiPt:alert(1)", "", `JaVaScRiPt:alert(1)`},
		{" javascript:alert(1)", "", `javascript:alert(1)`},
		{"\x00java\tscript\n:alert(1)", "", `javascript:alert(1)`},
		{"\u202ejavascript:alert(1)", "", `javascript:alert(1)`},
		{"data:text/html,<script>alert(1)</script>", "", `data:text/html,&lt;script>alert(1)&lt;/script>`},
		{"vbscript:msgbox(1)", "", `vbscript:msgbox(1)`},
		{"file:///etc/passwd", "", `file\:///etc/passwd`},
		{"//evil.example.com", "", `//evil.example.com`},
		{"https:/evil", "", `https:/evil`},
		{"https://", "", `https\://`},
		{"mailto:", "", `mailto:`},
		{"ftp://x", "", `ftp\://x`},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Link(tt.url, tt.text); got != tt.want {
			t.Errorf("Link(%q, %q) = %q, want %q", tt.url, tt.text, got, tt.want)
		}
	}
}

// TestLinkRenders checks, with goldmark, that an allowed URL becomes one
// link to that URL and a refused one no link at all, also inside a table.
func TestLinkRenders(t *testing.T) {
	tests := []struct {
		url, dest string // dest "" means: no link
	}{
		{"https://example.com/a b(c)|d", "https://example.com/a%20b%28c%29%7Cd"},
		{"https://example.com/?q=<script>", "https://example.com/?q=%3Cscript%3E"},
		{"https://example.com/?a=1&copy;", "https://example.com/?a=1&copy;"},
		{"mailto:a@example.com", "mailto:a@example.com"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{" javascript:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"vbscript:x", ""},
	}
	for _, tt := range tests {
		for _, src := range []string{
			"- " + Link(tt.url, "label") + "\n",
			"| a | b |\n| --- | --- |\n| " + Link(tt.url, "la|bel") + " | end |\n",
		} {
			checkTableLines(t, []byte(src))
			d := checkSafe(t, []byte(src))
			dests := d.destinations()
			switch {
			case tt.dest == "" && len(dests) != 0:
				t.Errorf("Link(%q) made a link in %q", tt.url, src)
			case tt.dest != "" && (len(dests) != 1 || dests[0] != tt.dest):
				t.Errorf("Link(%q): links %q, want [%q], in %q", tt.url, dests, tt.dest, src)
			}
			for _, tb := range d.tables() {
				if tb.rows[0][1] != "end" {
					t.Errorf("Link(%q) broke the table: %q", tt.url, tb.rows[0])
				}
			}
		}
	}
}

func TestUnescapeInlineReversesInline(t *testing.T) {
	for _, s := range []string{"", "a|b", `x\y`, "<&>", "&lt; &amp;", "#1. *x*", "✅ ok", "\\\\|"} {
		if got := unescapeInline(Inline(s)); got != s {
			t.Errorf("unescapeInline(Inline(%q)) = %q", s, got)
		}
	}
}
