package tui

import (
	"bytes"
	"image/color"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// The background reply restyles everything, and guidance is rendered again
// in the light style.
func TestBackgroundColourRestyles(t *testing.T) {
	st, r := seededStore(t)
	h := newHarness(t, st, 120, 40, withOpen(r.ID))
	if !h.m.c.isDark || !h.m.c.styles.IsDark {
		t.Fatal("the default before the terminal answers should be dark")
	}
	dark := h.raw()
	renders := h.m.c.md.Renders()
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.c.isDark || h.m.c.styles.IsDark {
		t.Fatal("a white background did not switch to the light styles")
	}
	if h.m.c.md.Renders() == renders {
		t.Fatal("the guidance was not rendered again for the light background")
	}
	if h.raw() == dark {
		t.Fatal("the frame did not change colours")
	}
	if ansi.Strip(h.raw()) != ansi.Strip(dark) {
		t.Fatal("the text changed with the background")
	}
	h.send(tea.BackgroundColorMsg{Color: color.Black})
	if !h.m.c.isDark {
		t.Fatal("a black background did not switch back")
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;:]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m:]`)

// With NO_COLOR the renderer reduces every style to text decoration (the
// Ascii profile). Statuses and verdicts still read, because they are text
// badges, not colours.
func TestNoColorIsUsable(t *testing.T) {
	st, r := seededStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("j")
	if !colourSGR.MatchString(h.raw()) {
		t.Fatal("the frame has no colour to begin with; the check below proves nothing")
	}
	profile := colorprofile.Detect(&bytes.Buffer{}, []string{"TERM=xterm-256color", "NO_COLOR=1"})
	var buf bytes.Buffer
	w := &colorprofile.Writer{Forward: &buf, Profile: profile}
	if _, err := w.WriteString(h.raw()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if colourSGR.MatchString(out) {
		t.Fatalf("colour codes survive NO_COLOR (%s)", profile)
	}
	text := ansi.Strip(out)
	for _, s := range []string{"[IN PROGRESS — 3 REQUIRED LEFT]", "✗ FAIL", "[REQUIRED]", "⚑ waived", "█", "░", "✗ 1 failing"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q missing from the monochrome frame", s)
		}
	}
}
