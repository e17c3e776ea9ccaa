package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/prr-dev/prr/review/store"
)

// measureFirstFrame times the home screen of prr listing 10,000 reviews
// against a hello-world Bubble Tea program, each from process start until
// its first screen is drawn, taking turns so that both see the same noise.
// For the diagnosis it also times prr's home screen on an empty database
// (start-up cost alone) and how long each program takes to end on ctrl+c.
// One unmeasured round comes first, to load the binaries into the page
// cache.
func (s *suite) measureFirstFrame() []row {
	const metric = "first frame of the home screen, 10,000 reviews (pty 100x30)"
	emptyDB := filepath.Join(s.work, "empty.db")
	st, err := store.Open(emptyDB, store.Options{}) // creates it
	if err != nil {
		return []row{errRow(metric, err)}
	}
	_ = st.Close()
	emptyEnv, err := childEnv(s.work, emptyDB)
	if err != nil {
		return []row{errRow(metric, err)}
	}
	var hello, prr, empty, helloExit, prrExit sample
	killed := 0
	runs := s.runs
	for i := -1; i < runs; i++ {
		h, err := firstFrame(s.binPath("hello"), s.env, "hello", 10*time.Second)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		e, err := firstFrame(s.binPath("prr"), emptyEnv, "Welcome", 10*time.Second)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		p, err := firstFrame(s.binPath("prr"), s.env, s.man.TopService, 60*time.Second)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		if i < 0 {
			runs = s.affordable(p.first + p.exit)
			continue
		}
		hello, empty, prr = append(hello, h.first.Seconds()), append(empty, e.first.Seconds()), append(prr, p.first.Seconds())
		helloExit, prrExit = append(helloExit, h.exit.Seconds()), append(prrExit, p.exit.Seconds())
		if p.killed {
			killed++
		}
	}
	exit := infoRow("  quit on ctrl+c after that frame (info)", prrExit, helloExit, dur)
	if killed > 0 {
		exit.prr = fmt.Sprintf("%s, %d/%d killed after %s", exit.prr, killed, len(prrExit), quitWait)
	}
	return []row{
		ratioRow(metric, prr, hello, dur, 1.5),
		infoRow("  same, empty database: start-up alone (info)", empty, hello, dur),
		exit,
	}
}
