package tui

import (
	"reflect"

	"github.com/prr-dev/prr/review"
)

// hasher returns a content hasher for the checklist snapshot of r, made
// again only when the snapshot changes: the snapshot is most of what a
// hash digests, and the screen hashes the review on every load (to tell a
// change made elsewhere, and for the sign-off state) — on a server, on
// every change anyone in the meeting makes.
func (w *walkModel) hasher(r *review.Review) *review.Hasher {
	if w.hash == nil || !sameSnapshot(w.hashTmpl, &r.Template) {
		w.hash, w.hashTmpl = review.NewHasher(&r.Template), &r.Template
	}
	return w.hash
}

// sameSnapshot compares two checklist snapshots field by field: far
// cheaper than encoding and hashing them, and exact.
func sameSnapshot(a, b *review.Template) bool {
	return a == b || a.ID == b.ID && a.Version == b.Version && len(a.Sections) == len(b.Sections) && reflect.DeepEqual(a, b)
}

// sameContent reports whether two loads of a review have the same content
// hash.
func (w *walkModel) sameContent(a, b *review.Review) bool {
	if a.ID != b.ID || !sameSnapshot(&a.Template, &b.Template) {
		return false
	}
	h := w.hasher(a)
	return h.Hash(a) == h.Hash(b)
}

// shareSnapshot makes a fresh load of the review on show use the snapshot
// the screen has when the two are equal: the store hands out a copy with
// every load, and comparing one shared snapshot with itself costs nothing.
func (w *walkModel) shareSnapshot(r *review.Review) {
	if w.rev != nil && w.rev.ID == r.ID && sameSnapshot(&w.rev.Template, &r.Template) {
		r.Template = w.rev.Template
	}
}
