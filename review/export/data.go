package export

import (
	"time"

	"github.com/prr-dev/prr/review"
)

// Data is what a layout is executed with: the default one in
// templates/record.md.tmpl, or a user's own given with --template.
//
// Every string in Data is ready to print. User text (service, names, titles,
// notes, evidence, reasons) has been escaped: fields documented as "inline"
// with Inline, which makes them safe both in running text and in a table
// cell; fields documented as "block" with Block, which must stand as a
// paragraph of their own. Dates, numbers, hashes and labels are generated
// by prr and contain nothing Markdown would read as syntax. So a layout
// that only prints Data fields cannot be made to emit raw HTML, a broken
// table or a javascript: link, whatever the review holds.
//
// Raw is the one exception: the review itself, unescaped, for layouts that
// need something Data does not offer. Never print its strings directly;
// pass them through the inline, cell, paragraphs or link functions.
type Data struct {
	Title        string        // inline: "Production readiness review: <service>"
	ID           string        // code: the review's id
	Service      string        // inline
	Team         string        // inline, may be empty
	Owner        string        // inline, may be empty
	Participants []Participant // who attended, in the order recorded
	// Attendance is the participants as one inline line:
	// "Kari Nordmann (owner), Ola Nordmann (sre)"; empty if none.
	Attendance string
	Template   TemplateInfo

	Created string // YYYY-MM-DD the review was started, in prr's time zone (Options.Zone; UTC by default)
	Updated string // YYYY-MM-DD of its last change, likewise
	AsOf    string // YYYY-MM-DD the record describes (see AsOf), likewise
	// CreatedAt and UpdatedAt are the same moments to the second,
	// "2026-01-12 09:00:00 UTC": the start is part of the content hash, so
	// a record read back (ReadMarkdown) needs it whole.
	CreatedAt string
	UpdatedAt string

	// Renewal says until when the review is valid once signed off.
	Renewal Renewal
	// Origin is set when the review was carried over from the last one of
	// its service or moved to a newer checklist; nil otherwise.
	Origin *Origin
	// ToConfirm counts the answers carried over and not confirmed yet.
	ToConfirm int

	Verdict Verdict
	// Standing says whether an unfinished review is not finished or
	// blocked, with the count that matters.
	Standing Standing
	Score    string // "83%": the overall score (review.PercentText)
	Answered int
	Total    int
	// Level is the maturity level reached (0 none, 1 bronze, 2 silver,
	// 3 gold) and LevelName its name.
	Level     int
	LevelName string
	State     State

	Sections   []Section // every section, with its items and answers
	Blocking   []Finding // required items that keep the review blocked
	Conditions []Finding // optional items that fall short
	Waivers    []Waiver  // every waiver on a failing or partial item
	Actions    []Action  // every action item, open or done, in template order
	// OpenActions and OverdueActions count the action items not done, and
	// those of them past their due date as of AsOf.
	OpenActions    int
	OverdueActions int

	// Skills is the skill matrix with each area's bus factor; nil when the
	// review has none (skills.go).
	Skills *Skills
	// Risks, DPIA and Runbooks are the risk register, the DPIA screening
	// and the runbook coverage; nil when the review has none (assess.go).
	Risks    *Risks
	DPIA     *DPIA
	Runbooks *Runbooks
	// Meeting is the roll call (present and absent, apart from who
	// signed), the sittings and the time; Parked the parking lot.
	Meeting Meeting
	Parked  []Parked

	SignOffs []SignOff // the latest sign-off of each signer, in signing order
	// AllSignOffs is every sign-off as given, those replaced by a later
	// decision of the same signer included (Status "replaced").
	AllSignOffs []SignOff
	// Superseded counts earlier sign-offs replaced by a later decision of
	// the same signer.
	Superseded int

	Hash      string // the review's content hash now: "sha256:<64 hex>"
	ShortHash string // "sha256:" and the first 12 hex digits
	Version   string // the prr version that wrote the record

	// Signing is what the signatures prove, and the statements and
	// signatures themselves (data_signing.go).
	Signing Signing

	// Raw is the review itself, unescaped. Read only; escape what you print.
	Raw *review.Review

	signedAt time.Time // when the review became signed off (addRenewal); zero if it is not
}

// Participant is someone who attended the review meeting.
type Participant struct {
	Name string // inline
	Role string // inline, may be empty
}

// TemplateInfo says which checklist, at which version, the review used.
type TemplateInfo struct {
	ID      string // code: a code span (see Code)
	Version int
	Title   string // inline
	// Hash is the snapshot's hash (review.TemplateHash), "sha256:<64 hex>":
	// with the id and version it tells a reader which checklist exactly.
	Hash string
	// SignoffRoles are the roles whose approval the review needs (inline).
	SignoffRoles []string
}

