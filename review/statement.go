package review

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/review/sshsign"
)

// SignatureNamespace is the SSHSIG namespace of every sign-off signature:
// what `ssh-keygen -Y sign -n` and `-Y verify -n` are given. A signature
// made for anything else (git commits use "git", files "file") is never a
// sign-off, and a sign-off signature never anything else.
const SignatureNamespace = "prr-signoff@prr.dev"

// StatementFormat names the statement's layout; a new layout gets a new
// name, so old signatures keep verifying over the old one.
const StatementFormat = "prr-signoff-v1"

// Statement is the text a signed sign-off's signature is made over: what
// the signer vouches for, one "key: value" line each, readable by the
// person who signs it and rebuilt byte for byte by whoever checks it. It
// is made of the sign-off itself and of what a review never changes (its
// id and template), so a sign-off's statement is the same whenever it is
// rebuilt, stale or not.
//
// Values are written as they are, except for what would let a value span
// lines, hide in a terminal or a wiki, or vanish when copied (escapeValue):
// every line of a statement is printable text that a Markdown page shows
// as it is. An empty value leaves its line as "key:".
func Statement(r *Review, s SignOff) []byte {
	var b strings.Builder
	b.WriteString("prr sign-off statement\n")
	line := func(key, value string) {
		b.WriteString(key + ":")
		if value != "" {
			b.WriteString(" " + escapeValue(value))
		}
		b.WriteByte('\n')
	}
	line("format", StatementFormat)
	line("review", r.ID)
	line("service", s.Service)
	line("template", r.Template.ID+" v"+strconv.Itoa(r.Template.Version))
	line("content", s.Hash)
	line("history", s.History)
	line("role", s.Role)
	line("decision", string(s.Decision))
	line("name", s.Name)
	line("at", s.At.UTC().Format(time.RFC3339Nano))
	line("comment", s.Comment)
	return []byte(b.String())
}

// escapeValue writes a backslash as \\, a line feed, carriage return and
// tab as \n, \r and \t, every other control character (C0, DEL, C1) as
// \xHH, the invisible characters that reorder or hide text (zero-width
// and bidirectional marks, the line and paragraph separators, word
// joiners, the byte-order mark, interlinear annotations) as \u{HHHH},
// and a space or tab that ends the value as \x20 or \t (a wiki trims
// trailing blanks). The list is fixed here, not taken from the Unicode
// tables of the Go release: a statement must be rebuilt byte for byte
// by any prr, in any year.
func escapeValue(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case hiddenRune(r):
			fmt.Fprintf(&b, `\u{%04x}`, r)
		case r == ' ' && i == len(s)-1:
			b.WriteString(`\x20`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hiddenRune reports the invisible characters escapeValue escapes.
func hiddenRune(r rune) bool {
	switch {
	case r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e, r == 0x2028, r == 0x2029,
		r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x2069, r == 0xfeff, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// NewSignOff builds a sign-off of the review's current content and
// history.
func NewSignOff(r *Review, name, role string, d Decision, comment string, now time.Time) (SignOff, error) {
	s := SignOff{
		Name: strings.TrimSpace(name), Role: strings.ToLower(strings.TrimSpace(role)), Decision: d, Comment: comment,
		At: now.UTC(), Hash: ContentHash(r), Service: r.Service, History: r.HistoryHead,
	}
	return s, s.Validate()
}

// NewSignedSignOff is NewSignOff for a sign-off that is to be signed: its
// time is whole seconds, as the statement shows it and as a signer types
// it back (--at).
func NewSignedSignOff(r *Review, name, role string, d Decision, comment string, at time.Time) (SignOff, error) {
	return NewSignOff(r, name, role, d, comment, at.UTC().Truncate(time.Second))
}

// ErrStatementMismatch is a signature that does not verify over the
// statement as it is rebuilt from the review and the sign-off.
var ErrStatementMismatch = errors.New("the signature does not verify over the sign-off's statement")

// WithSignature returns s signed by armored, after checking that armored is
// a signature in SignatureNamespace over s's statement for r. Who made it
// (the allowed signers) is checked later, by whoever relies on it.
func (s SignOff) WithSignature(r *Review, armored []byte) (SignOff, error) {
	sig, err := sshsign.Parse(armored)
	if err != nil {
		return s, err
	}
	if err := sig.Verify(Statement(r, s), SignatureNamespace); err != nil {
		if errors.Is(err, sshsign.ErrNamespace) {
			return s, fmt.Errorf("%w; sign with: ssh-keygen -Y sign -n %s", err, SignatureNamespace)
		}
		return s, fmt.Errorf("%w: the review changed since the statement was made (its content or history), a detail of the sign-off differs from the statement's (name, role, decision, comment, time), or the signature was made over other text", ErrStatementMismatch)
	}
	s.Signature = sig.Armored
	return s, nil
}

// ErrReviewChanged is a review that changed between the reading of its
// statement and the recording of the signature over it.
var ErrReviewChanged = errors.New("the review changed while it was being signed; sign it again as it is now")

// Reattach returns s, a sign-off built by NewSignedSignOff from an earlier
// read of the review and signed outside the store's lock (a security key
// may wait for a touch), rebuilt from r as it is now with armored attached.
// A review whose content or history moved on in between is
// ErrReviewChanged: the signature covers what the signer saw, no more.
func (s SignOff) Reattach(r *Review, armored []byte) (SignOff, error) {
	again, err := NewSignedSignOff(r, s.Name, s.Role, s.Decision, s.Comment, s.At)
	if err != nil {
		return again, err
	}
	if again.Hash != s.Hash || again.History != s.History {
		return again, ErrReviewChanged
	}
	return again.WithSignature(r, armored)
}
