package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// run is one finished process: its wall time and peak resident memory.
type run struct {
	wall time.Duration
	rss  float64 // bytes
	out  string  // standard output, if kept
}

// runProc runs bin with args to the end through peakrss (see
// bench/cmd/peakrss: the suite's own memory would otherwise be counted as
// the command's) and returns its wall time, from just before the fork to
// the end of the wait, and its peak resident memory. Its standard output
// goes to /dev/null, as to a file, unless keep is set.
func (s *suite) runProc(bin string, args, env []string, keep bool) (run, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return run{}, err
	}
	defer r.Close()
	var out, errOut bytes.Buffer
	cmd := exec.Command(s.binPath("peakrss"), append([]string{bin}, args...)...)
	cmd.Env, cmd.Stderr, cmd.ExtraFiles = env, &errOut, []*os.File{w}
	if keep {
		cmd.Stdout = &out
	}
	err = cmd.Run()
	w.Close()
	if err != nil {
		return run{}, fmt.Errorf("%s %s: %w: %s", bin, strings.Join(args, " "), err, lastBytes(strings.TrimSpace(errOut.String()), 300))
	}
	var ns, kb int64
	if _, err := fmt.Fscan(r, &ns, &kb); err != nil {
		return run{}, fmt.Errorf("peakrss %s: no report: %w", bin, err)
	}
	return run{wall: time.Duration(ns), rss: float64(kb) * 1024, out: out.String()}, nil
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
