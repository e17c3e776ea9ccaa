package store

import (
	"bytes"
	"strings"

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
	err := s.view(func(t *txn) error {
		var err error
		id, _, err = resolve(t, idOrPrefix)
		return err
	})
	return id, contextError(err, "resolve review %q", idOrPrefix)
}

// resolve finds the review idOrPrefix names and returns its id and bucket.
// Every operation that takes a review resolves it inside its own
// transaction, so the review cannot vanish between lookup and use. A
// prefix costs a seek to the first id at or after it and a step or two
// from there, never a scan of the reviews.
func resolve(t *txn, idOrPrefix string) (string, *bkt, error) {
	want := strings.ToLower(strings.TrimSpace(idOrPrefix))
	if !review.ValidIDPrefix(want) {
		return "", nil, newError(ErrNotFound, "%s %q: a review id is up to %d letters and digits",
			ErrNotFound, shorten(idOrPrefix), review.IDLength)
	}
	reviews, err := t.topBucket(bucketReviews)
	if err != nil {
		return "", nil, err
	}
	prefix := []byte(want)
	var matches []string
	err = t.each(reviews, prefix, func(k, _ []byte) (bool, error) {
		if !bytes.HasPrefix(k, prefix) {
			return false, nil
		}
		matches = append(matches, string(k))
		// An exact id is never a prefix of another: ids have one length.
		return len(k) != len(prefix) && len(matches) <= maxCandidates, nil
	})
	switch {
	case err != nil:
		return "", nil, err
	case len(matches) == 0:
		return "", nil, newError(ErrNotFound, "%s %q", ErrNotFound, want)
	case len(matches) > 1:
		return "", nil, newError(ErrAmbiguous, "review id %q is ambiguous: it matches %s",
			want, describeCandidates(t, matches))
	}
	rb, err := t.bucket(reviews, []byte(matches[0]))
	if err == nil && rb == nil {
		err = damaged(matches[0], "its bucket is not a bucket")
	}
	return matches[0], rb, err
}

// describeCandidates lists ambiguous matches with their services, read from
// the summaries, so the user can tell which one they meant.
func describeCandidates(t *txn, ids []string) string {
	sums, _ := t.topBucket(bucketSummaries)
	var parts []string
	for i, id := range ids {
		if i == maxCandidates {
			parts = append(parts, "and more")
			break
		}
		desc := id
		if sums != nil {
			if v, err := t.get(sums, []byte(id)); err == nil {
				if rec, err := decodeSummary(v); err == nil && rec.Service != "" {
					desc += " (" + shorten(rec.Service) + ")"
				}
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
