package store

import (
	"bytes"
	"cmp"
	"container/heap"
	"slices"
	"time"

	"github.com/prr-dev/prr/review"
)

// List returns the summary of every review, most recently updated first.
// It reads only the summary records, never a review: each record carries
// the verdict from every waiver expiry date on (see review.SummaryRecord), and
// List picks the one for today, so the verdict shown is right on any day
// without recomputing it.
func (s *Store) List() ([]review.Summary, error) {
	out, _, err := s.list(-1)
	return out, err
}

// ListNewest returns the summaries of the n most recently updated reviews,
// in List's order (it is the start of what List returns), and how many
// reviews there are in all. It reads the same records as List but decodes
// only the n it returns, so on a big database it costs a fraction of a
// List: the home screen draws its first page from it while the whole list
// is read.
func (s *Store) ListNewest(n int) ([]review.Summary, int, error) {
	return s.list(max(n, 0))
}

// list lists the limit newest reviews, or all of them when limit < 0, and
// counts them all.
func (s *Store) list(limit int) ([]review.Summary, int, error) {
	now := s.now()
	var (
		out   []review.Summary
		total int
	)
	err := s.view(func(t *txn) error {
		sums, err := t.topBucket(bucketSummaries)
		if err != nil {
			return err
		}
		forEach := func(fn func(k, v []byte) error) error {
			return t.each(sums, nil, func(k, v []byte) (bool, error) { return true, fn(k, v) })
		}
		out, total, err = listNewest(forEach, now, s.opts.ValidFor, limit)
		return err
	})
	if err != nil {
		return nil, 0, contextError(err, "list reviews")
	}
	return out, total, nil
}

// listSummaries decodes every record forEach yields into the list as of
// now.
func listSummaries(forEach func(fn func(k, v []byte) error) error, now time.Time, validFor review.Period) ([]review.Summary, error) {
	out, _, err := listNewest(forEach, now, validFor, -1)
	return out, err
}

// listNewest decodes the limit newest records forEach yields (all of them
// when limit < 0) into the list as of now (with validFor as the default
// period of validity), and counts the records. They
// are ordered first, by the update time at their start, and only the rows
// returned are decoded, each written once into a slice of the right size
// rather than grown and shuffled.
func listNewest(forEach func(fn func(k, v []byte) error) error, now time.Time, validFor review.Period, limit int) ([]review.Summary, int, error) {
	var (
		refs  []summaryRef
		total int
	)
	if limit < 0 {
		err := forEach(func(k, v []byte) error {
			sec, nsec := summaryUpdated(v)
			refs = append(refs, summaryRef{sec: sec, nsec: nsec, key: k, value: v})
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		total = len(refs)
	} else {
		// Keep the limit newest seen so far in a heap with the oldest of
		// them on top: a record newer than that one takes its place. On a
		// big database that is a few hundred heap operations and a sort of
		// limit records, not of all of them.
		h := make(oldestOnTop, 0, limit)
		err := forEach(func(k, v []byte) error {
			total++
			if limit == 0 {
				return nil
			}
			sec, nsec := summaryUpdated(v)
			ref := summaryRef{sec: sec, nsec: nsec, key: k, value: v}
			switch {
			case len(h) < limit:
				heap.Push(&h, ref)
			case newestFirst(ref, h[0]) < 0:
				h[0] = ref
				heap.Fix(&h, 0)
			}
			return nil
		})
		if err != nil {
			return nil, 0, err
		}
		refs = h
	}
	slices.SortFunc(refs, newestFirst)
	out := make([]review.Summary, len(refs))
	for i, ref := range refs {
		rec, err := decodeSummary(ref.value)
		if err != nil {
			return nil, 0, damaged(shorten(string(ref.key)), "its summary does not decode (%v)", err)
		}
		out[i] = rec.At(now, validFor)
	}
	return out, total, nil
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

// oldestOnTop is a heap of summary records whose top is the one List
// would show last.
type oldestOnTop []summaryRef

func (h oldestOnTop) Len() int           { return len(h) }
func (h oldestOnTop) Less(i, j int) bool { return newestFirst(h[i], h[j]) > 0 }
func (h oldestOnTop) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *oldestOnTop) Push(x any)        { *h = append(*h, x.(summaryRef)) }
func (h *oldestOnTop) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
