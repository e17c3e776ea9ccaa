package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// The fast path of width must agree with x/ansi on every character it
// claims is one cell wide.
func TestOneCellRunes(t *testing.T) {
	for _, r := range oneCell {
		if !isOneCell(r) {
			t.Errorf("%q is in oneCell but not in isOneCell", r)
		}
		if w := ansi.StringWidth(string(r)); w != 1 {
			t.Errorf("%q (%U) is %d cells wide", r, r, w)
		}
	}
	for _, s := range []string{
		"plain ascii", "\x1b[1;38;2;1;2;3mbold\x1b[m and │ rules ─── ✓ ✗ ◐ · …", "支付服务 💳", "✓\ufe0f", "e\u0301",
		"👩‍💻 dev", "\x1b]8;;x\x07link", "tab\there", "", "日本語のタイトル", "“quoted” — dash",
	} {
		if got, want := width(s), ansi.StringWidth(s); got != want {
			t.Errorf("width(%q) = %d, ansi says %d", s, got, want)
		}
	}
}

func TestFitHeightAndScreen(t *testing.T) {
	if got := fitHeight("a\nb\nc", 2); got != "a\nb" {
		t.Fatalf("%q", got)
	}
	if got := fitHeight("a", 3); got != "a\n\n" {
		t.Fatalf("%q", got)
	}
	got := fitScreen("0123456789\n支付服务支付服务\nx", 6, 2)
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 6 {
			t.Fatalf("%q wider than 6", l)
		}
	}
	if strings.Count(got, "\n") != 1 {
		t.Fatalf("%q is not 2 lines", got)
	}
}

func TestWrapKeepsWordsAndDates(t *testing.T) {
	got := wrap("accepted by Kari Nordmann, expires 2026-04-15 and a very-long-hyphenated-word", 30)
	for _, l := range strings.Split(got, "\n") {
		if ansi.StringWidth(l) > 30 {
			t.Fatalf("line %q too wide", l)
		}
	}
	if !strings.Contains(got, "2026-04-15") {
		t.Fatalf("the date was broken:\n%s", got)
	}
	if strings.Contains(got, "Nord\nmann") {
		t.Fatalf("a word was cut:\n%s", got)
	}
	long := wrap("https://example.com/a/very/long/path/that/does/not/fit/in/the/line", 20)
	for _, l := range strings.Split(long, "\n") {
		if ansi.StringWidth(l) > 20 {
			t.Fatalf("URL line %q too wide", l)
		}
	}
}

// FuzzFitScreen: whatever a screen draws, the frame is exactly h lines of
// at most w cells, and a frame that fits already comes back as it was.
func FuzzFitScreen(f *testing.F) {
	f.Add("0123456789\n支付服务支付服务\nx", 6, 2)
	f.Add("a\nb", 1, 2)
	f.Add("a\n", 3, 2)
	f.Add("", 4, 1)
	f.Add("\x1b[31mred\x1b[m\nline", 3, 2)
	f.Fuzz(func(t *testing.T, content string, w, h int) {
		if !utf8.ValidString(content) {
			return // frames are built from sanitised text (textsafe)
		}
		w, h = w%300, h%100
		got := fitScreen(content, w, h)
		if w <= 0 || h <= 0 {
			if got != "" {
				t.Fatalf("%q for a %dx%d screen", got, w, h)
			}
			return
		}
		lines := strings.Split(got, "\n")
		if len(lines) != h {
			t.Fatalf("%d lines, want %d: %q", len(lines), h, got)
		}
		for _, l := range lines {
			if width(l) > w {
				t.Fatalf("%q wider than %d", l, w)
			}
		}
		if in := strings.Split(content, "\n"); len(in) == h && got != content {
			for _, l := range in {
				if width(l) > w {
					return // cut, as it must be
				}
			}
			t.Fatalf("a frame that fits was changed: %q to %q", content, got)
		}
	})
}
