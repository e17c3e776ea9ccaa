package store

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// List returns the summary of every review, most recently updated first.
// It reads only the summary records, never a review: each record carries
// the verdict from every waiver expiry date on (see summaryRecord), and
// List picks the one for today, so the verdict shown is right on any day
// without recomputing it.
//
// The records are read with plain reads where possible (peek.go), which
// keeps a listing of a big file from mapping tens of megabytes of it, and
// through bbolt otherwise.
func (s *Store) List() ([]Summary, error) {
	now := s.now()
	var out []Summary
	err := s.peek(func(p *pageReader) error {
		sums, err := p.bucket(p.root(), bucketSummaries)
		if err != nil {
			return err
		}
		out, err = listSummaries(func(fn func(k, v []byte) error) error { return p.forEach(sums, fn) }, now)
		return err
	})
	if errors.Is(err, errPeek) {
		err = s.view(func(tx *bolt.Tx) error {
			sums, err := bucketOf(tx, bucketSummaries)
			if err != nil {
				return err
			}
			out, err = listSummaries(sums.ForEach, now)
			return err
		})
	}
	if err != nil {
		return nil, contextError(err, "list reviews")
	}
	return out, nil
}

// listSummaries decodes the records forEach yields into the list as of
// now. They are sorted first, by the update time at their start, so that
// the rows (a few hundred bytes each) are written once into a slice of the
// right size rather than grown and shuffled.
func listSummaries(forEach func(fn func(k, v []byte) error) error, now time.Time) ([]Summary, error) {
	var refs []summaryRef
	err := forEach(func(k, v []byte) error {
		sec, nsec := summaryUpdated(v)
		refs = append(refs, summaryRef{sec: sec, nsec: nsec, key: k, value: v})
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(refs, newestFirst)
	out := make([]Summary, len(refs))
	for i, ref := range refs {
		rec, err := decodeSummary(ref.value)
		if err != nil {
			return nil, damaged(shorten(string(ref.key)), "its summary does not decode (%v)", err)
		}
		out[i] = rec.at(now)
	}
	return out, nil
}

// summaryRef is a summary record not yet decoded; key and value are valid
// only while the read that found them lasts (bbolt's transaction).
type summaryRef struct {
	sec        int64
	nsec       uint64
	key, value []byte
}

// newestFirst orders by update time, newest first, then by id.
func newestFirst(a, b summaryRef) int {
	if c := cmp.Compare(b.sec, a.sec); c != 0 {
		return c
	}
	if c := cmp.Compare(b.nsec, a.nsec); c != 0 {
		return c
	}
	return bytes.Compare(a.key, b.key)
}
