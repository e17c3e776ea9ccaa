package tui

// Approving a review that is not ready (required items left, or one
// failing) is allowed, but not by accident: the sign-off form asks
// "approve anyway?" and says why (review.Standing.ApprovalWarning). A
// rejection needs no question.

import (
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

// approvalWarning says why the review should not be approved yet; ""
// when it may be.
func (s *signOffModel) approvalWarning() string {
	return review.Assess(s.rev, s.c.now()).Standing.ApprovalWarning()
}

// withApprovalCheck adds the question to the details when the review is
// not ready; it is skipped for a rejection.
func (s *signOffModel) withApprovalCheck(details *huh.Group) []*huh.Group {
	warn := s.approvalWarning()
	if warn == "" {
		return []*huh.Group{details}
	}
	v := s.v
	v.Anyway = false
	return []*huh.Group{details, huh.NewGroup(
		huh.NewConfirm().Key("anyway").Title("Approve anyway?").
			Description("Wait: " + warn + ". An approval signs the review as it stands.").
			Affirmative("approve anyway").Negative("go back").Value(&v.Anyway),
	).WithHideFunc(func() bool { return v.Decision == review.Reject })}
}

// recordIfMeant records the sign-off, unless it approves a review that is
// not ready and the answer to the question was no: then the form comes
// back as it was.
func (s *signOffModel) recordIfMeant() tea.Cmd {
	if v := s.v; v.Decision != review.Reject && !v.Anyway {
		if warn := s.approvalWarning(); warn != "" {
			s.c.info("not signed: " + warn)
			return s.startDetails()
		}
	}
	return s.record()
}
