package sshsign

import (
	"crypto/ed25519"
	"crypto/rand"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// FuzzParseAllowedSigners: whatever the file, the parser returns entries
// or an error, never panics, and every entry it returns has a key and
// principals that Authorize can use.
func FuzzParseAllowedSigners(f *testing.F) {
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	s, _ := ssh.NewSignerFromKey(priv)
	line := allowedLine("kari@example.com", "", s.PublicKey())
	for _, seed := range []string{
		line,
		"# comment\n\n" + line + " comment",
		`"a b",c namespaces="prr-*",valid-after="20260101Z",valid-before="20270101" ` + line[len("kari@example.com "):],
		`* cert-authority ` + line[len("kari@example.com "):],
		`k namespaces="a\"b" ssh-ed25519 AAAA`,
		"k\tssh-rsa AAAAB3NzaC1yc2E=",
		"\"",
		"k valid-after=\"",
	} {
		f.Add([]byte(seed))
	}
	armored, _ := Sign(s, []byte("m"), testNS)
	sig, _ := Parse([]byte(armored))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseAllowedSigners("f", data)
		if err != nil {
			return
		}
		for _, e := range a.Entries {
			if e.Key == nil || e.Principals == "" || e.Line < 1 {
				t.Fatalf("entry without key or principals: %+v", e)
			}
		}
		_, _ = a.Authorize(sig, testNS, time.Now())
	})
}

// FuzzParseSignature: whatever the text, Parse returns a signature or an
// error, never panics; a signature it returns re-armors to text Parse
// reads as the same, and Verify returns without panicking.
func FuzzParseSignature(f *testing.F) {
	for _, s := range goSigners(&testing.T{}) {
		armored, _ := Sign(s, []byte("m"), testNS)
		f.Add([]byte(armored))
	}
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n"))
	f.Add([]byte("-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sig, err := Parse(data)
		if err != nil {
			return
		}
		again, err := Parse([]byte(sig.Armored))
		if err != nil || again.Armored != sig.Armored {
			t.Fatalf("re-armored signature does not read back: %v", err)
		}
		_ = sig.Verify([]byte("m"), testNS)
		_ = sig.Fingerprint()
	})
}
