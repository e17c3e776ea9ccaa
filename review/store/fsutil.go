package store

import (
	"os"
	"runtime"
)

// syncDir makes a rename or link in dir durable: without it a crash can
// forget the directory entry even though the file's bytes were synced.
// Windows cannot sync a directory (and does not need to), so there it is a
// no-op.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameFile reports whether two paths name the same existing file.
func sameFile(a, b string) bool {
	ai, err := os.Stat(a)
	if err != nil {
		return false
	}
	bi, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(ai, bi)
}
