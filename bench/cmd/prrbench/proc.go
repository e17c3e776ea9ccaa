package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// run is one finished process: its wall time and peak resident memory.
type run struct {
	wall time.Duration
	rss  float64 // bytes
	out  string  // standard output
}

// runProc runs bin with args to the end and returns its wall time (from
// just before the fork to the end of the wait) and peak resident memory
// (wait4's maxrss). Its standard output goes to /dev/null, as to a file,
// unless keep is set.
func runProc(bin string, args, env []string, keep bool) (run, error) {
	var out, errOut bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stderr = env, &errOut
	if keep {
		cmd.Stdout = &out
	}
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return run{}, fmt.Errorf("%s %s: %w: %s", bin, strings.Join(args, " "), err, lastBytes(strings.TrimSpace(errOut.String()), 300))
	}
	r := run{wall: time.Since(start), out: out.String()}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return r, fmt.Errorf("no resource usage for %s", bin)
	}
	r.rss = float64(ru.Maxrss) * 1024 // Linux reports kilobytes
	return r, nil
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
