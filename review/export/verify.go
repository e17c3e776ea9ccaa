package export

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"time"

	"github.com/prr-dev/prr/review"
)

// SignOffCheck is one sign-off found in a record and what it proves.
type SignOffCheck struct {
	Name     string
	Role     string
	Decision review.Decision
	At       time.Time
	// Hash is the hash the sign-off was given to: in full from a JSON
	// record, shortened as printed from a Markdown one.
	Hash string
	// Matches reports whether Hash is the content hash: recomputed for a
	// JSON record, as stated in the footer for a Markdown one.
	Matches bool
	// Signature is what its signature proves (from the statements of a
	// Markdown record's appendix).
	Signature review.SignatureCheck
}

// VerifyOptions say what Verify is asked to prove besides the record's own
// consistency.
type VerifyOptions struct {
	// Signing holds the allowed signers file and the rules signed roles
	// must meet (review.SigningPolicy).
	Signing review.SigningPolicy
	// HashOnly accepts a Markdown record's check, which compares hashes
	// and signatures with the hash the record states but cannot
	// recompute it from the content shown.
	HashOnly bool
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Format string // "json" or "markdown"
	// Hash is the content hash: recomputed from a JSON record, as stated
	// in the footer of a Markdown one.
	Hash       string
	Recomputed bool
	SignOffs   []SignOffCheck
	// Problems are what does not hold, Notes what holds or could not be
	// asked; both in plain sentences, one per line, for people.
	Problems []string
	Notes    []string
}

// Proven reports whether everything Verify was asked to prove holds.
func (r VerifyReport) Proven() bool { return len(r.Problems) == 0 }

func (r *VerifyReport) problem(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

func (r *VerifyReport) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Verify checks a record with VerifyOptions' zero value.
func Verify(rd io.Reader) (VerifyReport, error) { return VerifyWith(rd, VerifyOptions{}) }

// VerifyWith checks a record and says what it proves.
//
// For a JSON record it recomputes the content hash from the review it
// holds and compares every sign-off's hash with it, checks the history's
// hash chain link by link (naming the first broken one) and that every
// sign-off's history head is a link of it, checks every signature over its
// statement and, with an allowed signers file, whose key made it, and the
// signing rules of the template and o.Signing.
//
// A Markdown record cannot be recomputed (it shows the review, it does not
// contain it): anyone editing the file could change the content and the
// hashes alike. Verify reads the hash stated in its footer, the hashes in
// its sign-off table and the signed statements of its appendix, and says
// what they prove, but only o.HashOnly makes such a check a pass.
func VerifyWith(rd io.Reader, o VerifyOptions) (VerifyReport, error) {
	data, err := readBounded(rd)
	if err != nil {
		return VerifyReport{}, err
	}
	if t := bytes.TrimLeft(data, " \t\r\n\ufeff"); len(t) > 0 && t[0] == '{' {
		return verifyJSON(data, o)
	}
	return verifyMarkdown(data, o)
}

func verifyJSON(data []byte, o VerifyOptions) (VerifyReport, error) {
	rec, err := decodeRecord(data)
	if err != nil {
		return VerifyReport{}, err
	}
	r := &rec.Review
	if r.Answers == nil {
		r.Answers = map[string]review.Answer{}
	}
	rep := VerifyReport{Format: "json", Hash: review.ContentHash(r), Recomputed: true}
	if rec.Hash != rep.Hash {
		rep.problem("the hash written in the record (%s) is not the one recomputed from its content: the review was changed after export", shortOr(rec.Hash))
	}
	if err := validateReview(r, rec.History, time.Now()); err != nil {
		rep.problem("the review would not import: %s", oneLine(err.Error()))
	}
	verifyChain(&rep, r, rec.History)
	cur := review.CurrentSignOffs(r)
	current := make(map[int]bool, len(cur))
	for i, s := range r.SignOffs {
		for _, c := range cur {
			if s.At.Equal(c.At) && s.Name == c.Name && s.Role == c.Role && s.Signature == c.Signature && s.Hash == c.Hash {
				current[i] = true
			}
		}
	}
	matching := 0
	for i, s := range r.SignOffs {
		c := SignOffCheck{Name: s.Name, Role: s.Role, Decision: s.Decision, At: s.At.UTC(), Hash: s.Hash, Matches: s.Hash == rep.Hash,
			Signature: review.CheckSignature(r, s, o.Signing.Allowed)}
		rep.SignOffs = append(rep.SignOffs, c)
		switch {
		case !current[i]:
			rep.note("%s was replaced by a later sign-off of the same signer", describe(c))
		case c.Matches:
			matching++
		default:
			rep.problem("%s is stale: it was given to other content (%s)", describe(c), shortOr(c.Hash))
		}
		signatureFinding(&rep, c)
	}
	for _, p := range review.RoleSigningProblems(r, o.Signing) {
		rep.problem("%s", p)
	}
	rep.note("%d of %d current sign-offs match the recomputed content hash", matching, len(cur))
	return rep, nil
}

// verifyChain checks the history chain and the heads sign-offs name.
func verifyChain(rep *VerifyReport, r *review.Review, hist []review.Event) {
	if r.HistoryHead == "" && !slices.ContainsFunc(hist, func(e review.Event) bool { return e.Prev != "" }) {
		rep.problem("the history is not a hash chain (a record from a prr before chains): nothing shows whether events were dropped or changed; export it again with this prr")
		return
	}
	if _, err := review.CheckChain(r.ID, hist, r.HistoryHead); err != nil {
		rep.problem("history: %s", err)
		return
	}
	rep.note("history: %d events, %s", len(hist), r.ChainStart.Describe())
	links := map[string]bool{review.Genesis(r.ID): true}
	for _, ev := range hist {
		links[review.EventHash(ev)] = true
	}
	for _, s := range r.SignOffs {
		if s.History != "" && !links[s.History] {
			rep.problem("the sign-off by %s names a history head (%s) that is not in the history: the history was rewritten after it was given", who(s.Name, s.Role), shortOr(s.History))
		}
	}
}

// signatureFinding reports what one sign-off's signature proves.
func signatureFinding(rep *VerifyReport, c SignOffCheck) {
	sc := c.Signature
	switch sc.State {
	case review.SignedValid:
		rep.note("%s: %s", describe(c), oneLine(sc.Describe()))
	case review.SignatureInvalid, review.SignedUnknownKey:
		rep.problem("%s: %s", describe(c), oneLine(sc.Describe()))
	case review.SignedUnchecked:
		rep.note("%s: %s; pass --allowed-signers to prove whose key it is", describe(c), oneLine(sc.Describe()))
	}
}

func who(name, role string) string {
	s := truncate(name, 80)
	if role = truncate(role, 40); role != "" {
		s += " (" + role + ")"
	}
	return s
}

var (
	footerRE      = regexp.MustCompile("(?m)^Content hash: `?(sha256:[0-9a-f]{64})`?")
	frontHashRE   = regexp.MustCompile(`(?m)^hash: "?(sha256:[0-9a-f]{64})"?\s*$`)
	signOffHeadRE = regexp.MustCompile(`(?m)^#{1,6}[ \t]+Sign-offs[ \t]*#*[ \t]*$`)
	shortHashRE   = regexp.MustCompile(`sha256:[0-9a-f]{8,64}`)
)
