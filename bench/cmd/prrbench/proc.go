package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// runProc runs bin with args to the end, its output going to /dev/null,
// and returns its wall time and peak resident memory (bytes).
func runProc(bin string, args, env []string) (time.Duration, float64, error) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return 0, 0, err
	}
	defer null.Close()
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, null, null
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s %v: %w", bin, args, err)
	}
	wall := time.Since(start)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return wall, 0, fmt.Errorf("no resource usage for %s", bin)
	}
	return wall, float64(ru.Maxrss) * 1024, nil // Linux reports kilobytes
}
