package export

import (
	"bytes"
	"crypto/ed25519"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
)

// signedRecord is the rich review with a chained history and a signed
// sign-off by a key made from a fixed seed, and the allowed signers for it.
func signedRecord(t *testing.T) (*review.Review, []review.Event, *sshsign.AllowedSigners) {
	t.Helper()
	r := richReview(t)
	r.SignOffs = nil
	hist := richHistory()
	review.AppendHistory(r, hist)
	signer, err := ssh.NewSignerFromKey(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	so, err := review.NewSignedSignOff(r, "Kari `Nordmann`", "owner", review.Approve, "trailing space ", AsOf(r))
	if err != nil {
		t.Fatal(err)
	}
	armored, err := sshsign.Sign(signer, review.Statement(r, so), review.SignatureNamespace)
	if err != nil {
		t.Fatal(err)
	}
	if so, err = so.WithSignature(r, []byte(armored)); err != nil {
		t.Fatal(err)
	}
	r.SignOffs = append(r.SignOffs, so)
	line := "kari@example.com " + string(ssh.MarshalAuthorizedKey(signer.PublicKey()))
	allowed, err := sshsign.ParseAllowedSigners("allowed", []byte(line))
	if err != nil {
		t.Fatal(err)
	}
	return r, hist, allowed
}

func TestVerifySignedRecords(t *testing.T) {
	r, hist, allowed := signedRecord(t)
	o := VerifyOptions{Signing: review.SigningPolicy{Allowed: allowed, Rules: []review.RoleRule{{Role: "owner", Principals: []string{"*@example.com"}}}}}
	rep, err := VerifyWith(bytes.NewReader(exportJSON(t, r, hist)), o)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Proven() || rep.SignOffs[0].Signature.State != review.SignedValid {
		t.Fatalf("the genuine JSON record: %q %+v", rep.Problems, rep.SignOffs)
	}

	md := render(t, r, Options{Allowed: allowed})
	for _, s := range []string{`signed and valid: kari\@example.com`, "#### Statement 1: Kari", "-----BEGIN SSH SIGNATURE-----", "comment: trailing space\\x20"} {
		if !strings.Contains(string(md), s) {
			t.Errorf("the Markdown record lacks %q", s)
		}
	}
	rep, err = VerifyWith(bytes.NewReader(md), o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Proven() || !strings.Contains(strings.Join(rep.Problems, "\n"), "cannot be recomputed") {
		t.Errorf("a Markdown record passed without --hash-only: %q", rep.Problems)
	}
	o.HashOnly = true
	rep, err = VerifyWith(bytes.NewReader(md), o)
	if err != nil || !rep.Proven() || !strings.Contains(strings.Join(rep.Notes, "\n"), "signed and valid: kari@example.com") {
		t.Fatalf("hash-only: %v %q %q", err, rep.Problems, rep.Notes)
	}
	// The statement in the appendix changed: its signature fails.
	forged := bytes.Replace(md, []byte("decision: approve"), []byte("decision: reject"), 1)
	if rep, _ = VerifyWith(bytes.NewReader(forged), o); rep.Proven() {
		t.Error("an edited statement passed")
	}
}
