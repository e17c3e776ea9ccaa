package sshsign

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestParseAllowedSigners(t *testing.T) {
	s := goSigners(t)["ed25519"]
	key := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(s.PublicKey())))
	good := map[string]Entry{
		"kari@example.com " + key + " comment here":                                  {Principals: "kari@example.com"},
		"  a,b*,!c " + key:                                                           {Principals: "a,b*,!c"},
		`"kari nordmann,ola" ` + key:                                                 {Principals: "kari nordmann,ola"},
		`k namespaces="prr-*,file" ` + key:                                           {Principals: "k", Namespaces: "prr-*,file"},
		`k NameSpaces="a\"b" ` + key:                                                 {Principals: "k", Namespaces: `a"b`},
		`*@example.com cert-authority,valid-after="20260101Z" ` + key:                {Principals: "*@example.com", CertAuthority: true, ValidAfter: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		`k valid-before="202601021530Z",valid-after="20250102030405Z" ` + key + "\r": {Principals: "k", ValidBefore: time.Date(2026, 1, 2, 15, 30, 0, 0, time.UTC), ValidAfter: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	for line, want := range good {
		a, err := ParseAllowedSigners("f", []byte("# a comment\n\n"+line+"\n"))
		if err != nil {
			t.Errorf("%q: %v", line, err)
			continue
		}
		if len(a.Entries) != 1 {
			t.Errorf("%q: %d entries", line, len(a.Entries))
			continue
		}
		got := a.Entries[0]
		if got.Line != 3 || got.Principals != want.Principals || got.CertAuthority != want.CertAuthority || got.Namespaces != want.Namespaces ||
			!got.ValidAfter.Equal(want.ValidAfter) || !got.ValidBefore.Equal(want.ValidBefore) || got.Key.Type() != ssh.KeyAlgoED25519 {
			t.Errorf("%q: got %+v", line, got)
		}
	}
	bad := map[string]string{
		"kari":                                      "a line is",
		"kari " + key[:20]:                          "does not decode",
		"kari ssh-foo AAAA":                         "unknown option",
		"kari ssh-ed25519 !!!!":                     "not valid base64",
		`kari unknown-opt ` + key:                   "unknown option",
		`kari namespaces=x ` + key:                  "double quotes",
		`kari namespaces="x ` + key:                 "no closing quote",
		`kari cert-authority,cert-authority ` + key: "twice",
		`kari valid-after="2026" ` + key:            "not a time",
		`kari valid-after="20270101Z",valid-before="20260101Z" ` + key: "not before",
		`"kari ` + key:        "closing quote",
		`kari cert-authority`: "key is missing",
		"kari ssh-rsa " + key[len("ssh-ed25519 "):]: "ssh-ed25519 key, but the line says ssh-rsa",
		"kari \x00\xff": "UTF-8",
	}
	for line, want := range bad {
		_, err := ParseAllowedSigners("allowed", []byte("\n"+line))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "allowed:2: ") {
			t.Errorf("%q: error %v, want one at line 2 containing %q", line, err, want)
		}
	}
}

func TestAuthorize(t *testing.T) {
	signers := goSigners(t)
	ed, ec := signers["ed25519"], signers["ecdsa"]
	msg := []byte("statement")
	sign := func(s ssh.Signer) *Signature {
		armored, err := Sign(s, msg, testNS)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := Parse([]byte(armored))
		if err != nil {
			t.Fatal(err)
		}
		return sig
	}
	sig := sign(ed)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name, file string
		want       []string
		err        error
	}{
		{"listed", allowedLine("kari@example.com,kari", "", ed.PublicKey()), []string{"kari@example.com", "kari"}, nil},
		{"two lines", allowedLine("a", "", ed.PublicKey()) + "\n" + allowedLine("b", `namespaces="prr-*"`, ed.PublicKey()), []string{"a", "b"}, nil},
		{"other key", allowedLine("kari", "", ec.PublicKey()), nil, ErrUnknownKey},
		{"namespace", allowedLine("kari", `namespaces="git,file"`, ed.PublicKey()), nil, ErrNamespaceNotAllowed},
		{"expired", allowedLine("kari", `valid-before="20260201Z"`, ed.PublicKey()), nil, ErrKeyExpired},
		{"not yet", allowedLine("kari", `valid-after="20260401Z"`, ed.PublicKey()), nil, ErrKeyExpired},
		{"in its window", allowedLine("kari", `valid-after="20260101Z",valid-before="20260301120000Z"`, ed.PublicKey()), []string{"kari"}, nil},
		{"expired, then a good line", allowedLine("x", `valid-before="20200101Z"`, ed.PublicKey()) + "\n" + allowedLine("kari", "", ed.PublicKey()), []string{"kari"}, nil},
		{"a CA line does not admit a plain key", allowedLine("*", "cert-authority", ed.PublicKey()), nil, ErrUnknownKey},
	}
	for _, c := range cases {
		a := mustParseAllowed(t, c.file)
		got, err := a.Authorize(sig, testNS, at)
		if !errors.Is(err, c.err) || strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s: Authorize = %v, %v; want %v, %v", c.name, got, err, c.want, c.err)
		}
	}
}

