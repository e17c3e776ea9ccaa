package review

import "fmt"

// StandingKind is where a review stands, as a meeting says it. It refines
// the verdict: a blocked review is either not finished (required items
// still unanswered or parked, none failing) or blocked for real (a
// required item fails and is not waived).
type StandingKind string

const (
	NotStarted StandingKind = "not-started" // nothing answered, required items left
	InProgress StandingKind = "in-progress" // required items left, none failing
	// StandingBlocked: a required item fails or is partial, unwaived.
	StandingBlocked    StandingKind = "blocked"
	StandingConditions StandingKind = "ready-with-conditions"
	StandingReady      StandingKind = "ready"
)

// Standing is where a review stands, with the counts that matter.
type Standing struct {
	Kind StandingKind `json:"kind"`
	// Left counts the required items still to settle: unanswered, or
	// answered but parked.
	Left int `json:"required_left"`
	// Failing counts the required items that fail or are partial without
	// a waiver in force.
	Failing int `json:"required_failing"`
	// Parked counts every parked item, required or not.
	Parked int `json:"parked"`
}

// StandingOf is the one rule for where a review stands: failing required
// items make it blocked; otherwise required items left make it not
// finished (not started while nothing is answered); otherwise the verdict
// says.
func StandingOf(v Verdict, answered, left, failing, parked int) Standing {
	s := Standing{Left: left, Failing: failing, Parked: parked}
	switch {
	case failing > 0:
		s.Kind = StandingBlocked
	case left > 0 && answered == 0:
		s.Kind = NotStarted
	case left > 0:
		s.Kind = InProgress
	case v == Ready:
		s.Kind = StandingReady
	case v == ReadyWithConditions:
		s.Kind = StandingConditions
	default:
		s.Kind = StandingBlocked
	}
	return s
}

// Finished reports whether no required item is left to settle.
func (s Standing) Finished() bool { return s.Left == 0 && s.Kind != NotStarted && s.Kind != InProgress }

// Label is the standing in words with its counts: "not started — 40
// required left", "in progress — 12 required left, 2 parked", "blocked —
// 2 required failing, 5 left", "ready with conditions", "ready".
func (s Standing) Label() string {
	switch s.Kind {
	case NotStarted, InProgress:
		l := s.Kind.Label() + " — " + fmt.Sprintf("%d required left", s.Left)
		if s.Parked > 0 {
			l += fmt.Sprintf(", %d parked", s.Parked)
		}
		return l
	case StandingBlocked:
		l := "blocked"
		if s.Failing > 0 {
			l += fmt.Sprintf(" — %d required failing", s.Failing)
		}
		if s.Left > 0 {
			l += fmt.Sprintf(", %d left", s.Left)
		}
		return l
	}
	return s.Kind.Label()
}

// ShortLabel is the standing in a narrow column: "not started", "12 left",
// "blocked", "conditions", "ready".
func (s Standing) ShortLabel() string {
	switch s.Kind {
	case InProgress:
		return fmt.Sprintf("%d left", s.Left)
	case StandingConditions:
		return "conditions"
	}
	return s.Kind.Label()
}

// Label is the kind in words: "not started", "in progress", "blocked",
// "ready with conditions", "ready".
func (k StandingKind) Label() string {
	switch k {
	case NotStarted:
		return "not started"
	case InProgress:
		return "in progress"
	case StandingConditions:
		return "ready with conditions"
	}
	return string(k)
}

// Emoji is the mark of a standing in the record: ⏳ not finished, ❌
// blocked, ⚠️ ready with conditions, ✅ ready.
func (k StandingKind) Emoji() string {
	switch k {
	case NotStarted, InProgress:
		return "⏳"
	case StandingBlocked:
		return "❌"
	case StandingConditions:
		return "⚠️"
	case StandingReady:
		return "✅"
	}
	return ""
}

// Valid reports whether k is one of the five kinds.
func (k StandingKind) Valid() bool {
	switch k {
	case NotStarted, InProgress, StandingBlocked, StandingConditions, StandingReady:
		return true
	}
	return false
}

// ApprovalWarning says why approving the review as it stands is a
// mistake, or "" when it is ready (with or without conditions): "the
// review is blocked — 2 required failing" or "the review is not finished
// — 12 required left". Every front end asks before an approval with it.
func (s Standing) ApprovalWarning() string {
	switch s.Kind {
	case StandingReady, StandingConditions:
		return ""
	case NotStarted, InProgress:
		return "the review is not finished — " + fmt.Sprintf("%d required left", s.Left)
	}
	return "the review is " + s.Label()
}
