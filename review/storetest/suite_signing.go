package storetest

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
	"golang.org/x/crypto/ssh"
)

// testSignedSignOff: AddSignOff hands fn the review as stored, with its
// history head; a signed sign-off made from it is stored signature and
// all, and one whose statement was made before another change is refused.
func testSignedSignOff(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "svc")
	update(t, s, r.ID, "owner", review.SetStatus(review.Pass))
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, _ := ssh.NewSignerFromKey(priv)
	stale := get(t, s, r.ID)
	sign := func(r *review.Review) (review.SignOff, error) {
		so, err := review.NewSignedSignOff(r, "Kari", "sre", review.Approve, "", c.Now())
		if err != nil {
			return so, err
		}
		armored, err := sshsign.Sign(signer, review.Statement(r, so), review.SignatureNamespace)
		if err != nil {
			return so, err
		}
		return so.WithSignature(r, []byte(armored))
	}
	so, err := s.AddSignOff(r.ID, sign)
	if err != nil {
		t.Fatal(err)
	}
	stored := get(t, s, r.ID)
	if len(stored.SignOffs) != 1 || stored.SignOffs[0].Signature != so.Signature || so.Signature == "" || so.History != stale.HistoryHead {
		t.Fatalf("stored %+v", stored.SignOffs)
	}
	if chk := review.CheckSignature(stored, stored.SignOffs[0], nil); chk.State != review.SignedUnchecked {
		t.Fatalf("the stored signature: %+v", chk)
	}
	// Signed over the review as it was before the sign-off just stored.
	early, err := sign(stale)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSignOff(r.ID, func(*review.Review) (review.SignOff, error) { return early, nil }); err == nil && stale.HistoryHead != "" {
		t.Fatal("a sign-off made for an older version of the review was recorded")
	}
	if _, err := s.AddSignOff(r.ID, func(*review.Review) (review.SignOff, error) { return review.SignOff{}, errors.New("no key") }); err == nil {
		t.Fatal("fn's error was not returned")
	}
}
