package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

// The terminal every interactive program is measured in.
const (
	termCols = 100
	termRows = 30
)

// quitWait is how long a program gets to end after ctrl+c.
const quitWait = 2 * time.Second

// term is one program running in a pseudo-terminal, drawn on a virtual
// terminal (charmbracelet/x/vt) the way a real one would draw it. Bubble
// Tea sends only the cells that changed since the last frame, so the text
// of the output alone does not say what is on screen; the emulator does.
// It also answers the program's queries (background colour, device
// attributes) as a terminal would.
type term struct {
	cmd   *exec.Cmd
	tty   *os.File
	start time.Time

	mu   sync.Mutex
	emu  *vt.Emulator
	want func(screen string) bool // what a waiter looks for, or nil
	seen chan time.Time           // when the output that satisfied want was read
	done chan struct{}            // closed when the program's output ends
}

// startTerm starts bin with args in a pseudo-terminal.
func startTerm(bin string, args, env []string) (*term, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	t := &term{cmd: cmd, emu: vt.NewEmulator(termCols, termRows), done: make(chan struct{})}
	t.start = time.Now()
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: termRows, Cols: termCols})
	if err != nil {
		return nil, fmt.Errorf("start %s in a pseudo-terminal: %w", bin, err)
	}
	t.tty = tty
	go t.readOutput()
	go t.answerQueries()
	return t, nil
}

// readOutput feeds the program's output to the emulator, and tells a
// waiter when the screen shows what it wants. The time is taken when the
// read returns, before the emulator works on it, so the emulator's own cost
// is not counted against the program.
func (t *term) readOutput() {
	defer close(t.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := t.tty.Read(buf)
		at := time.Now()
		if n > 0 {
			t.mu.Lock()
			_, _ = t.emu.Write(buf[:n])
			if t.want != nil && t.want(t.emu.String()) {
				t.want = nil
				t.seen <- at
			}
			t.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// answerQueries sends the emulator's replies to the program, as a terminal
// answers the queries written to it. The emulator blocks until they are
// read.
func (t *term) answerQueries() {
	_, _ = io.Copy(t.tty, t.emu)
}

// waitFor returns the time at which the screen first showed what want
// looks for, checking the screen as it is now first.
func (t *term) waitFor(want func(screen string) bool, timeout time.Duration) (time.Time, error) {
	t.mu.Lock()
	if want(t.emu.String()) {
		t.mu.Unlock()
		return time.Now(), nil
	}
	seen := make(chan time.Time, 1)
	t.want, t.seen = want, seen
	t.mu.Unlock()
	select {
	case at := <-seen:
		return at, nil
	case <-t.done:
		// The last output may have satisfied it just before the end.
		select {
		case at := <-seen:
			return at, nil
		default:
		}
		t.clearWant()
		return time.Time{}, fmt.Errorf("%s ended first (screen: %q)", t.cmd.Path, t.screen())
	case <-time.After(timeout):
		t.clearWant()
		return time.Time{}, fmt.Errorf("not on screen after %s (screen: %q)", timeout, t.screen())
	}
}

func (t *term) clearWant() {
	t.mu.Lock()
	t.want = nil
	t.mu.Unlock()
}

// screen is the text on screen now, without colours.
func (t *term) screen() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.emu.String()
}

// press types s and returns when it was written.
func (t *term) press(s string) (time.Time, error) {
	at := time.Now()
	_, err := t.tty.Write([]byte(s))
	return at, err
}

// pid is the program's process id.
func (t *term) pid() int { return t.cmd.Process.Pid }

// quit presses ctrl+c and waits for the program to end, killing it if it
// takes longer than quitWait. It reports how long the program took to end
// and whether it had to be killed.
func (t *term) quit() (time.Duration, bool) {
	start := time.Now()
	_, _ = t.tty.Write([]byte{3})
	exited := make(chan error, 1)
	go func() { exited <- t.cmd.Wait() }()
	killed := false
	select {
	case <-exited:
	case <-time.After(quitWait):
		_ = t.cmd.Process.Kill()
		<-exited
		killed = true
	}
	took := time.Since(start)
	t.close()
	return took, killed
}

// close ends the terminal; the program must have ended.
func (t *term) close() {
	_ = t.tty.Close()
	_ = t.emu.Close()
	<-t.done
}

// screenIs reports whether the screen shows text and nothing else.
func screenIs(text string) func(string) bool {
	return func(screen string) bool { return strings.TrimSpace(screen) == text }
}
