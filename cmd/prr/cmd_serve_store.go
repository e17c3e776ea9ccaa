package main

import (
	"errors"
	"log/slog"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/tui/hub"
)

// sessionStore is the database as one SSH session uses it: changes are
// recorded under the name of the session's key (store.As), logged with the
// key's fingerprint, and sign-offs carry that fingerprint: the signer's
// name was proven, not typed.
type sessionStore struct {
	*store.Store
	who hub.Identity
	log *slog.Logger
	now func() time.Time
}

func (s sessionStore) Create(t review.Template, meta review.Meta) (*review.Review, error) {
	r, err := s.Store.Create(t, meta)
	if err == nil {
		s.log.Info("change", "review", r.ID, "what", "created", "template", t.ID)
	}
	return r, err
}

func (s sessionStore) UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error) {
	a, err := s.Store.UpdateAnswer(id, itemID, fn)
	if err != nil {
		s.log.Info("change refused", "review", id, "item", itemID, "err", err)
		return a, err
	}
	s.log.Info("change", "review", id, "item", itemID, "status", string(a.Status))
	return a, nil
}

func (s sessionStore) Delete(idOrPrefix string) error {
	err := s.Store.Delete(idOrPrefix)
	if err == nil {
		s.log.Info("change", "review", idOrPrefix, "what", "deleted")
	}
	return err
}

// SignOff records the session's own sign-off: over SSH one signs as the
// name one's key was given, never as someone else.
func (s sessionStore) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	if name != s.who.Name {
		return review.SignOff{}, errors.New("over prr serve you sign as yourself, " + s.who.Name)
	}
	var out review.SignOff
	_, err := s.Store.Update(id, func(r *review.Review) error {
		so, err := review.NewSignOff(r, name, role, d, comment, s.now())
		if err != nil {
			return err
		}
		so.KeyFingerprint = s.who.Fingerprint
		r.SignOffs = append(r.SignOffs, so)
		out = so
		return nil
	})
	if err != nil {
		s.log.Info("sign-off refused", "review", id, "err", err)
		return review.SignOff{}, err
	}
	s.log.Info("change", "review", id, "what", "sign-off", "decision", string(d), "role", role)
	return out, nil
}
