package main

import (
	"bytes"
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestRunInterruptible(t *testing.T) {
	t.Run("no signal", func(t *testing.T) {
		var errOut bytes.Buffer
		code := runInterruptible(make(chan os.Signal), &errOut, time.Hour, func(context.Context) int { return 3 })
		if code != 3 || errOut.Len() != 0 {
			t.Errorf("exit %d, stderr %q", code, errOut.String())
		}
	})
	t.Run("a command that stops", func(t *testing.T) {
		sigs := make(chan os.Signal, 1)
		var errOut bytes.Buffer
		code := runInterruptible(sigs, &errOut, time.Hour, func(ctx context.Context) int {
			sigs <- os.Interrupt
			<-ctx.Done()
			if in, ok := signalled(ctx); !ok || in.code() != 130 {
				t.Errorf("the context's cause is %v", context.Cause(ctx))
			}
			return 1
		})
		if code != 130 || errOut.String() != "prr: interrupted\n" {
			t.Errorf("exit %d, stderr %q", code, errOut.String())
		}
	})
	// A command stuck where no context reaches still ends: after the
	// grace period, or at once on a second signal.
	t.Run("a stuck command, grace", func(t *testing.T) {
		sigs := make(chan os.Signal, 1)
		sigs <- syscall.SIGTERM
		var errOut bytes.Buffer
		code := runInterruptible(sigs, &errOut, time.Millisecond, func(context.Context) int { select {} })
		if code != 143 || errOut.String() != "prr: terminated\n" {
			t.Errorf("exit %d, stderr %q", code, errOut.String())
		}
	})
	t.Run("a stuck command, second signal", func(t *testing.T) {
		sigs := make(chan os.Signal, 2)
		sigs <- os.Interrupt
		sigs <- os.Interrupt
		var errOut bytes.Buffer
		code := runInterruptible(sigs, &errOut, time.Hour, func(context.Context) int { select {} })
		if code != 130 || errOut.String() != "prr: interrupted\n" {
			t.Errorf("exit %d, stderr %q", code, errOut.String())
		}
	})
}
