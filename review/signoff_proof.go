package review

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prr-dev/prr/review/sshsign"
)

// SignatureState is what a sign-off's signature proves.
type SignatureState string

const (
	// Unsigned: the sign-off has no signature; it proves nothing about
	// who gave it.
	Unsigned SignatureState = "unsigned"
	// SignatureInvalid: the signature is malformed, made for another
	// namespace, or does not verify over the sign-off's statement (forged,
	// or the sign-off was changed after it was signed).
	SignatureInvalid SignatureState = "invalid"
	// SignedUnknownKey: the signature verifies, but the allowed signers do
	// not let its key sign (not listed, not for this namespace, or not at
	// the time of the sign-off).
	SignedUnknownKey SignatureState = "not-allowed"
	// SignedUnchecked: the signature verifies, and there is no allowed
	// signers file to say whose key it is.
	SignedUnchecked SignatureState = "unchecked"
	// SignedValid: the signature verifies and the allowed signers let its
	// key sign for Principals.
	SignedValid SignatureState = "valid"
)

// Label is the state in words, for lists and tables.
func (s SignatureState) Label() string {
	switch s {
	case Unsigned:
		return "unsigned"
	case SignatureInvalid:
		return "signature invalid"
	case SignedUnknownKey:
		return "signed, not by an allowed key"
	case SignedUnchecked:
		return "signed, key not checked (no allowed signers file)"
	case SignedValid:
		return "signed and valid"
	}
	return string(s)
}

// Proven reports whether the signature proves who signed.
func (s SignatureState) Proven() bool { return s == SignedValid }

// SignatureCheck is what CheckSignature found about one sign-off.
type SignatureCheck struct {
	State       SignatureState `json:"state"`
	Fingerprint string         `json:"fingerprint,omitempty"` // "SHA256:...", when the signature decodes
	KeyType     string         `json:"key_type,omitempty"`
	Principals  []string       `json:"principals,omitempty"` // whom the key speaks for, when valid
	// Reason says why the state is not SignedValid, in a sentence.
	Reason string `json:"reason,omitempty"`
}

// Describe is the check in one line: "signed and valid: kari@example.com,
// key SHA256:...".
func (c SignatureCheck) Describe() string {
	text := c.State.Label()
	if len(c.Principals) > 0 {
		text += ": " + strings.Join(c.Principals, ", ")
	}
	if c.Fingerprint != "" {
		text += ", key " + c.Fingerprint
	}
	if c.Reason != "" {
		text += " (" + c.Reason + ")"
	}
	return text
}

// CheckSignature says what s's signature proves: whether it verifies over
// the sign-off's statement for r, and, with an allowed signers file,
// whether that lets its key sign at the sign-off's time (ssh-keygen -Y
// verify's rules, with the sign-off's time as the verify time).
func CheckSignature(r *Review, s SignOff, allowed *sshsign.AllowedSigners) SignatureCheck {
	if s.Signature == "" {
		return SignatureCheck{State: Unsigned}
	}
	return CheckStatement(Statement(r, s), s.Signature, s.At, allowed)
}

// CheckStatement is CheckSignature for a statement given as text (as a
// Markdown record's appendix gives it), signed at time at.
func CheckStatement(statement []byte, armored string, at time.Time, allowed *sshsign.AllowedSigners) SignatureCheck {
	sig, err := sshsign.Parse([]byte(armored))
	if err != nil {
		return SignatureCheck{State: SignatureInvalid, Reason: err.Error()}
	}
	c := SignatureCheck{Fingerprint: sig.Fingerprint(), KeyType: sig.KeyType()}
	if err := sig.Verify(statement, SignatureNamespace); err != nil {
		c.State, c.Reason = SignatureInvalid, signatureReason(err)
		return c
	}
	if allowed == nil {
		c.State = SignedUnchecked
		return c
	}
	ps, err := allowed.Authorize(sig, SignatureNamespace, at)
	if err != nil {
		c.State, c.Reason = SignedUnknownKey, err.Error()
		return c
	}
	c.State, c.Principals = SignedValid, ps
	return c
}