// A user certificate signed by a CA that a cert-authority line names
// speaks for those of its principals the line's patterns accept, while
// the certificate is valid.
func TestAuthorizeCertificate(t *testing.T) {
	_, caPriv, _ := ed25519.GenerateKey(rand.Reader)
	ca, _ := ssh.NewSignerFromKey(caPriv)
	user := goSigners(t)["ed25519"]
	cert := &ssh.Certificate{
		Key: user.PublicKey(), CertType: ssh.UserCert, KeyId: "kari",
		ValidPrincipals: []string{"kari@example.com", "root"},
		ValidAfter:      uint64(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()),
		ValidBefore:     uint64(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC).Unix()),
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	certSigner, err := ssh.NewCertSigner(cert, user)
	if err != nil {
		t.Fatal(err)
	}
	armored, err := Sign(certSigner, []byte("m"), testNS)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := Parse([]byte(armored))
	if err != nil {
		t.Fatal(err)
	}
	if err := sig.Verify([]byte("m"), testNS); err != nil {
		t.Fatal(err)
	}
	if sig.Fingerprint() != ssh.FingerprintSHA256(user.PublicKey()) {
		t.Errorf("a certificate's fingerprint is its key's")
	}
	a := mustParseAllowed(t, allowedLine("*@example.com", "cert-authority", ca.PublicKey()))
	if got, err := a.Authorize(sig, testNS, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil || len(got) != 1 || got[0] != "kari@example.com" {
		t.Errorf("in validity: %v, %v", got, err)
	}
	if _, err := a.Authorize(sig, testNS, time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrKeyExpired) {
		t.Errorf("after the certificate expired: %v", err)
	}
	other := mustParseAllowed(t, allowedLine("*@example.com", "cert-authority", user.PublicKey()))
	if _, err := other.Authorize(sig, testNS, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("another CA: %v", err)
	}
	plain := mustParseAllowed(t, allowedLine("kari@example.com", "", user.PublicKey()))
	if _, err := plain.Authorize(sig, testNS, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("a plain line for the certified key: %v", err)
	}
}

// The principals Authorize finds for a key are those for which ssh-keygen
// -Y verify -I accepts the signature, on a file that mixes patterns,
// options, quoting and other keys; ssh-keygen -Y find-principals names
// the first line's, and Authorize every line's.
func TestAuthorizeAgreesWithSSHKeygen(t *testing.T) {
	needSSHKeygen(t)
	dir := t.TempDir()
	signers := goSigners(t)
	ed, ec := signers["ed25519"], signers["ecdsa"]
	file := strings.Join([]string{
		"# team",
		allowedLine("kari@example.com,kari", `namespaces="prr-*"`, ed.PublicKey()),
		allowedLine("ola@example.com", "", ec.PublicKey()),
		allowedLine(`"kari n"`, `valid-after="20200101Z"`, ed.PublicKey()),
		allowedLine("old", `valid-before="20200101Z"`, ed.PublicKey()),
		allowedLine("git-only", `namespaces="git"`, ed.PublicKey()),
	}, "\n") + "\n"
	allowed := filepath.Join(dir, "allowed")
	writeFile(t, allowed, []byte(file))
	a := mustParseAllowed(t, file)
	msg := []byte("m")
	armored, _ := Sign(ed, msg, testNS)
	sigFile := filepath.Join(dir, "sig")
	writeFile(t, sigFile, []byte(armored))
	out, err := run(t, nil, "ssh-keygen", "-Y", "find-principals", "-f", allowed, "-n", testNS, "-s", sigFile)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	sig, _ := Parse([]byte(armored))
	got, err := a.Authorize(sig, testNS, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"kari@example.com", "kari", "kari n"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Authorize = %q, want %q", got, want)
	}
	if first := strings.Fields(out); strings.Join(first, "|") != "kari@example.com|kari" {
		t.Errorf("ssh-keygen -Y find-principals: %q", out)
	}
	for _, p := range append(got, "old", "git-only", "ola@example.com") {
		out, err := run(t, msg, "ssh-keygen", "-Y", "verify", "-f", allowed, "-I", p, "-n", testNS, "-s", sigFile)
		if accepted := err == nil; accepted != slices.Contains(got, p) {
			t.Errorf("principal %q: ssh-keygen accepted=%v, prr=%v\n%s", p, accepted, slices.Contains(got, p), out)
		}
	}
}

func TestMatchList(t *testing.T) {
	cases := []struct {
		s, list string
		want    bool
	}{
		{"kari@example.com", "*@example.com", true},
		{"kari@example.org", "*@example.com", false},
		{"kari", "k?ri", true},
		{"kri", "k?ri", false},
		{"kari", "ola,kari", true},
		{"kari", "*,!kari", false},
		{"ola", "*,!kari", true},
		{"", "*", true},
		{"abc", "a*b*c", true},
		{"abcd", "a*b*c", false},
		{strings.Repeat("a", 3000), strings.Repeat("*a", 200) + "b", false},
	}
	for _, c := range cases {
		if got := MatchList(c.s, c.list); got != c.want {
			t.Errorf("MatchList(%q, %q) = %v", truncate(c.s, 20), truncate(c.list, 20), got)
		}
	}
}

func TestParseRefusesWhatIsNotOneSignature(t *testing.T) {
	armored, _ := Sign(goSigners(t)["ed25519"], []byte("m"), testNS)
	for name, text := range map[string]string{
		"empty":       "",
		"garbage":     "hello",
		"other block": strings.ReplaceAll(armored, "SSH SIGNATURE", "PGP SIGNATURE"),
		"text before": "sign here\n" + armored,
		"text after":  armored + "and more",
		"two":         armored + armored,
		"bad base64":  strings.Replace(armored, "U1NIU0lH", "U1NIU0lI", 1),
		"truncated":   armored[:len(armored)/2] + "\n-----END SSH SIGNATURE-----\n",
		"huge":        strings.Repeat("A", MaxSignatureBytes+1),
	} {
		if _, err := Parse([]byte(text)); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	if _, err := Parse([]byte("\n\n" + armored + "\n\n")); err != nil {
		t.Errorf("white space around: %v", err)
	}
}
