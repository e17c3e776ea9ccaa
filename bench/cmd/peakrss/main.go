// Command peakrss runs a command and reports its wall time and peak
// resident memory, as /usr/bin/time -v does.
//
//	peakrss COMMAND [ARGS...]
//
// The command's standard streams are peakrss's own, and so is its exit
// code. The report, "WALL_NS MAXRSS_KB", goes to file descriptor 3, which
// the caller must open.
//
// It exists because Linux counts, in the peak memory that wait4 reports
// for a child, the peak of the process that exec'd it (the kernel keeps
// the old memory map's high-water mark at exec). Go starts children with
// vfork, so a command started by the benchmark suite itself, holding a
// 10,000-review listing, would report the suite's peak, not its own. This
// small, fresh process is a parent whose peak is below any prr command's.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: peakrss COMMAND [ARGS...] 3>REPORT")
		os.Exit(2)
	}
	report := os.NewFile(3, "report")
	syscall.CloseOnExec(3) // the command must not hold the report open
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(127)
	}
	var maxRSS int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = ru.Maxrss // kilobytes on Linux
	}
	if _, werr := fmt.Fprintf(report, "%d %d\n", wall.Nanoseconds(), maxRSS); werr != nil {
		fmt.Fprintln(os.Stderr, "peakrss: no report file on descriptor 3:", werr)
		os.Exit(127)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
