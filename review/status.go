package review

import "fmt"

// Status is the answer given to one item.
type Status string

const (
	Unanswered Status = "unanswered"
	Pass       Status = "pass"
	Partial    Status = "partial"
	Fail       Status = "fail"
	NA         Status = "n/a"
)

// Statuses lists every status in the order they are offered to users.
var Statuses = []Status{Unanswered, Pass, Partial, Fail, NA}

// ParseStatus accepts the canonical spelling and a few obvious aliases.
func ParseStatus(s string) (Status, error) {
	switch s {
	case "unanswered", "":
		return Unanswered, nil
	case "pass", "yes", "ok":
		return Pass, nil
	case "partial":
		return Partial, nil
	case "fail", "no":
		return Fail, nil
	case "n/a", "na":
		return NA, nil
	}
	return "", fmt.Errorf("unknown status %q; use pass, partial, fail, n/a or unanswered", s)
}

// Valid reports whether s is one of the five statuses.
func (s Status) Valid() bool {
	switch s {
	case Unanswered, Pass, Partial, Fail, NA:
		return true
	}
	return false
}

// Decision is a participant's verdict in a sign-off.
type Decision string

const (
	Approve               Decision = "approve"
	ApproveWithConditions Decision = "approve-with-conditions"
	Reject                Decision = "reject"
)

// Decisions lists every decision in the order they are offered to users.
var Decisions = []Decision{Approve, ApproveWithConditions, Reject}

// ParseDecision parses a sign-off decision.
func ParseDecision(s string) (Decision, error) {
	switch Decision(s) {
	case Approve, ApproveWithConditions, Reject:
		return Decision(s), nil
	}
	return "", fmt.Errorf("unknown decision %q; use approve, approve-with-conditions or reject", s)
}

// Approves reports whether the decision counts as an approval.
func (d Decision) Approves() bool { return d == Approve || d == ApproveWithConditions }

// Verdict is derived from the answers, never typed in.
type Verdict string

const (
	Blocked             Verdict = "blocked"
	ReadyWithConditions Verdict = "ready-with-conditions"
	Ready               Verdict = "ready"
)
