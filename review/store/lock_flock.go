//go:build !windows && !plan9 && !solaris && !aix && !android

package store

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFile takes the same flock(2) lock bbolt is about to take, on the same
// open file, before bbolt reads anything: the header is then checked while
// no other process can be writing it, and bbolt's own flock on this file
// succeeds at once (flock locks belong to the open file, so taking it again
// is a no-op). bbolt releases it when it closes the file.
//
// The wait is bounded by timeout and polls with a short back-off, which
// notices a released lock sooner than bbolt's fixed 50 ms.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	deadline := time.Now().Add(timeout)
	pause := 2 * time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		switch {
		case err == nil:
			return nil
		case errors.Is(err, syscall.EINTR):
			continue
		case !errors.Is(err, syscall.EWOULDBLOCK):
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return errLockTimeout
		}
		time.Sleep(min(pause, left))
		pause = min(2*pause, 25*time.Millisecond)
	}
}
