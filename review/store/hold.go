package store

import (
	"errors"
	"os"
	"sync"
	"time"
)

// How long a write session is kept open after a write (see holder). A
// facilitator answering item after item writes every second or so, and a
// script or an import many times a second; another process that wants to
// write waits at most this long, well inside the default lock wait.
const (
	holdIdle = 250 * time.Millisecond // closed when no write came for this long
	holdMax  = time.Second            // and not reused once open this long
)

// holder keeps the database open between the writes of a burst, so that
// each of them costs a transaction and not a transaction plus opening and
// closing the file (taking the lock, reading and checking the header,
// mapping the file, reading the freelist), which is as much again.
//
// Between writes the held session keeps only a shared lock: readers in
// this and other processes (prr show, prr export, prr list next to the TUI)
// go ahead as before, and only another writer waits — for holdIdle after
// the last write at most, and never past holdMax. Before a held session is
// written again its lock is made exclusive and the file's meta page is
// compared with the commit this store made last. Linux does not convert a
// flock atomically, so another writer may have slipped in between: then
// the session is closed and the file opened afresh, never written with
// bbolt's view of the file from before.
//
// Where flock cannot be converted (lock_other.go) nothing is held.
type holder struct {
	mu   sync.Mutex
	held *session
	gen  uint64 // tells the timer of the held session from earlier ones
	// off is set by Close: nothing is held afterwards.
	off bool
}

// take removes the held session, if any, and returns it ready to write:
// exclusively locked and unchanged since this store's last commit. It
// returns nil when there is none, or it could not be made ready (it is
// then closed).
func (h *holder) take(timeout time.Duration) *session {
	h.mu.Lock()
	sess := h.held
	h.held = nil
	h.mu.Unlock()
	if sess == nil {
		return nil
	}
	if err := relock(sess.file, true, timeout); err != nil || !sess.unchanged() {
		_ = sess.close()
		return nil
	}
	return sess
}

// keep holds sess after a write that left the file at its txid, or closes
// it: when holding is off, the session is past holdMax, or its lock cannot
// be made shared.
func (h *holder) keep(sess *session) {
	if time.Since(sess.opened) >= holdMax || relock(sess.file, false, 0) != nil {
		_ = sess.close()
		return
	}
	h.mu.Lock()
	if h.off || h.held != nil {
		h.mu.Unlock()
		_ = sess.close()
		return
	}
	h.gen++
	gen := h.gen
	h.held = sess
	h.mu.Unlock()
	time.AfterFunc(holdIdle, func() { h.expire(gen) })
}

// expire closes the held session if it is still the one of gen.
func (h *holder) expire(gen uint64) {
	h.mu.Lock()
	sess := h.held
	if sess == nil || h.gen != gen {
		h.mu.Unlock()
		return
	}
	h.held = nil
	h.mu.Unlock()
	_ = sess.close()
}

// stop closes the held session and holds nothing from now on.
func (h *holder) stop() {
	h.mu.Lock()
	sess := h.held
	h.held, h.off = nil, true
	h.mu.Unlock()
	if sess != nil {
		_ = sess.close()
	}
}

// unchanged reports whether the session's file is still the database at
// its path (not deleted, nor replaced by a restored copy), at the commit
// this session last saw: no other process wrote it since. It reads the
// meta pages from the session's own file, under its exclusive lock.
func (sess *session) unchanged() bool {
	fi, err := sess.file.Stat()
	if err != nil {
		return false
	}
	if at, err := os.Stat(sess.path); err != nil || !os.SameFile(fi, at) {
		return false
	}
	hdr, err := readHeader(sess.file, fi.Size())
	if err != nil {
		return false
	}
	return hdr.current().txid == sess.txid
}

// errCannotRelock is relock's answer where locks cannot be converted.
var errCannotRelock = errors.New("store: this platform cannot convert file locks")
