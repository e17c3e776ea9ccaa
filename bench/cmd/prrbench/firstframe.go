package main

import (
	"fmt"
	"strings"
	"time"
)

// measureFirstFrame times prr's home screen from the start of the process
// until the newest review (the meeting's service) is on screen, on each
// database, against hello until "hello" is on screen: the same libraries,
// the same package initialisation, the same terminal. The programs take
// turns, after one unmeasured round that loads them into the page cache,
// fastRounds rounds for each of --runs.
// It also shows how long each takes to end on ctrl+c.
func (s *suite) measureFirstFrame() []row {
	const metric = "first frame of the home screen"
	prr := make([]sample, len(s.dbs))
	prrExit := make([]sample, len(s.dbs))
	var hello, helloExit sample
	killed := 0
	for round := -1; round < s.runs*fastRounds; round++ {
		h, err := firstFrame(s.binPath("hello"), nil, s.helloEnv, "hello")
		if err != nil {
			return []row{errRow(metric, err)}
		}
		if round >= 0 {
			hello, helloExit = append(hello, h.first.Seconds()), append(helloExit, h.exit.Seconds())
		}
		for i, d := range s.dbs {
			p, err := firstFrame(s.binPath("prr"), nil, d.env, meetingService)
			if err != nil {
				return []row{errRow(metric, err)}
			}
			if round >= 0 {
				prr[i], prrExit[i] = append(prr[i], p.first.Seconds()), append(prrExit[i], p.exit.Seconds())
				if p.killed {
					killed++
				}
			}
		}
	}
	var rows []row
	for i, d := range s.dbs {
		if i == 0 {
			continue
		}
		rows = append(rows, ratioRow(fmt.Sprintf("%s, %s reviews (floor: hello, same libraries)", metric, count(d.size)), prr[i], hello, dur, 1.2))
	}
	rows = append(rows, infoRow(fmt.Sprintf("  %s, %s reviews (info)", metric, count(s.dbs[0].size)), prr[0], hello, dur))
	exit := infoRow(fmt.Sprintf("  quit on ctrl+c, %s reviews (info)", count(s.dbs[len(s.dbs)-1].size)), prrExit[len(s.dbs)-1], helloExit, dur)
	if killed > 0 {
		exit.prr = fmt.Sprintf("%s, %d killed after %s", exit.prr, killed, quitWait)
	}
	return append(rows, exit)
}

// frame is one start of a program in a terminal.
type frame struct {
	first  time.Duration // from the start until the awaited text was on screen
	exit   time.Duration // from ctrl+c until the process ended (or was killed)
	killed bool          // it did not end on ctrl+c within quitWait
}

// firstFrame starts bin and returns how long it took until want was on
// screen, then presses ctrl+c.
func firstFrame(bin string, args, env []string, want string) (frame, error) {
	t, err := startTerm(bin, args, env)
	if err != nil {
		return frame{}, err
	}
	at, err := t.waitFor(func(screen string) bool { return strings.Contains(screen, want) }, 30*time.Second)
	var f frame
	f.first = at.Sub(t.start)
	f.exit, f.killed = t.quit()
	if err != nil {
		return f, fmt.Errorf("%s: waiting for %q: %w", bin, want, err)
	}
	return f, nil
}
