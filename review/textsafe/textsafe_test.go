package textsafe

import (
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

func TestPlainTextIsNotCopied(t *testing.T) {
	s := "nothing to do here, æøå"
	if allocs := testing.AllocsPerRun(100, func() { _ = Line(s) }); allocs != 0 {
		t.Errorf("Line allocated %v times on plain text", allocs)
	}
}

func FuzzSanitise(f *testing.F) {
	for _, s := range []string{"a\x1b[31mb", "\x1b]52;c;x\x07", "\u009b1m", "\u202e", "\r\n\t", "\xff\xfe", "\x1bP", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
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
