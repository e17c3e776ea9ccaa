package store

import (
	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// UpdateMeta changes what describes a review (service, team, owner,
// participants) in one write transaction. fn edits a copy; the result is
// normalised and validated by the domain, and each changed field is
// recorded as an audit event (review.DiffMeta). No change, no write. A
// change here changes the content hash, so earlier sign-offs become stale.
func (s *Store) UpdateMeta(id string, fn func(m *review.Meta) error) error {
	now, actor := s.now(), s.opts.Actor
	err := s.update(func(tx *bolt.Tx) error {
		rid, rb, err := resolveTx(tx, id)
		if err != nil {
			return err
		}
		r, h, err := s.cache.load(rb, rid)
		if err != nil {
			return err
		}
		old := r.Meta()
		m := r.Meta()
		if err := callUser(func() error { return fn(&m) }); err != nil {
			return err
		}
		m = m.Normalize()
		if err := m.Validate(); err != nil {
			return err
		}
		events := review.DiffMeta(old, m, now, actor)
		if len(events) == 0 {
			return errNoChange
		}
		r.SetMeta(m)
		r.UpdatedAt = now.UTC()
		if err := writeRecord(rb, r); err != nil {
			return err
		}
		return changed(tx, rb, r, h, events, now)
	})
	return rethrow(contextError(err, "review %s: update details", shorten(id)))
}