// Verdict is the derived verdict (see review.Assess).
type Verdict struct {
	Value   string   // ready, ready-with-conditions or blocked
	Label   string   // "✅ Ready", "⚠️ Ready with conditions", "❌ Blocked"
	Reasons []string // inline, one per line of reasoning; empty when ready
}

// State is where the review stands with its sign-offs (see review.SignOffState).
type State struct {
	Value        string   // draft, in-review, signed-off or rejected
	Label        string   // "Draft", "In review", "Signed off", "Rejected"
	Reasons      []string // inline; why it is not signed off
	Stale        int      // sign-offs given to content that has since changed
	MissingRoles []string // inline; sign-off roles without a current approval
}

// Section is one section of the checklist with its scores and items.
type Section struct {
	Number   int    // 1-based position in the template
	ID       string // code: a code span (see Code)
	Title    string // inline
	Total    int
	Answered int
	Passed   int
	Partial  int
	Failed   int
	NA       int
	Score    string // "75%" (review.PercentText)
	// Time is the time the meeting spent on the section ("12m"; empty if
	// none was counted), Timebox its timebox in minutes (0 for none), and
	// Over whether the time ran past it.
	Time    string
	Timebox int
	Over    bool
	Items   []Item
}

// Item is one checklist item with its answer.
type Item struct {
	Number      string // "2.3": section and position
	ID          string // code: a code span (see Code)
	Title       string // inline
	Required    bool
	Level       int    // 1 bronze, 2 silver, 3 gold
	LevelName   string // "bronze", "silver", "gold"
	Status      string // unanswered, pass, partial, fail or n/a
	StatusLabel string // "✅ pass", "⚠️ partial", "❌ fail", "➖ n/a", "❔ unanswered"
	Note        string // block: paragraphs, with http(s) and mailto URLs as links (see Note); empty if none
	Parked      bool   // on the parking lot
	ParkedNote  string // inline: the parking note, may be empty
	Evidence    []Evidence
	Actions     []Action
	Waiver      *Waiver // nil if none
	// ToConfirm: the answer was carried over from the last review and is
	// not confirmed yet, so it does not count.
	ToConfirm bool
	// New: the item is new since the checklist the answers came from.
	New bool
	// Changed says what of the item changed since then ("required,
	// guidance"); empty if nothing did.
	Changed string

	// For a layout with one table row per item (the compact one):
	// NoteCell is the note in one cell, "*below*" when it has more than
	// one line (Details then shows it), empty if there is none;
	// EvidenceCell is the evidence links joined by ", ", "*below*" when
	// some evidence is not a link; Details says whether the item needs
	// more than its row: actions, a waiver, or a note or evidence below.
	NoteCell     string
	EvidenceCell string
	Details      bool
}

// Evidence is one evidence entry: a link if it is an http(s) or mailto URL,
// escaped plain text otherwise.
type Evidence struct {
	Markdown string // a [label](<url>) link, or inline text
	Link     bool   // whether Markdown is a link
}

// Action is one action item.
type Action struct {
	ItemNumber string // "2.3"
	ItemTitle  string // inline
	Text       string // inline
	Owner      string // inline, may be empty
	Due        string // YYYY-MM-DD, or empty
	Done       bool
	Overdue    bool // open and due before AsOf
}

// Waiver is an accepted risk on a failing or partial item.
type Waiver struct {
	ItemNumber string // "2.3"
	ItemTitle  string // inline
	Status     string // the item's status: fail or partial
	Reason     string // inline
	AcceptedBy string // inline
	Expires    string // YYYY-MM-DD
	Expired    bool   // expired as of AsOf
}

// Finding is an item that matters for the verdict.
type Finding struct {
	ItemNumber string // "2.3"
	Section    string // inline: the section title
	ItemTitle  string // inline
	Status     string // the item's status
	Reason     string // inline: why it counts, in words
}

// SignOff is one participant's decision on the review.
type SignOff struct {
	Name      string // inline
	Role      string // inline, may be empty
	Decision  string // approve, approve-with-conditions or reject (inline)
	Comment   string // inline: a comment flattened to one line, may be empty
	Date      string // "YYYY-MM-DD HH:MM" in UTC
	Hash      string // the hash signed, "sha256:<64 hex>", or "" if malformed
	ShortHash string // "sha256:" and 12 hex digits, or "" if malformed
	// HashShown is ShortHash when the sign-off names the review's content
	// hash (which the footer writes in full) and Hash otherwise, so that
	// every hash is in the record whole.
	HashShown string
	Stale     bool   // the review changed after this sign-off
	Status    string // "current", "stale", or "replaced" (only in AllSignOffs)
}
