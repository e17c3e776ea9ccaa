package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func TestParseAuthorizedKeys(t *testing.T) {
	a, b := newKey(t), newKey(t)
	line := func(s gossh.Signer, rest string) string {
		return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey()))) + rest
	}
	keys, err := parseAuthorizedKeys([]byte("# the team\n\n" + line(a, " Kari Nordmann") + "\n" + `restrict,command="x" ` + line(b, " ola@laptop") + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if id := keys[string(a.PublicKey().Marshal())]; id.Name != "Kari Nordmann" || id.Fingerprint != gossh.FingerprintSHA256(a.PublicKey()) {
		t.Errorf("kari: %+v", id)
	}
	if id := keys[string(b.PublicKey().Marshal())]; id.Name != "ola@laptop" {
		t.Errorf("ola: %+v", id)
	}
	for name, text := range map[string]string{
		"no name":   line(a, ""),
		"twice":     line(a, " Kari") + "\n" + line(a, " Kari again"),
		"not a key": "ssh-ed25519 notbase64 Kari",
		"empty":     "# nobody yet\n",
		"bidi name": line(a, " \u202e\u202e"),
	} {
		if _, err := parseAuthorizedKeys([]byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestHostKeyCreatedOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "host_key")
	s1, created, err := hostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: %v, created %v", err, created)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, %v", st.Mode().Perm(), err)
	}
	if s1.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("host key type %s", s1.PublicKey().Type())
	}
	s2, created, err := hostKey(path)
	if err != nil || created || !bytes.Equal(s1.PublicKey().Marshal(), s2.PublicKey().Marshal()) {
		t.Fatalf("second start: %v, created %v, same key %v", err, created, bytes.Equal(s1.PublicKey().Marshal(), s2.PublicKey().Marshal()))
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a host key others can read: %v", err)
	}
}

func TestShortCutsWhatAClientSent(t *testing.T) {
	if got := short("open \x1b[2J" + strings.Repeat("x", 500)); strings.ContainsRune(got, 0x1b) || len([]rune(got)) > 121 {
		t.Errorf("short gave %q", got)
	}
}
