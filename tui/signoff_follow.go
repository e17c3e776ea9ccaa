package tui

// The sign-off screen follows changes made elsewhere (another prr, the
// command line): it polls the review's revision and reloads it when it
// moved, except while a sign-off of its own is on its way.

import (
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// signOffReloadMsg carries the review reloaded after a change elsewhere.
type signOffReloadMsg struct {
	review *review.Review
	rev    uint64
	err    error
}

// signOffRevisionMsg carries the review's revision, polled.
type signOffRevisionMsg struct {
	id  string
	rev uint64
	err error
}

func (signOffRevisionMsg) to() state { return stateSignOff }
func (signOffReloadMsg) to() state   { return stateSignOff }

// pollCheck reads the review's revision (poller), except while a sign-off
// of this screen's own is being saved.
func (s *signOffModel) pollCheck() func() tea.Msg {
	if s.step == stepSaving || s.rev == nil {
		return nil
	}
	id := s.rev.ID
	return lookForChange(s.c.store, id, s.revision, func(rev uint64, err error) tea.Msg {
		return signOffRevisionMsg{id: id, rev: rev, err: err}
	})
}

// follow handles the revision a poll found and the reloaded review.
func (s *signOffModel) follow(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case signOffRevisionMsg:
		if msg.err != nil || msg.id != s.rev.ID || msg.rev == s.revision || s.step == stepSaving {
			return nil
		}
		st, id := s.c.store, s.rev.ID
		return func() tea.Msg {
			r, err := st.Get(id)
			if err != nil {
				return signOffReloadMsg{err: err}
			}
			rev, err := st.Revision(r.ID)
			return signOffReloadMsg{review: r, rev: rev, err: err}
		}
	case signOffReloadMsg:
		if msg.err != nil {
			s.c.logger.Debug("reload for sign-off failed", "err", msg.err)
			return nil
		}
		if msg.review.ID == s.rev.ID && s.step != stepSaving {
			s.setReview(msg.review, msg.rev)
		}
		return nil
	}
	return nil
}
