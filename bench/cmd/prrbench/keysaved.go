package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// keyPresses is how many answers one run of the walk screen gives, and
// keyGap how far apart: a meeting answers an item every few seconds, so
// each write finds the store as a lone write does (no file kept open from
// the last one). Each gap is drawn out by a random part of a frame: a
// second is a whole number of frames, and presses exactly a second apart
// would all land at the same point of the renderer's frame clock, so that
// one run would see the best case twenty times and the next the worst.
const (
	keyPresses = 20
	keyGap     = time.Second
)

// oneFrame is the goal for a key's effect to be on screen: one frame at
// 60 frames a second, rounded down.
const oneFrame = 16 * time.Millisecond

// measureKeySaved opens the meeting review on the walk screen of the real
// binary (prr open) on each database but the smallest, presses y (pass)
// keyPresses times, keyGap apart, and times each press until the status
// bar says the answer was saved: the store has written it to disk and the
// screen shows it. The floor is hello, running at the same time, timed
// from a key press until its count is on screen: the terminal and Bubble
// Tea's renderer alone.
func (s *suite) measureKeySaved() []row {
	var rows []row
	for _, d := range s.dbs[1:] {
		metric := fmt.Sprintf("TUI: y until \"saved\" on screen, %s reviews, answers %s apart (floor: hello's key until drawn)", count(d.size), keyGap)
		prr, hello, err := s.keySaved(d)
		if err != nil {
			rows = append(rows, errRow(metric, err))
			continue
		}
		rows = append(rows, absRow(metric, prr, hello, dur, oneFrame.Seconds()))
	}
	return rows
}

func (s *suite) keySaved(d *database) (prr, hello sample, err error) {
	p, h, err := s.walkBesideHello(d, false)
	if err != nil {
		return nil, nil, err
	}
	defer p.quit()
	defer h.quit()
	time.Sleep(keyGap)
	items := d.meet.items[:min(keyPresses, d.meet.open())]
	for i, it := range items {
		prev := ""
		if i > 0 {
			prev = items[i-1].Title
		}
		pressed, err := p.press("y")
		if err != nil {
			return nil, nil, err
		}
		saved, err := p.waitFor(savedShown(it.Title, prev), 10*time.Second)
		if err != nil {
			return nil, nil, fmt.Errorf("prr open, y on %q: %w", it.ID, err)
		}
		prr = append(prr, saved.Sub(pressed).Seconds())
		time.Sleep(keyGap/2 + jitter())
		want := fmt.Sprintf("key %d", i+1)
		pressed, err = h.press("x")
		if err != nil {
			return nil, nil, err
		}
		drawn, err := h.waitFor(screenIs(want), 10*time.Second)
		if err != nil {
			return nil, nil, fmt.Errorf("hello: %w", err)
		}
		hello = append(hello, drawn.Sub(pressed).Seconds())
		time.Sleep(keyGap/2 + jitter())
	}
	return prr, hello, nil
}

// jitter is a random time within one frame at 60 frames a second.
func jitter() time.Duration { return rand.N(time.Second / 60) }

// walkBesideHello starts prr on the walk screen of d's meeting review
// and hello beside it, each in its own terminal, and waits for both; with
// helloFirst, hello starts first.
func (s *suite) walkBesideHello(d *database, helloFirst bool) (prr, hello *term, err error) {
	startHello := func() (*term, error) {
		h, err := startTerm(s.binPath("hello"), nil, s.helloEnv)
		if err != nil {
			return nil, err
		}
		if _, err := h.waitFor(screenIs("hello"), 30*time.Second); err != nil {
			h.quit()
			return nil, fmt.Errorf("hello: %w", err)
		}
		return h, nil
	}
	if helloFirst {
		if hello, err = startHello(); err != nil {
			return nil, nil, err
		}
	}
	if prr, err = openWalk(s.binPath("prr"), d); err != nil {
		if hello != nil {
			hello.quit()
		}
		return nil, nil, err
	}
	if !helloFirst {
		if hello, err = startHello(); err != nil {
			prr.quit()
			return nil, nil, err
		}
	}
	return prr, hello, nil
}

// openWalk starts prr on the walk screen of d's meeting review, goes to
// the first item (the walk reopens where it was left, and an earlier
// figure may have walked on) and waits until it shows it.
func openWalk(prr string, d *database) (*term, error) {
	t, err := startTerm(prr, []string{"open", d.meet.id}, d.env)
	if err != nil {
		return nil, err
	}
	first := d.meet.items[0].Title
	shown := func(screen string) bool {
		return strings.Contains(screen, meetingService) && strings.Contains(screen, " answered")
	}
	atFirst := func(screen string) bool {
		return strings.Contains(screen, meetingService) && strings.Contains(screen, first[:min(len(first), 20)]) && strings.Contains(screen, "item 1/")
	}
	_, err = t.waitFor(shown, 30*time.Second)
	if err == nil {
		_, err = t.press("g")
	}
	if err == nil {
		_, err = t.waitFor(atFirst, 30*time.Second)
	}
	if err != nil {
		t.quit()
		return nil, fmt.Errorf("prr open: %w", err)
	}
	return t, nil
}

// savedShown reports whether the status bar says the pass on the item
// titled title was saved. The bar cuts long titles short, so what it shows
// must be the start of title and not also the start of the title before
// it (whose "saved" was on screen when the key was pressed).
func savedShown(title, prev string) func(string) bool {
	const mark = "✓ saved pass: "
	return func(screen string) bool {
		for _, line := range strings.Split(screen, "\n") {
			_, shown, ok := strings.Cut(line, mark)
			if !ok {
				continue
			}
			if i := strings.Index(shown, "  "); i >= 0 {
				shown = shown[:i] // what follows is the right-hand side of the bar
			}
			shown = strings.TrimSuffix(strings.TrimSpace(shown), "…")
			if shown != "" && strings.HasPrefix(title, shown) && (prev == "" || !strings.HasPrefix(prev, shown)) {
				return true
			}
		}
		return false
	}
}
