package textsafe

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBlockAndLine(t *testing.T) {
	tests := []struct{ in, block, line string }{
		{"plain text", "plain text", "plain text"},
		{"two\nlines", "two\nlines", "two lines"},
		{"tab\there", "tab here", "tab here"},
		{"red \x1b[31mtext\x1b[0m", "red text", "red text"},
		{"cursor\x1b[2J\x1b[Hhome", "cursorhome", "cursorhome"},
		{"clip\x1b]52;c;aGVsbG8=\x07board", "clipboard", "clipboard"},
		{"title\x1b]0;pwned\x1b\\x", "titlex", "titlex"},
		{"dcs\x1bPq#0;2;0;0;0\x1b\\end", "dcsend", "dcsend"},
		{"over\rwrite", "overwrite", "overwrite"},
		{"back\bspace\x7f", "backspace", "backspace"},
		{"c1 csi \u009b31mred", "c1 csi red", "c1 csi red"},
		{"c1 osc \u009d0;title\u009cx", "c1 osc x", "c1 osc x"},
		{"raw c1 \x9b31m", "raw c1 \ufffd31m", "raw c1 \ufffd31m"},
		{"bidi \u202eevil\u202c \u2066iso\u2069", "bidi evil iso", "bidi evil iso"},
		{"wide 日本語 ✅", "wide 日本語 ✅", "wide 日本語 ✅"},
		{"bell\x07", "bell", "bell"},
		{"trailing esc\x1b", "trailing esc", "trailing esc"},
	}
	for _, tc := range tests {
		if got := Block(tc.in); got != tc.block {
			t.Errorf("Block(%q) = %q, want %q", tc.in, got, tc.block)
		}
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func TestMarkdownDefusesReferences(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain & simple", "plain & simple"},
		{"a&#13;b", "a\ufffdb"},
		{"&#13;\u2713 PASS (verified by SRE)", "\ufffd\u2713 PASS (verified by SRE)"},
		{"dcs &#144;q osc &#157;0;x &#x90; &#X8D; &#x8f", "dcs \ufffdq osc \ufffd0;x \ufffd \ufffd \ufffd"},
		// HTML reads 0x80 to 0x9F as Windows-1252, as Glamour does: &#x9b; is "›".
		{"csi &#x9b;2J", "csi &#x9b;2J"},
		{"esc &#27;[31mred", "esc \ufffd[31mred"},
		{"no semicolon &#13 &#x1b[2J", "no semicolon \ufffd \ufffd[2J"},
		{"zeros &#0000000000013;", "zeros \ufffd"},
		{"named &lrm; &rlm; &NewLine; &Tab;", "named \ufffd \ufffd \ufffd \ufffd"},
		{"nested &&#13;#13;", "nested &\ufffd#13;"},
		{"fine &amp;#13; &copy; &#128; &#x2713; &lt;b&gt; &unknown; &", "fine &amp;#13; &copy; &#128; &#x2713; &lt;b&gt; &unknown; &"},
		{"raw \r and \x1b[2J go too", "raw  and  go too"},
	}
	for _, tc := range tests {
		if got := Markdown(tc.in); got != tc.want {
			t.Errorf("Markdown(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRenderedKeepsOnlyStyling(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\x1b[38;5;252mtext\x1b[m\n\x1b[1;4mbold\x1b[0m", "\x1b[38;5;252mtext\x1b[m\n\x1b[1;4mbold\x1b[0m"},
		{"\x1b[38:2::1:2:3mrgb\x1b[m", "\x1b[38:2::1:2:3mrgb\x1b[m"},
		{"fake\r\x1b[32m\u2713 PASS\x1b[m", "fake\x1b[32m\u2713 PASS\x1b[m"},
		{"\x1b]8;;javascript:x\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"\x1b[2J\x1b[Hhome \x1b[?1049h", "home "},
		{"c1 \u0090q\u009c \u009d0;t\u0007 \u009b31m", "c1   "},
		{"esc esc \x1b\x1b[m\x1b[38;5;252m[", "esc esc \x1b[m\x1b[38;5;252m["},
		{"bidi \u202eevil\u202c tab\tx", "bidi evil tab x"},
	}
	for _, tc := range tests {
		if got := Rendered(tc.in); got != tc.want {
			t.Errorf("Rendered(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlainTextIsNotCopied(t *testing.T) {
	s := "nothing to do here, æøå"
	if allocs := testing.AllocsPerRun(100, func() { _ = Line(s) }); allocs != 0 {
		t.Errorf("Line allocated %v times on plain text", allocs)
	}
}

// sgrSeq is what Rendered may keep.
var sgrSeq = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func FuzzSanitise(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]52;c;x\x07", "\u009b1m", "\u202e", "\r\n\t", "\xff\xfe", "\x1bP", "é",
		"&#13;", "&#x9b;2J", "&#144;", "&#157;0;t&#7;", "&#27;[31m", "&lrm;&rlm;&NewLine;&Tab;", "&#13", "&&#13;#13;", "&#0000013;",
		"&amp;#13;", "\x1b\x1b[m", "\x1b[38;5;1m\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		md := Markdown(s)
		if dec := html.UnescapeString(md); strings.ContainsFunc(dec, func(r rune) bool { return r != '\n' && Dangerous(r) }) {
			t.Fatalf("Markdown(%q) = %q decodes to %q", s, md, dec)
		}
		if again := Markdown(md); again != md {
			t.Fatalf("Markdown is not idempotent on %q: %q then %q", s, md, again)
		}
		r := Rendered(s)
		if !utf8.ValidString(r) {
			t.Fatalf("Rendered(%q) is not valid UTF-8: %q", s, r)
		}
		if rest := sgrSeq.ReplaceAllString(r, ""); strings.ContainsFunc(rest, func(r rune) bool { return r != '\n' && Dangerous(r) }) {
			t.Fatalf("Rendered(%q) = %q keeps more than styling", s, r)
		}
		if again := Rendered(r); again != r {
			t.Fatalf("Rendered is not idempotent on %q: %q then %q", s, r, again)
		}
		for name, fn := range map[string]func(string) string{"Line": Line, "Block": Block} {
			out := fn(s)
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) is not valid UTF-8: %q", name, s, out)
			}
			for _, r := range out {
				if r == '\n' && name == "Block" {
					continue
				}
				if Dangerous(r) {
					t.Fatalf("%s(%q) kept control %U: %q", name, s, r, out)
				}
			}
			if again := fn(out); again != out {
				t.Fatalf("%s is not idempotent on %q: %q then %q", name, s, out, again)
			}
			if name == "Line" && strings.Contains(out, "\n") {
				t.Fatalf("Line kept a newline: %q", out)
			}
		}
	})
}
