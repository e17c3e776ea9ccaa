//go:build windows || plan9 || solaris || aix || android

package store

import (
	"os"
	"time"
)

// lockFile does nothing where bbolt does not lock with flock(2): there a
// second lock on the same file would conflict with bbolt's own, so the
// header is checked before the lock and bbolt's Options.Timeout bounds the
// wait.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error { return nil }
