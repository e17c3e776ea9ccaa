package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// idleWindow is how long an idle screen is watched in a round, and
// idleRounds how many rounds there are.
const (
	idleWindow = 10 * time.Second
	idleRounds = 6
)

// measureIdle leaves prr on the walk screen of the meeting review, on each
// database but the smallest, and hello at 60 frames a second, side by side
// with no key pressed, and compares the CPU time each spends in
// idleWindow. What prr spends beyond hello is its own: polling for other
// processes' changes, timers, drawing.
//
// Each round starts a new pair, and who starts first alternates. Two
// programs that draw at 60 frames a second side by side settle into a
// rhythm for as long as both run, and it favours one of them: hello beside
// a copy of itself, the pair started once and watched for a minute, spent
// 12 % less CPU than its twin in every window (docs/performance.md). A new
// pair each round, in turns, spreads that over both sides.
func (s *suite) measureIdle() []row {
	var rows []row
	for _, d := range s.dbs[1:] {
		metric := fmt.Sprintf("CPU time of an idle walk screen, %s reviews, per %s (floor: hello at 60 fps)", count(d.size), idleWindow)
		var prr, hello sample
		var err error
		for round := range idleRounds {
			var p, h float64
			if p, h, err = s.idle(d, round%2 == 1); err != nil {
				break
			}
			prr, hello = append(prr, p), append(hello, h)
		}
		if err != nil {
			rows = append(rows, errRow(metric, err))
			continue
		}
		rows = append(rows, ratioRow(metric, prr, hello, dur, 1.0))
	}
	return rows
}

// idle starts prr and hello side by side and returns the CPU time, in
// seconds, each spends in one idleWindow.
func (s *suite) idle(d *database, helloFirst bool) (prr, hello float64, err error) {
	p, h, err := s.walkBesideHello(d, helloFirst)
	if err != nil {
		return 0, 0, err
	}
	defer p.quit()
	defer h.quit()
	time.Sleep(2 * time.Second) // let start-up work (the catalog, the first poll) finish
	p0, err := cpuTime(p.pid())
	if err != nil {
		return 0, 0, err
	}
	h0, err := cpuTime(h.pid())
	if err != nil {
		return 0, 0, err
	}
	time.Sleep(idleWindow)
	p1, err := cpuTime(p.pid())
	if err != nil {
		return 0, 0, err
	}
	h1, err := cpuTime(h.pid())
	if err != nil {
		return 0, 0, err
	}
	return (p1 - p0).Seconds(), (h1 - h0).Seconds(), nil
}

// cpuTime is the CPU time a process has used so far, user and system. It
// adds up the scheduler's nanosecond count of each thread
// (/proc/PID/task/TID/schedstat), because /proc/PID/stat's utime and stime
// count in ticks of 10 ms, as coarse as the whole figure; where schedstat
// is missing it falls back to them.
func cpuTime(pid int) (time.Duration, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	if err == nil && len(tasks) > 0 {
		var total time.Duration
		for _, f := range tasks {
			data, err := os.ReadFile(f)
			if err != nil {
				continue // the thread ended
			}
			fields := strings.Fields(string(data))
			if len(fields) == 0 {
				continue
			}
			ns, err := strconv.ParseInt(fields[0], 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", f, err)
			}
			total += time.Duration(ns)
		}
		return total, nil
	}
	return statTime(pid)
}

// statTime is utime+stime from /proc/PID/stat.
func statTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count fields
	// after its closing parenthesis, where the state is field 3.
	i := strings.LastIndexByte(string(data), ')')
	fields := strings.Fields(string(data[i+1:]))
	if i < 0 || len(fields) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(utime+stime) * tick, nil
}
