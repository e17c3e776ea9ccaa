//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// prrProcess starts the test binary as prr (see TestMain) with args.
func prrProcess(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "PRR_TEST_MAIN=1"), env...)
	return cmd
}

// waitFor polls cond until it holds; the deadline only keeps a broken
// test from hanging, it asserts nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// exitOf waits for cmd and returns its exit code, killing it if it does
// not end.
func exitOf(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode()
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("prr %s was still running 30 s after the signal", strings.Join(cmd.Args[1:], " "))
		return -1
	}
}

// A command waiting for another prr's lock (here for up to an hour) ends
// on SIGTERM or SIGINT with the shell's code for it and one line.
func TestSignalEndsACommandStuckOnTheLock(t *testing.T) {
	dir := prrEnv(t)
	db := filepath.Join(dir, "prr.db")
	if r := runPrr(t, "--db", db, "new", "--service", "svc"); r.code != 0 {
		t.Fatalf("prr new: %s", r.stderr)
	}
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		state := filepath.Join(dir, "state-"+sig.String())
		cmd := prrProcess(t, []string{"XDG_STATE_HOME=" + state}, "--db", db, "--lock-timeout", "1h", "--log-level", "debug", "list")
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The log's first line comes after the signal handlers are set.
		waitFor(t, "prr to start", func() bool {
			b, _ := os.ReadFile(filepath.Join(state, "prr", "prr.log"))
			return bytes.Contains(b, []byte("msg=start"))
		})
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		code := exitOf(t, cmd)
		want := map[syscall.Signal]string{syscall.SIGTERM: "prr: terminated\n", syscall.SIGINT: "prr: interrupted\n"}[sig]
		if code != 128+int(sig) || errOut.String() != want {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", sig, code, errOut.String(), 128+int(sig), want)
		}
	}
}

// The review screens end on SIGTERM too, with the same code and line,
// once the terminal is given back.
func TestSignalEndsTheTUI(t *testing.T) {
	dir := prrEnv(t)
	cmd := prrProcess(t, []string{"TERM=xterm-256color"}, "--db", filepath.Join(dir, "prr.db"))
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var mu sync.Mutex
	var out bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			out.Write(buf[:n])
			mu.Unlock()
			if err != nil { // the end of prr, or of the test
				return
			}
		}
	}()
	screen := func() string {
		mu.Lock()
		defer mu.Unlock()
		return out.String()
	}
	waitFor(t, "the reviews screen", func() bool { return strings.Contains(screen(), "Welcome to prr") })
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitOf(t, cmd); code != 143 {
		t.Errorf("exit %d, want 143", code)
	}
	waitFor(t, "the message", func() bool { return strings.Contains(screen(), "prr: terminated") })
}
