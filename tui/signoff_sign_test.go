package tui

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
)

// signingKey makes an ed25519 key in memory, as an agent would list it.
func signingKey(t *testing.T, comment string) SigningKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return SigningKey{Fingerprint: sshsign.Fingerprint(s.PublicKey()), Type: s.PublicKey().Type(), Comment: comment, Signer: s}
}

func withSigning(p review.SigningPolicy, keys []SigningKey, err error) harnessOpt {
	return func(c *Config) {
		c.Signing = p
		c.SigningKeys = func() ([]SigningKey, error) { return keys, err }
	}
}

// signThrough fills in the details form after "who signs": the role as
// filled in, approve, no comment, and the "Sign with" choice moved down
// by down (0 keeps the default).
func (h *harness) signThrough(down int) {
	h.t.Helper()
	h.press("enter") // who
	h.wantInView("Sign with")
	h.press("enter", "enter", "enter") // role, decision, comment
	for range down {
		h.press("down")
	}
	h.press("enter")
	h.approveAnyway()
}

func TestSignOffSignsWithAnAgentKey(t *testing.T) {
	st, r := threePeople(t)
	kari, other := signingKey(t, "kari@laptop"), signingKey(t, "old key")
	allowed, err := sshsign.ParseAllowedSigners("allowed", []byte("kari@example.com "+string(ssh.MarshalAuthorizedKey(kari.Signer.PublicKey()))))
	if err != nil {
		t.Fatal(err)
	}
	// The owner's approval must be signed; the SRE's need not be.
	policy := review.SigningPolicy{Allowed: allowed, Rules: []review.RoleRule{{Role: "owner", Signed: true}}}
	h := newHarness(t, st, 100, 40, withOpen(r.ID), withSigning(policy, []SigningKey{kari, other}, nil))
	h.press("S")
	h.wantInView("role owner needs an approval signed with an allowed key")

	// Kari signs as owner: her key is chosen for her.
	h.signThrough(0)
	got := st.review(r.ID).SignOffs
	if len(got) != 1 || got[0].Signature == "" {
		t.Fatalf("Kari's sign-off is not signed: %+v", got)
	}
	check := review.CheckSignature(st.review(r.ID), got[0], allowed)
	if check.State != review.SignedValid || check.Principals[0] != "kari@example.com" {
		t.Fatalf("Kari's signature: %+v", check)
	}
	h.wantInView("signed and valid: kari@example.com", "key "+kari.Fingerprint, "Kari Nordmann (owner): approve")
	if strings.Contains(h.view(), "role owner needs") {
		t.Errorf("the owner's signed approval did not satisfy the rule:\n%s", h.view())
	}

	// Ola signs as SRE: unsigned by default; he picks the old key, which
	// the allowed signers do not know.
	h.signThrough(2)
	got = st.review(r.ID).SignOffs
	if len(got) != 2 || got[1].Signature == "" {
		t.Fatalf("Ola's sign-off is not signed: %+v", got)
	}
	h.wantInView("signed, not by an allowed key", "key "+other.Fingerprint)

	// Siri keeps the default: no signature.
	h.signThrough(0)
	if got = st.review(r.ID).SignOffs; len(got) != 3 || got[2].Signature != "" {
		t.Fatalf("Siri's sign-off: %+v", got)
	}
}

func TestSignOffWithoutAnAgentSaysSo(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 100, 40, withOpen(r.ID), withSigning(review.SigningPolicy{}, nil, sshsign.ErrNoAgent))
	h.press("S", "enter")
	h.wantInView("Unsigned", "no ssh-agent is running", "prr signoff --key FILE")
	h.press("enter", "enter", "enter")
	h.approveAnyway()
	if got := st.review(r.ID).SignOffs; len(got) != 1 || got[0].Signature != "" {
		t.Fatalf("sign-off without an agent: %+v", got)
	}
	h.wantInView("Kari Nordmann (owner): approve", "unsigned")

	h2 := newHarness(t, st, 100, 40, withOpen(r.ID), withSigning(review.SigningPolicy{}, nil, errors.New("agent refused")))
	h2.press("S", "enter")
	h2.wantInView("the ssh-agent did not answer")
}

func TestSignOffShowsAForgedSignature(t *testing.T) {
	st, r := threePeople(t)
	kari := signingKey(t, "kari")
	h := newHarness(t, st, 100, 40, withOpen(r.ID), withSigning(review.SigningPolicy{}, []SigningKey{kari}, nil))
	h.press("S")
	h.signThrough(1)
	// Someone edits the stored sign-off's name after it was signed.
	st.mu.Lock()
	st.reviews[r.ID].SignOffs[0].Name = "Mallory"
	st.mu.Unlock()
	h2 := newHarness(t, st, 100, 40, withOpen(r.ID))
	h2.press("S")
	h2.wantInView("signature invalid", "the signature of the sign-off by Mallory (owner) is invalid")
}
