package review

import (
	"time"
)

// Review is one run of a template for one service at one time.
type Review struct {
	ID           string        `json:"id"`
	Service      string        `json:"service"`
	Team         string        `json:"team,omitempty"`
	Owner        string        `json:"owner,omitempty"`
	Participants []Participant `json:"participants,omitempty"`
	// Template is a snapshot taken when the review started; later edits of
	// the template file never change it.
	Template  Template          `json:"template"`
	Answers   map[string]Answer `json:"answers"`
	SignOffs  []SignOff         `json:"signoffs,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
	CreatedBy string            `json:"created_by,omitempty"`
	// Meeting is how the meeting went (meeting.go); it is not part of the
	// content hash.
	Meeting Meeting `json:"meeting,omitzero"`
	// HistoryHead is the hash of the last event of the review's history
	// (see chain.go), kept by the store with every change; a sign-off
	// records it. Empty only for a review not yet stored.
	HistoryHead string `json:"history_head,omitempty"`
	// ChainStart is set when the history was chained after the fact, by
	// the upgrade that brought chains in.
	ChainStart *ChainStart `json:"chain_start,omitempty"`
	// Origin is set on a review carried over from the last one of its
	// service, or moved to a newer template: where its answers came from
	// and how its checklist changed since (see CarryOver and Upgrade).
	Origin *Origin `json:"origin,omitempty"`

	// Assessments are the skill matrix and the other assessments recorded
	// beside the answers (assessments.go); nil when there are none.
	Assessments *Assessments `json:"assessments,omitempty"`
}

// Participant is someone who attended the review meeting.
type Participant struct {
	Name string `json:"name"`
	Role string `json:"role,omitempty"`
}

// Answer is the state of one item in one review.
type Answer struct {
	Status   Status   `json:"status"`
	Note     string   `json:"note,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Actions  []Action `json:"actions,omitempty"`
	Waiver   *Waiver  `json:"waiver,omitempty"`
	// ToConfirm marks an answer carried over from the last review of the
	// service (CarryOver) or kept through a template upgrade of a changed
	// item: it does not count (Assess reads it as unanswered) until
	// someone confirms it or changes it (any AnswerEdit but Restore).
	ToConfirm bool      `json:"to_confirm,omitempty"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// Action is follow-up work agreed in the review.
type Action struct {
	Text  string `json:"text"`
	Owner string `json:"owner,omitempty"`
	Due   Date   `json:"due,omitempty"`
	Done  bool   `json:"done,omitempty"`
}

// Waiver records that a failing item's risk was accepted, by whom, and until
// when. An expired waiver no longer counts.
type Waiver struct {
	Reason     string `json:"reason"`
	AcceptedBy string `json:"accepted_by"`
	Expires    Date   `json:"expires"`
}

// SignOff is one participant's decision on the review, tied to the review's
// content hash and history at that moment, and, when signed, proven by an
// SSH signature over its statement (see statement.go).
type SignOff struct {
	Name     string    `json:"name"`
	Role     string    `json:"role,omitempty"`
	Decision Decision  `json:"decision"`
	Comment  string    `json:"comment,omitempty"`
	At       time.Time `json:"at"`
	Hash     string    `json:"hash"`
	// Service is the service's name when the sign-off was given, as its
	// statement names it.
	Service string `json:"service,omitempty"`
	// History is the review's history chain head when it was given.
	History string `json:"history,omitempty"`
	// Signature is an armored SSHSIG signature of the sign-off's
	// statement, in SignatureNamespace; empty for an unsigned sign-off.
	Signature string `json:"signature,omitempty"`

	// KeyFingerprint is the SHA256 fingerprint of the SSH key the signer
	// logged in with, for a sign-off made through prr serve: the name was
	// proven by that key rather than typed. Empty for local sign-offs.
	KeyFingerprint string `json:"key_fingerprint,omitempty"`
}

// Event is one entry of a review's audit history.
type Event struct {
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	Item  string    `json:"item,omitempty"` // empty for review-level changes
	Field string    `json:"field"`
	Old   string    `json:"old,omitempty"`
	New   string    `json:"new,omitempty"`
	// Prev is the hash of the event before this one, or the review's
	// genesis value for its first event (see chain.go).
	Prev string `json:"prev,omitempty"`
}

// NewReview starts a review of service against a snapshot of t.
func NewReview(id string, t Template, meta Meta, now time.Time, actor string) (*Review, error) {
	meta = meta.Normalize()
	if err := meta.Validate(); err != nil {
		return nil, err
	}
	r := &Review{
		ID:        id,
		Template:  t,
		Answers:   map[string]Answer{},
		CreatedAt: now.UTC(),
		UpdatedAt: now.UTC(),
		CreatedBy: actor,
	}
	r.SetMeta(meta)
	return r, nil
}

// Answer returns the answer to an item, unanswered if none was given.
func (r *Review) Answer(itemID string) Answer {
	if a, ok := r.Answers[itemID]; ok {
		return a
	}
	return Answer{Status: Unanswered}
}

// Meta is the part of a review that describes it rather than answers it.
type Meta struct {
	Service      string        `json:"service"`
	Team         string        `json:"team,omitempty"`
	Owner        string        `json:"owner,omitempty"`
	Participants []Participant `json:"participants,omitempty"`
}

// Meta returns the review's metadata.
func (r *Review) Meta() Meta {
	return Meta{Service: r.Service, Team: r.Team, Owner: r.Owner, Participants: append([]Participant(nil), r.Participants...)}
}

// SetMeta replaces the review's metadata.
func (r *Review) SetMeta(m Meta) {
	r.Service, r.Team, r.Owner = m.Service, m.Team, m.Owner
	r.Participants = append([]Participant(nil), m.Participants...)
}

// Clone returns a deep copy, so callers may change it freely.
func (a Answer) Clone() Answer {
	a.Evidence = append([]string(nil), a.Evidence...)
	a.Actions = append([]Action(nil), a.Actions...)
	if a.Waiver != nil {
		w := *a.Waiver
		a.Waiver = &w
	}
	return a
}

// IsZero reports whether the answer holds nothing at all.
func (a Answer) IsZero() bool {
	return (a.Status == Unanswered || a.Status == "") && a.Note == "" && len(a.Evidence) == 0 && len(a.Actions) == 0 && a.Waiver == nil
}
