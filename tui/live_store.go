package tui

import (
	"errors"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

// errNotYourStatus is why a status change of a meeting's follower is
// refused.
var errNotYourStatus = errors.New("only the facilitator sets statuses here (they can allow everyone with A); notes, evidence and actions are open to all")

// liveStore is the store as a terminal of a meeting uses it: a status
// changes only if the room allows this terminal to change it (checked
// inside the store's write, on the answer as stored), and every change
// saved is announced to the room, so the others read it at once.
type liveStore struct {
	Store
	live *hub.Client
}

func (s liveStore) UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error) {
	a, err := s.Store.UpdateAnswer(id, itemID, func(a *review.Answer) error {
		was := a.Status
		if err := fn(a); err != nil {
			return err
		}
		if norm(a.Status) != norm(was) && !s.live.MayChangeStatus(id) {
			return errNotYourStatus
		}
		return nil
	})
	if err == nil {
		s.live.Changed(id)
	}
	return a, err
}

func norm(s review.Status) review.Status {
	if s == "" {
		return review.Unanswered
	}
	return s
}

func (s liveStore) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	so, err := s.Store.SignOff(id, name, role, d, comment)
	if err == nil {
		s.live.Changed(id)
	}
	return so, err
}
