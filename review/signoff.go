package review

import (
	"strings"
)

// State is where a review stands in its life.
type State string

const (
	Draft     State = "draft"      // nothing answered yet
	InReview  State = "in-review"  // being answered or awaiting sign-offs
	SignedOff State = "signed-off" // approved, nobody rejected, no stale sign-off
	Rejected  State = "rejected"   // a current sign-off rejects it
)

// Stale reports whether a sign-off was given to different content than the
// review has now.
func (s SignOff) Stale(currentHash string) bool { return s.Hash != currentHash }

// SignOffStatus sums up the sign-offs of a review against its current hash.
type SignOffStatus struct {
	State State  `json:"state"`
	Hash  string `json:"hash"`
	// Current counts sign-offs given to the content as it is now: the ones
	// a change would turn stale, which is why front ends ask first.
	Current int `json:"current"`
	// Stale counts sign-offs given to content that has since changed.
	Stale int `json:"stale"`
	// MissingRoles are the template's sign-off roles with no current approval.
	MissingRoles []string `json:"missing_roles,omitempty"`
	Reasons      []string `json:"reasons,omitempty"`
}

// CurrentSignOffs returns, for each signer (by name and role), only their
// latest sign-off: a participant who changes their mind signs again.
func CurrentSignOffs(r *Review) []SignOff {
	type key struct{ name, role string }
	latest := map[key]int{}
	var order []key
	for i, s := range r.SignOffs {
		k := key{s.Name, s.Role}
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = i
	}
	out := make([]SignOff, 0, len(order))
	for _, k := range order {
		out = append(out, r.SignOffs[latest[k]])
	}
	return out
}

// StateOf is the review's state alone. A review without sign-offs is a
// draft or in review whatever its content, so the content hash — the
// costly part of SignOffState — is only computed when there are sign-offs
// to compare it with. The store refreshes a summary on every write, and
// this keeps a write from re-encoding the whole template snapshot.
func StateOf(r *Review) State { return (&Hasher{}).StateOf(r) }

// StateOf is the package's StateOf, hashing with h.
func (h *Hasher) StateOf(r *Review) State {
	if len(r.SignOffs) == 0 {
		if hasAnswers(r) {
			return InReview
		}
		return Draft
	}
	return h.SignOffState(r).State
}

func hasAnswers(r *Review) bool {
	for _, a := range r.Answers {
		if a.Status != Unanswered && a.Status != "" {
			return true
		}
	}
	return false
}

// SignOffState derives the review's state from its answers and sign-offs.
func SignOffState(r *Review) SignOffStatus { return (&Hasher{}).SignOffState(r) }

// SignOffState is the package's SignOffState, hashing with h.
func (h *Hasher) SignOffState(r *Review) SignOffStatus {
	st := SignOffStatus{Hash: h.Hash(r)}
	current := CurrentSignOffs(r)
	approvedRoles := map[string]bool{}
	approvals, rejections := 0, 0
	for _, s := range current {
		if s.Stale(st.Hash) {
			st.Stale++
			continue
		}
		st.Current++
		switch {
		case s.Decision == Reject:
			rejections++
		case s.Decision.Approves():
			approvals++
			approvedRoles[s.Role] = true
		}
	}
	for _, role := range r.Template.SignoffRoles {
		if !approvedRoles[role] {
			st.MissingRoles = append(st.MissingRoles, role)
		}
	}
	switch {
	case rejections > 0:
		st.State = Rejected
		st.Reasons = append(st.Reasons, plural(rejections, "sign-off rejects", "sign-offs reject")+" the review")
	case approvals > 0 && st.Stale == 0 && len(st.MissingRoles) == 0:
		st.State = SignedOff
	case !hasAnswers(r) && len(r.SignOffs) == 0:
		st.State = Draft
	default:
		st.State = InReview
	}
	if st.State != SignedOff {
		if approvals == 0 && rejections == 0 {
			st.Reasons = append(st.Reasons, "no current approval")
		}
		if st.Stale > 0 {
			st.Reasons = append(st.Reasons, plural(st.Stale, "sign-off is", "sign-offs are")+" stale: the review changed after they were given")
		}
		if len(st.MissingRoles) > 0 {
			roles := " role"
			if len(st.MissingRoles) > 1 {
				roles = " roles"
			}
			st.Reasons = append(st.Reasons, "no approval yet from the "+andList(st.MissingRoles)+roles)
		}
	}
	return st
}

// andList joins words as a sentence does: "a", "a and b", "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