// StatementFields reads a statement's "key: value" lines, values as
// written (escaped). It refuses text that is not a statement of a format
// this prr knows.
func StatementFields(statement []byte) (map[string]string, error) {
	text := string(statement)
	first, rest, _ := strings.Cut(text, "\n")
	if first != "prr sign-off statement" {
		return nil, errors.New("it does not start with \"prr sign-off statement\"")
	}
	fields := map[string]string{}
	for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("the line %q is not \"key: value\"", truncate(line, 40))
		}
		fields[k] = strings.TrimPrefix(v, " ")
	}
	if fields["format"] != StatementFormat {
		return nil, fmt.Errorf("its format is %q; this prr reads %q", truncate(fields["format"], 40), StatementFormat)
	}
	return fields, nil
}

func signatureReason(err error) string {
	switch {
	case errors.Is(err, sshsign.ErrNamespace):
		return err.Error()
	case errors.Is(err, sshsign.ErrBadSignature):
		return "it does not verify over the sign-off's statement: forged, or the sign-off was changed after it was signed"
	}
	return err.Error()
}

// CheckIntegrity checks what a review and its history prove by themselves,
// trusting no one: the history is an unbroken chain from the review's
// genesis to its HistoryHead (a *ChainError names the first broken link),
// every signature verifies over its sign-off's statement, and every
// sign-off's history head is a link of the chain (a sign-off cannot vouch
// for a history that is not there).
func CheckIntegrity(r *Review, hist []Event) error {
	if _, err := CheckChain(r.ID, hist, r.HistoryHead); err != nil {
		return err
	}
	links := make(map[string]bool, len(hist)+1)
	links[Genesis(r.ID)] = true
	for _, ev := range hist {
		links[EventHash(ev)] = true
	}
	for i, s := range r.SignOffs {
		if s.History != "" && !links[s.History] {
			return fmt.Errorf("sign-off %d, by %s, vouches for a history head (%s) that is not in the history: the history was rewritten after it was given", i+1, signer(s), short(s.History))
		}
		if s.Signature == "" {
			continue
		}
		if c := CheckSignature(r, s, nil); c.State == SignatureInvalid {
			return fmt.Errorf("sign-off %d, by %s: the signature is invalid: %s", i+1, signer(s), c.Reason)
		}
	}
	return nil
}

// ImportHistory prepares the history of a review that arrives whole (an
// import) for a store. A history with a chain must hold (CheckIntegrity);
// one from before chains existed (no event linked, no head, no sign-off
// naming one) is chained as it stands, and r.ChainStart says so. It sets
// r.HistoryHead and returns the history to store; hist is not changed.
func ImportHistory(r *Review, hist []Event, now time.Time) ([]Event, error) {
	if legacyHistory(r, hist) {
		if len(hist) == 0 { // nothing to chain after the fact: a chain from here
			r.HistoryHead = ""
			return nil, nil
		}
		out := slices.Clone(hist)
		r.HistoryHead = ""
		AppendHistory(r, out)
		r.ChainStart = &ChainStart{Event: len(out) + 1, At: now.UTC()}
		return out, nil
	}
	if r.HistoryHead == "" {
		r.HistoryHead = ChainHead(r.ID, hist)
	}
	if err := CheckIntegrity(r, hist); err != nil {
		return nil, err
	}
	return hist, nil
}

// legacyHistory reports whether a review carries no trace of a chain.
func legacyHistory(r *Review, hist []Event) bool {
	if r.HistoryHead != "" || r.ChainStart != nil {
		return false
	}
	for _, ev := range hist {
		if ev.Prev != "" {
			return false
		}
	}
	for _, s := range r.SignOffs {
		if s.History != "" || s.Signature != "" {
			return false
		}
	}
	return true
}
