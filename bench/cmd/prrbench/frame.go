package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// The terminal both programs draw in.
const (
	termCols = 100
	termRows = 30
)

// frame is one start of a program in a pseudo-terminal.
type frame struct {
	first  time.Duration // from start until the awaited text was on screen
	exit   time.Duration // from ctrl+c until the process ended (or was killed)
	killed bool          // it did not end on ctrl+c within quitWait
}

// quitWait is how long a program gets to end after ctrl+c.
const quitWait = 2 * time.Second

// firstFrame starts bin in a pseudo-terminal and returns how long it took,
// from the start of the process, until want is on the screen (in the output
// with every escape sequence removed). Then it presses ctrl+c, and kills the
// program if it has not ended a few seconds later. The output is read all
// along, so the program never blocks writing to the terminal; its queries
// (background colour, keyboard enhancements) go unanswered, as they would
// in a terminal that does not support them.
func firstFrame(bin string, env []string, want string, timeout time.Duration) (frame, error) {
	cmd := exec.Command(bin)
	cmd.Env = env
	start := time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: termRows, Cols: termCols})
	if err != nil {
		return frame{}, fmt.Errorf("start %s in a pseudo-terminal: %w", bin, err)
	}
	defer tty.Close()
	found := make(chan time.Duration, 1)
	var (
		mu  sync.Mutex
		out bytes.Buffer // what was read until want was found
	)
	screen := func() string {
		mu.Lock()
		defer mu.Unlock()
		return ansi.Strip(out.String())
	}
	go func() {
		buf := make([]byte, 64<<10)
		seen := false
		for {
			n, err := tty.Read(buf)
			if n > 0 && !seen {
				mu.Lock()
				out.Write(buf[:n])
				mu.Unlock()
				if strings.Contains(screen(), want) {
					seen = true
					found <- time.Since(start)
				}
			}
			if err != nil {
				if !seen {
					close(found)
				}
				return
			}
		}
	}()
	var f frame
	select {
	case t, ok := <-found:
		if !ok {
			err = fmt.Errorf("it ended before %q was on screen", want)
		}
		f.first = t
	case <-time.After(timeout):
		err = fmt.Errorf("%q was not on screen after %s", want, timeout)
	}
	f.exit, f.killed = quit(cmd, tty)
	if err != nil {
		return f, fmt.Errorf("%s: %w (screen so far: %q)", bin, err, lastBytes(screen(), 300))
	}
	return f, nil
}

// quit presses ctrl+c and waits for the program to end, killing it if it
// takes longer than quitWait.
func quit(cmd *exec.Cmd, tty *os.File) (time.Duration, bool) {
	start := time.Now()
	_, _ = tty.Write([]byte{3})
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return time.Since(start), false
	case <-time.After(quitWait):
		_ = cmd.Process.Kill()
		<-done
		return time.Since(start), true
	}
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
