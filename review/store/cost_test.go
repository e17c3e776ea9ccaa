package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// withReviews makes a database of n reviews (PutMany, 500 a transaction)
// and returns it with the id of the last.
func withReviews(t *testing.T, n int) (*Store, string) {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "prr.db"), Options{Actor: "tester", LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var batch []Record
	id := ""
	for i := range n {
		// Digits reversed, so that a short prefix names one review.
		digits := []byte(fmt.Sprintf("%07d", i))
		slices.Reverse(digits)
		id = string(digits) + "c"
		rec := importable(t, id, fmt.Sprintf("service-%d", i))
		for j := range 30 { // a history of some length
			rec.History = append(rec.History, review.Event{At: rec.Review.CreatedAt, Actor: "importer", Field: "note", New: fmt.Sprint(j)})
		}
		batch = append(batch, rec)
		if len(batch) == 500 || i == n-1 {
			if res, err := s.PutMany(batch, false); err != nil || res.Imported != len(batch) {
				t.Fatalf("%+v, %v", res, err)
			}
			batch = batch[:0]
		}
	}
	return s, id
}

// pagesChecked counts the page reads of the checks an operation makes, in
// a read (write false) or a write transaction that is rolled back.
func pagesChecked(t *testing.T, s *Store, write bool, op func(t *txn) error) int {
	t.Helper()
	n := 0
	run := func(tx *txn) error {
		if err := op(tx); err != nil {
			return err
		}
		n = tx.pages.Reads()
		return errNoChange
	}
	var err error
	if write {
		err = s.update(run)
	} else {
		err = s.view(func(tx *txn) error {
			if err := run(tx); err != errNoChange {
				return err
			}
			return nil
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOperationsReadWhatTheyNeed: reading, resolving, answering and
// signing one review check the pages leading to it, as many in a database
// of 3,000 reviews as in one of 30 but for a level or two more of the
// trees, never a number that grows with the reviews.
func TestOperationsReadWhatTheyNeed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a database of 3,000 reviews")
	}
	ops := map[string]struct {
		write bool
		op    func(s *Store, id string) func(t *txn) error
	}{
		"get": {false, func(s *Store, id string) func(t *txn) error {
			return func(t *txn) error { _, err := s.load(t, id); return err }
		}},
		"resolve a prefix": {false, func(s *Store, id string) func(t *txn) error {
			return func(t *txn) error { _, _, err := resolve(t, id[:5]); return err }
		}},
		"history": {false, func(s *Store, id string) func(t *txn) error {
			return func(t *txn) error {
				_, rb, err := resolve(t, id)
				if err == nil {
					_, err = loadHistory(t, rb, id)
				}
				return err
			}
		}},
		"answer": {true, func(s *Store, id string) func(t *txn) error {
			return func(t *txn) error {
				_, err := s.change(t, id, false, time.Now(), func(r *review.Review) error {
					r.Answers["slo"] = review.Answer{Status: review.Fail, Note: "changed"}
					return nil
				})
				return err
			}
		}},
		"sign off": {true, func(s *Store, id string) func(t *txn) error {
			return func(t *txn) error {
				_, err := s.change(t, id, false, time.Now(), func(r *review.Review) error {
					so, err := review.NewSignOff(r, "Kari", "owner", review.Approve, "", time.Now())
					r.SignOffs = append(r.SignOffs, so)
					return err
				})
				return err
			}
		}},
	}
	small, smallID := withReviews(t, 30)
	big, bigID := withReviews(t, 3000)
	for name, o := range ops {
		few := pagesChecked(t, small, o.write, o.op(small, smallID))
		many := pagesChecked(t, big, o.write, o.op(big, bigID))
		t.Logf("%s: %d pages checked with 30 reviews, %d with 3,000", name, few, many)
		if many > few+6 || many > 30 {
			t.Errorf("%s checks %d pages in a database of 3,000 reviews and %d in one of 30", name, many, few)
		}
	}
}
