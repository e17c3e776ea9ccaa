package review

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review/sshsign"
)

func newSigner(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func allowedFor(t *testing.T, lines ...string) *sshsign.AllowedSigners {
	t.Helper()
	a, err := sshsign.ParseAllowedSigners("allowed", []byte(strings.Join(lines, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func line(principals, opts string, s ssh.Signer) string {
	l := principals + " "
	if opts != "" {
		l += opts + " "
	}
	return l + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.PublicKey())))
}

// signed appends a sign-off signed by signer to r.
func signed(t *testing.T, r *Review, signer ssh.Signer, name, role string, d Decision, at time.Time) SignOff {
	t.Helper()
	so, err := NewSignedSignOff(r, name, role, d, "", at)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := sshsign.Sign(signer, Statement(r, so), SignatureNamespace)
	if err != nil {
		t.Fatal(err)
	}
	if so, err = so.WithSignature(r, []byte(armored)); err != nil {
		t.Fatal(err)
	}
	r.SignOffs = append(r.SignOffs, so)
	return so
}

func TestStatementIsPinned(t *testing.T) {
	r := reviewWith(nil)
	r.HistoryHead = Genesis(r.ID)
	so, _ := NewSignedSignOff(r, "Kari Nordmann", "SRE", Approve, "ok\\then\nline two", day.Add(1500*time.Millisecond))
	want := "prr sign-off statement\n" +
		"format: prr-signoff-v1\n" +
		"review: abcd2345\n" +
		"service: svc\n" +
		"template: t v1\n" +
		"content: " + ContentHash(r) + "\n" +
		"history: " + Genesis(r.ID) + "\n" +
		"role: sre\n" +
		"decision: approve\n" +
		"name: Kari Nordmann\n" +
		"at: 2026-11-23T10:00:01Z\n" +
		"comment: ok\\\\then\\nline two\n"
	if got := string(Statement(r, so)); got != want {
		t.Errorf("statement:\n%s\nwant\n%s", got, want)
	}
	if got := escapeValue("a\tb\x1b[31m\u0085\u202eevil\u200b end "); got != `a\tb\x1b[31m\x85\u{202e}evil\u{200b} end\x20` {
		t.Errorf("escapeValue = %s", got)
	}
	so.Role, so.Comment = "", ""
	if got := string(Statement(r, so)); !strings.Contains(got, "\nrole:\n") || !strings.HasSuffix(got, "\ncomment:\n") {
		t.Errorf("empty values:\n%s", got)
	}
}

func TestCheckSignatureStates(t *testing.T) {
	kari, ola := newSigner(t), newSigner(t)
	r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
	r.HistoryHead = Genesis(r.ID)
	so := signed(t, r, kari, "Kari", "sre", Approve, day)
	allowed := allowedFor(t, line("kari@example.com", "", kari))

	if c := CheckSignature(r, so, allowed); c.State != SignedValid || c.Principals[0] != "kari@example.com" || c.Fingerprint != ssh.FingerprintSHA256(kari.PublicKey()) {
		t.Errorf("valid: %+v", c)
	}
	if c := CheckSignature(r, so, nil); c.State != SignedUnchecked {
		t.Errorf("no file: %+v", c)
	}
	if c := CheckSignature(r, so, allowedFor(t, line("ola", "", ola))); c.State != SignedUnknownKey || !strings.Contains(c.Reason, "not in the allowed signers") {
		t.Errorf("unknown key: %+v", c)
	}
	if c := CheckSignature(r, so, allowedFor(t, line("kari", `valid-before="20261101Z"`, kari))); c.State != SignedUnknownKey || !strings.Contains(c.Reason, "not valid at the time") {
		t.Errorf("expired: %+v", c)
	}
	unsigned, _ := NewSignOff(r, "X", "owner", Approve, "", day)
	if c := CheckSignature(r, unsigned, allowed); c.State != Unsigned {
		t.Errorf("unsigned: %+v", c)
	}
	// Anything of the statement changed: the signature is invalid.
	for name, change := range map[string]func(*SignOff){
		"decision": func(s *SignOff) { s.Decision = Reject },
		"name":     func(s *SignOff) { s.Name = "Mallory" },
		"hash":     func(s *SignOff) { s.Hash = ContentHash(reviewWith(nil)) },
		"history":  func(s *SignOff) { s.History = Genesis("other") },
		"time":     func(s *SignOff) { s.At = s.At.Add(time.Second) },
		"comment":  func(s *SignOff) { s.Comment = "x" },
	} {
		bad := so
		change(&bad)
		if c := CheckSignature(r, bad, allowed); c.State != SignatureInvalid || !strings.Contains(c.Reason, "does not verify") {
			t.Errorf("%s changed: %+v", name, c)
		}
	}
	// A signature by another key over the same statement, put in its place.
	forged := so
	armored, _ := sshsign.Sign(ola, Statement(r, so), SignatureNamespace)
	forged.Signature = armored
	if c := CheckSignature(r, forged, allowed); c.State != SignedUnknownKey {
		t.Errorf("another key's signature: %+v", c)
	}
	// The right key, the wrong namespace.
	wrongNS := so
	armored, _ = sshsign.Sign(kari, Statement(r, so), "file")
	wrongNS.Signature = armored
	if c := CheckSignature(r, wrongNS, allowed); c.State != SignatureInvalid || !strings.Contains(c.Reason, "namespace") {
		t.Errorf("wrong namespace: %+v", c)
	}
	if _, err := so.WithSignature(r, []byte(armored)); !errors.Is(err, sshsign.ErrNamespace) {
		t.Errorf("WithSignature, wrong namespace: %v", err)
	}
	other, _ := NewSignedSignOff(r, "Kari", "sre", Reject, "", day)
	if _, err := other.WithSignature(r, []byte(so.Signature)); !errors.Is(err, ErrStatementMismatch) {
		t.Errorf("WithSignature over another statement: %v", err)
	}
}

func TestSigningProblems(t *testing.T) {
	kari, ola := newSigner(t), newSigner(t)
	newReview := func() *Review {
		r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
		r.Template.SignoffRoles = []string{"owner", "sre"}
		r.HistoryHead = Genesis(r.ID)
		return r
	}
	allowed := allowedFor(t, line("kari@sre.example.com", "", kari), line("ola@example.com", "", ola))
	joined := func(ps []string) string { return strings.Join(ps, " | ") }

	r := newReview()
	r.SignOffs = append(r.SignOffs, mustSignOff(t, r, "Ola", "owner"))
	signed(t, r, kari, "Kari", "sre", Approve, day)
	if ps := SigningProblems(r, SigningPolicy{Allowed: allowed}); len(ps) != 0 {
		t.Errorf("nothing required: %v", ps)
	}
	if ps := joined(SigningProblems(r, SigningPolicy{Allowed: allowed, RequireSigned: true})); !strings.Contains(ps, "role owner needs an approval signed") || !strings.Contains(ps, "Ola's approval: unsigned") || strings.Contains(ps, "role sre") {
		t.Errorf("require signed: %s", ps)
	}
	if ps := joined(SigningProblems(r, SigningPolicy{RequireSigned: true})); !strings.Contains(ps, "no allowed signers file") {
		t.Errorf("no file: %s", ps)
	}
	rule := RoleRule{Role: "sre", Principals: []string{"*@sre.example.com"}}
	if ps := SigningProblems(r, SigningPolicy{Allowed: allowed, Rules: []RoleRule{rule}}); len(ps) != 0 {
		t.Errorf("sre signed by an sre principal: %v", ps)
	}
	r.Template.SignoffRules = []RoleRule{{Role: "owner", Principals: []string{"*@sre.example.com"}}}
	if ps := joined(SigningProblems(r, SigningPolicy{Allowed: allowed})); !strings.Contains(ps, "role owner needs an approval signed with an allowed key of *@sre.example.com") {
		t.Errorf("template rule: %s", ps)
	}
	// Ola signs as owner, but the rule wants an SRE principal.
	r2 := newReview()
	r2.Template.SignoffRules = []RoleRule{{Role: "owner", Principals: []string{"*@sre.example.com"}}}
	signed(t, r2, ola, "Ola", "owner", Approve, day)
	if ps := joined(SigningProblems(r2, SigningPolicy{Allowed: allowed})); !strings.Contains(ps, "signed by ola@example.com, whom the role's rule does not admit") {
		t.Errorf("principal not admitted: %s", ps)
	}
	// A tampered signature fails whatever is required.
	r3 := newReview()
	so := signed(t, r3, kari, "Kari", "sre", Approve, day)
	r3.SignOffs[0].Name = "Mallory"
	_ = so
	if ps := joined(SigningProblems(r3, SigningPolicy{})); !strings.Contains(ps, "the signature of the sign-off by Mallory (sre) is invalid") {
		t.Errorf("tampered: %s", ps)
	}
	// Check carries them.
	if reasons := joined(Check(r3, day, CheckOptions{})); !strings.Contains(reasons, "is invalid") {
		t.Errorf("Check: %s", reasons)
	}
}

func mustSignOff(t *testing.T, r *Review, name, role string) SignOff {
	t.Helper()
	so, err := NewSignOff(r, name, role, Approve, "", day)
	if err != nil {
		t.Fatal(err)
	}
	return so
}

func TestTemplateSignoffRules(t *testing.T) {
	src := `id: x
version: 1
title: X
signoff_roles:
  - owner
  - role: SRE
    signed: true
    principals: ["*@sre.example.com"]
  - role: security
    signed: true
sections:
  - id: s
    title: S
    items:
      - id: i
        title: I
`
	tm, err := ParseTemplate("x.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tm.SignoffRoles, ",") != "owner,sre,security" || len(tm.SignoffRules) != 2 ||
		tm.SignoffRules[0].Role != "sre" || tm.SignoffRules[0].Principals[0] != "*@sre.example.com" || !tm.SignoffRules[1].Signed {
		t.Fatalf("parsed: %+v %+v", tm.SignoffRoles, tm.SignoffRules)
	}
	if err := tm.Validate(); err != nil {
		t.Fatalf("the snapshot does not validate: %v", err)
	}
	tm.SignoffRules = append(tm.SignoffRules, RoleRule{Role: "dpo", Signed: true})
	if err := tm.Validate(); err == nil {
		t.Error("a rule for a role the template does not list passed")
	}
	for _, bad := range []string{"  - role: sre\n    signd: true\n", "  - signed: true\n", "  - role: sre\n    signed: yes\n"} {
		if _, err := ParseTemplate("x.yaml", []byte(strings.Replace(src, "  - owner\n", bad, 1))); err == nil {
			t.Errorf("%q passed", bad)
		}
	}
}

func TestReattach(t *testing.T) {
	kari := newSigner(t)
	r := reviewWith(map[string]Answer{"req1": {Status: Pass}})
	r.HistoryHead = Genesis(r.ID)
	so, err := NewSignedSignOff(r, "Kari", "sre", Approve, "", day)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := sshsign.Sign(kari, Statement(r, so), SignatureNamespace)
	if err != nil {
		t.Fatal(err)
	}
	got, err := so.Reattach(r, []byte(armored))
	if err != nil || got.Signature == "" || CheckSignature(r, got, nil).State != SignedUnchecked {
		t.Fatalf("the review as it was: %v, %+v", err, got)
	}
	// The history moved on between the signing and the write.
	moved := *r
	moved.HistoryHead = "sha256:" + strings.Repeat("ab", 32)
	if _, err := so.Reattach(&moved, []byte(armored)); !errors.Is(err, ErrReviewChanged) {
		t.Errorf("history moved on: %v", err)
	}
	// So did the content.
	edited := *r
	edited.Answers = map[string]Answer{"req1": {Status: Fail}}
	if _, err := so.Reattach(&edited, []byte(armored)); !errors.Is(err, ErrReviewChanged) {
		t.Errorf("content changed: %v", err)
	}
}

func TestRoleNeedsSignature(t *testing.T) {
	tm := &Template{SignoffRoles: []string{"owner", "sre"}, SignoffRules: []RoleRule{{Role: "sre", Signed: true}}}
	for _, c := range []struct {
		p    SigningPolicy
		role string
		want bool
	}{
		{SigningPolicy{}, "owner", false},
		{SigningPolicy{}, "sre", true},
		{SigningPolicy{Rules: []RoleRule{{Role: "owner", Principals: []string{"*@x"}}}}, "owner", true},
		{SigningPolicy{RequireSigned: true}, "owner", true},
		{SigningPolicy{RequireSigned: true}, "dpo", false},
	} {
		if got := c.p.RoleNeedsSignature(tm, c.role); got != c.want {
			t.Errorf("%+v %s: %v", c.p, c.role, got)
		}
	}
	if !(SigningPolicy{RequireSigned: true}).RoleNeedsSignature(&Template{}, "anyone") {
		t.Error("a template without roles under require_signed")
	}
}
