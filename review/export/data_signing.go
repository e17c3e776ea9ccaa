package export

import (
	"slices"
	"strings"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
)

// Signing is the record's account of what its sign-offs prove: each
// current sign-off's signature state, the history chain, and, for every
// signed sign-off, its statement and signature, so that the page alone is
// enough to check them with ssh-keygen (docs/signatures.md).
type Signing struct {
	Rows []SignatureRow // one per current sign-off, as Data.SignOffs
	// Statements holds every current signed sign-off's statement and
	// signature, in signing order.
	Statements []SignedStatement
	// History says from where the review's history is a hash chain, in a
	// sentence (inline), and Head is the chain's head ("sha256:<hex>", or
	// empty for a review never stored).
	History string
	Head    string
	// Namespace is the SSHSIG namespace to verify with.
	Namespace string
	// Signed is whether any sign-off, current or replaced, carries a
	// signature: the layouts show the section only then, so that an
	// unsigned record says nothing a Markdown import cannot say again
	// (the chain head depends on the history, which a record leaves out).
	Signed bool
}

// SignatureRow is one sign-off's signature, for a table.
type SignatureRow struct {
	Name        string // inline
	Role        string // inline, may be empty
	State       string // "valid", "invalid", "not-allowed", "unchecked" or "unsigned"
	Label       string // the state in words, with the principals when valid (inline)
	Fingerprint string // "SHA256:..." of the key, or empty
}

// SignedStatement is one signed sign-off's statement and signature.
type SignedStatement struct {
	Number      int    // 1-based, in Statements
	Name        string // inline
	Role        string // inline, may be empty
	Fingerprint string // "SHA256:..." of the signing key
	KeyType     string // "ssh-ed25519", ...
	At          string // the statement's time as ssh-keygen -Overify-time takes it: 20260314100500Z
	// StatementBlock and SignatureBlock are fenced code blocks holding the
	// statement and the armored signature byte for byte.
	StatementBlock string
	SignatureBlock string
}

// addSigning fills in d.Signing. allowed, if not nil, is the allowed
// signers file the record's signature states are judged by.
func (d *Data) addSigning(r *review.Review, allowed *sshsign.AllowedSigners) {
	s := Signing{History: Inline(r.ChainStart.Describe()), Head: safeHash(r.HistoryHead), Namespace: review.SignatureNamespace}
	s.Signed = slices.ContainsFunc(r.SignOffs, func(so review.SignOff) bool { return so.Signature != "" })
	for _, so := range review.CurrentSignOffs(r) {
		c := review.CheckSignature(r, so, allowed)
		label := c.State.Label()
		if len(c.Principals) > 0 {
			label += ": " + strings.Join(c.Principals, ", ")
		}
		s.Rows = append(s.Rows, SignatureRow{
			Name: Inline(so.Name), Role: Inline(so.Role), State: string(c.State), Label: Inline(label),
			Fingerprint: inlineCode(c.Fingerprint),
		})
		if so.Signature == "" || c.Fingerprint == "" {
			continue
		}
		s.Statements = append(s.Statements, SignedStatement{
			Number: len(s.Statements) + 1, Name: Inline(so.Name), Role: Inline(so.Role),
			Fingerprint: inlineCode(c.Fingerprint), KeyType: inlineCode(c.KeyType),
			At:             so.At.UTC().Format("20060102150405Z"),
			StatementBlock: fenced(string(review.Statement(r, so))),
			SignatureBlock: fenced(so.Signature),
		})
	}
	d.Signing = s
}

// inlineCode keeps a fingerprint or key type that is what it should be
// (letters, digits and + / = : - . @), and escapes anything else.
func inlineCode(s string) string {
	if strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/=:-.@") == "" {
		return s
	}
	return Inline(s)
}

// fenced puts text in a fenced code block of its own, with a fence longer
// than any run of backticks in it, so nothing in the text can end the
// block. Statements are escaped to printable lines (review.Statement),
// and an armored signature is base64 between two fixed lines, so the
// block holds the bytes to verify, and a reader copies them out as they
// are.
func fenced(text string) string {
	longest, run := 0, 0
	for _, c := range text {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "text\n" + strings.TrimSuffix(text, "\n") + "\n" + fence
}
