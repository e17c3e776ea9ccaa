package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"
)

// signalGrace is how long a command has, after SIGINT or SIGTERM, to stop
// by itself (close the database, give the terminal back) before prr exits
// anyway: it may be stuck where no context reaches, in a system call or a
// wait for another prr's lock.
const signalGrace = time.Second

// interrupted is the cause of a command's cancellation by a signal.
type interrupted struct{ sig os.Signal }

func (e interrupted) Error() string {
	if e.sig == syscall.SIGTERM {
		return "terminated"
	}
	return "interrupted"
}

// code is the shell's exit code for death by the signal: 128 + its number.
func (e interrupted) code() int {
	if s, ok := e.sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}

// signalled reports the signal that cancelled ctx, if one did.
func signalled(ctx context.Context) (interrupted, bool) {
	var in interrupted
	ok := errors.As(context.Cause(ctx), &in)
	return in, ok
}

// runInterruptible runs fn with a context that the first signal on sigs
// cancels. Without a signal it returns what fn returns. After one, it
// writes one line ("prr: interrupted") to stderr and returns 128 plus the
// signal's number: as soon as fn returns, after grace if fn does not, or
// at once on a second signal. The caller exits; fn may still be running.
func runInterruptible(sigs <-chan os.Signal, stderr io.Writer, grace time.Duration, fn func(context.Context) int) int {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	done := make(chan int, 1)
	go func() { done <- fn(ctx) }()
	var in interrupted
	select {
	case code := <-done:
		return code
	case sig := <-sigs:
		in = interrupted{sig}
		cancel(in)
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
	case <-sigs:
	}
	fmt.Fprintf(stderr, "prr: %s\n", in)
	return in.code()
}
