package tui

import (
	"testing"

	"github.com/prr-dev/prr/review"
)

func bigReview(t testing.TB, n int) (*fakeStore, *review.Review) {
	st := newFakeStore()
	r, err := st.Create(*bigTemplate(n), review.Meta{Service: "big-service"})
	if err != nil {
		t.Fatal(err)
	}
	return st, r
}

// Guidance is rendered once per item and width: moving over items already
// rendered, scrolling, or coming back to a width seen before costs no
// Glamour render at all.
func TestGuidanceRenderedOncePerItem(t *testing.T) {
	st, r := bigReview(t, 300)
	h := newHarness(t, st, 120, 40, withOpen(r.ID))
	md := h.m.c.md
	for range 20 {
		h.press("j")
	}
	first := md.Renders()
	if first < 21 || first > 23 { // items 1-21 (the current one and the next)
		t.Fatalf("%d renders walking 20 items", first)
	}
	for range 20 {
		h.press("k")
	}
	for range 20 {
		h.press("j")
	}
	h.press("pgdown", "pgup", "?", "esc")
	if got := md.Renders(); got != first {
		t.Fatalf("moving over rendered items rendered %d more times", got-first)
	}
	h.send(sizeMsg(100, 30))
	afterResize := md.Renders()
	if afterResize == first {
		t.Fatal("a new width did not re-render the guidance")
	}
	h.send(sizeMsg(120, 40))
	h.press("k", "j")
	if got := md.Renders(); got != afterResize {
		t.Fatalf("coming back to a known width rendered %d times", got-afterResize)
	}
	// Each (width, background) has one renderer, built once.
	if n := len(md.renderers); n != 2 {
		t.Fatalf("%d Glamour renderers for two widths", n)
	}
}

// BenchmarkWalkKeyPress measures Update+View for `j` on a 300-item
// checklist whose guidance is already rendered, at 80x24 and 120x40.
func BenchmarkWalkKeyPress(b *testing.B) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			st, r := bigReview(b, 300)
			h := newHarness(b, st, sz.w, sz.h, withOpen(r.ID))
			for range 299 { // render everything once
				h.press("j")
			}
			h.press("g")
			m := h.m
			down, up := keyMsg("j"), keyMsg("k")
			before := m.c.md.Renders()
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				k := down
				if (i/299)%2 == 1 {
					k = up
				}
				_, cmd := m.Update(k)
				if cmd != nil {
					b.Fatal("a key press over rendered items returned work to do")
				}
				_ = m.View()
			}
			b.StopTimer()
			if m.c.md.Renders() != before {
				b.Fatal("the benchmark rendered Markdown")
			}
		})
	}
}
