package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// selfSigner is the "who signs" of a terminal of prr serve: the user it
// logged in as, whose name was proven by their key. They sign for
// themselves only, so the form does not ask who signs.
const selfSigner = -3

// startSelf starts the form on the details of the user's own sign-off,
// in the role they have among the participants, if they are one.
func (s *signOffModel) startSelf() tea.Cmd {
	s.v.Who, s.v.Name = selfSigner, s.c.self
	for _, p := range s.rev.Participants {
		if strings.TrimSpace(p.Name) == s.c.self {
			s.v.Role = oneLine(p.Role)
		}
	}
	return s.startDetails()
}

// detailsTitle is the title of the details form: whose sign-off it is.
func (s *signOffModel) detailsTitle() string {
	switch v := s.v; {
	case v.Who == selfSigner:
		return "Sign-off by " + oneLine(v.Name) + " (you)"
	case v.Who >= 0 && v.Who < len(s.rev.Participants):
		return "Sign-off by " + oneLine(s.rev.Participants[v.Who].Name)
	}
	return "Sign-off"
}
