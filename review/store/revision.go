package store

import (
	"os"
	"sync"
	"time"
)

// Screens poll Revision every couple of seconds to notice another
// process's changes; most polls find nothing new. Opening the file for
// each one cost an idle walk screen more CPU than the screen itself, so
// Revision first asks the file system: bbolt rewrites the file's pages on
// every commit, which moves its modification time, so while the file is
// the same one, of the same size, with the same time, the revision read
// last still holds.
//
// A time is trusted only once it is settledAfter old: a file system keeps
// times to a tick, and a second commit within the tick of one already read
// would leave the time where it was (git's "racily clean" files).
const settledAfter = 2 * time.Second

// revisionCache remembers, per review id ("" for the database), the
// revision read last and the file as it was then.
type revisionCache struct {
	mu      sync.Mutex
	file    os.FileInfo
	entries map[string]uint64
}

// lookup returns the remembered revision of id if the file has not changed
// since it was read.
func (c *revisionCache) lookup(path, id string, now time.Time) (uint64, bool) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil || !os.SameFile(c.file, fi) || !fi.ModTime().Equal(c.file.ModTime()) ||
		fi.Size() != c.file.Size() || now.Sub(fi.ModTime()) < settledAfter {
		return 0, false
	}
	rev, ok := c.entries[id]
	return rev, ok
}

// remember records what was read while the file was as fi says; fi was
// taken before the read, so a change during the read makes it stale, never
// the reverse.
func (c *revisionCache) remember(fi os.FileInfo, id string, rev uint64) {
	if fi == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.file == nil || !os.SameFile(c.file, fi) || !fi.ModTime().Equal(c.file.ModTime()) || fi.Size() != c.file.Size() {
		c.file, c.entries = fi, map[string]uint64{}
	}
	c.entries[id] = rev
}
