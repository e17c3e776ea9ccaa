package store

import (
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// SignOff records a participant's decision on the review. The content hash
// it vouches for is computed inside the write transaction from the review as
// stored at that moment (review.NewSignOff), so it can never be the hash of
// a version that another process has changed since the screen was drawn.
func (s *Store) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	now, actor := s.now(), s.opts.Actor
	var out review.SignOff
	err := s.update(func(tx *bolt.Tx) error {
		rid, rb, err := resolveTx(tx, id)
		if err != nil {
			return err
		}
		r, h, err := s.cache.load(rb, rid)
		if err != nil {
			return err
		}
		so, err := review.NewSignOff(r, name, role, d, comment, now)
		if err != nil {
			return err
		}
		if err := appendSeq(rb.Bucket(bucketSignOffs), so); err != nil {
			return err
		}
		r.SignOffs = append(r.SignOffs, so)
		out = so
		return changed(tx, rb, r, h, []review.Event{signOffEvent(so, actor)}, now)
	})
	return out, contextError(err, "review %s: sign off", shorten(id))
}

// signOffEvent is the audit entry of a sign-off: who, in which role,
// decided what, about which content.
func signOffEvent(so review.SignOff, actor string) review.Event {
	who := so.Name
	if so.Role != "" {
		who += " (" + so.Role + ")"
	}
	hash := strings.TrimPrefix(so.Hash, "sha256:")
	hash = hash[:min(12, len(hash))]
	text := fmt.Sprintf("%s: %s, content %s", who, so.Decision, hash)
	if so.Comment != "" {
		text += "; " + so.Comment
	}
	return review.Event{At: so.At, Actor: actor, Field: "signoff", New: text}
}
