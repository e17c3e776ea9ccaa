package store

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// maxCandidates is how many matches an ambiguous prefix error lists.
const maxCandidates = 5

// Resolve returns the id of the review that idOrPrefix names: an exact id,
// or a prefix that only one review's id starts with, as git does with
// commits. Ids are case-insensitive to type. ErrNotFound if none matches,
// ErrAmbiguous (listing the candidates and their services) if several do.
func (s *Store) Resolve(idOrPrefix string) (string, error) {
	var id string
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		id, _, err = resolveTx(tx, idOrPrefix)
		return err
	})
	return id, contextError(err, "resolve review %q", idOrPrefix)
}

// resolveTx finds the review idOrPrefix names and returns its id and bucket.
// Every operation that takes a review resolves it inside its own
// transaction, so the review cannot vanish between lookup and use.
func resolveTx(tx *bolt.Tx, idOrPrefix string) (string, *bolt.Bucket, error) {
	want := strings.ToLower(strings.TrimSpace(idOrPrefix))
	if !review.ValidIDPrefix(want) {
		return "", nil, newError(ErrNotFound, "%s %q: a review id is up to %d letters and digits, as prr list shows",
			ErrNotFound, shorten(idOrPrefix), review.IDLength)
	}
	reviews, err := bucketOf(tx, bucketReviews)
	if err != nil {
		return "", nil, err
	}
	if rb := reviews.Bucket([]byte(want)); rb != nil {
		return want, rb, checkReviewPages(rb, want)
	}
	var matches []string
	c := reviews.Cursor()
	prefix := []byte(want)
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		matches = append(matches, string(k))
	}
	switch len(matches) {
	case 0:
		return "", nil, newError(ErrNotFound, "%s %q; prr list shows the reviews", ErrNotFound, want)
	case 1:
		rb := reviews.Bucket([]byte(matches[0]))
		return matches[0], rb, checkReviewPages(rb, matches[0])
	}
	return "", nil, newError(ErrAmbiguous, "review id %q is ambiguous: it matches %s; type more of the id",
		want, describeCandidates(tx, matches))
}

// describeCandidates lists ambiguous matches with their services, read from
// the summaries, so the user can tell which one they meant.
func describeCandidates(tx *bolt.Tx, ids []string) string {
	sums := tx.Bucket(bucketSummaries)
	var parts []string
	for i, id := range ids {
		if i == maxCandidates {
			parts = append(parts, fmt.Sprintf("and %d more", len(ids)-maxCandidates))
			break
		}
		desc := id
		if sums != nil {
			if rec, err := decodeSummary(sums.Get([]byte(id))); err == nil && rec.Service != "" {
				desc += " (" + shorten(rec.Service) + ")"
			}
		}
		parts = append(parts, desc)
	}
	return strings.Join(parts, ", ")
}

// shorten makes user text safe and short enough for a one-line error
// message: no control sequences, no line breaks, at most 40 characters.
func shorten(s string) string {
	s = textsafe.Line(s)
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return s
}

// checkReviewPages checks the pages of a review's bucket before they are
// read (treecheck.go): a read walks them all, which finds cycles too; a
// write, relying on the reads before it, checks the branch pages only.
func checkReviewPages(rb *bolt.Bucket, id string) error {
	if rb.Tx().Writable() {
		return checkTree(rb)
	}
	return checkReviewTree(rb, id)
}
