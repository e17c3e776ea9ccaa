package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prr-dev/prr/review/textsafe"
)

// FuzzMarkdownRender renders untrusted Markdown as the walk screen draws
// guidance: whatever Glamour decodes (character references, entities,
// HTML), the result holds Glamour's styling and plain text, nothing else.
//
//	go test -run '^$' -fuzz FuzzMarkdownRender -fuzztime 30s ./tui/
func FuzzMarkdownRender(f *testing.F) {
	for _, s := range []string{references, hostile, "# &#13;title", "`&#27;[31m`", "<b>&#144;</b>", "&amp;#13;", "[a&#157;](https://x.example)",
		"| &#13; | b |\n| --- | --- |\n| c | &#x1b;[2J |", "- &NewLine;\n- &lrm;x", "&#x1b;]52;c;eA==&#7;"} {
		f.Add(s)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		out, err := md.Render(src, 60, true)
		if err != nil {
			return // an error is a message, not terminal output
		}
		if !utf8.ValidString(out) {
			t.Fatalf("not UTF-8: %q", out)
		}
		rest := sgr.ReplaceAllString(out, "")
		if i := strings.IndexFunc(rest, func(r rune) bool { return r != '\n' && textsafe.Dangerous(r) }); i >= 0 {
			t.Fatalf("Render(%q) draws %q", src, rest)
		}
	})
}
