package sshsign

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// Every key type prr signs with makes signatures that ssh-keygen -Y verify
// accepts, with the allowed_signers line prr would read.
func TestSignaturesVerifyWithSSHKeygen(t *testing.T) {
	needSSHKeygen(t)
	dir := t.TempDir()
	msg := []byte("prr sign-off statement\nreview: abc\n")
	msgFile := filepath.Join(dir, "statement")
	writeFile(t, msgFile, msg)
	for name, signer := range goSigners(t) {
		t.Run(name, func(t *testing.T) {
			armored, err := Sign(signer, msg, testNS)
			if err != nil {
				t.Fatal(err)
			}
			sigFile := filepath.Join(dir, name+".sig")
			writeFile(t, sigFile, []byte(armored))
			allowed := filepath.Join(dir, name+".allowed")
			writeFile(t, allowed, []byte(allowedLine("kari@example.com", "", signer.PublicKey())+"\n"))
			out, err := run(t, msg, "ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "kari@example.com", "-n", testNS, "-s", sigFile)
			if err != nil {
				t.Fatalf("ssh-keygen refused prr's signature: %v\n%s", err, out)
			}
			// And the same signature over other bytes is refused by both.
			if out, err := run(t, append(msg, 'x'), "ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "kari@example.com", "-n", testNS, "-s", sigFile); err == nil {
				t.Fatalf("ssh-keygen accepted the signature over other content:\n%s", out)
			}
			sig, err := Parse([]byte(armored))
			if err != nil {
				t.Fatal(err)
			}
			if err := sig.Verify(append(msg, 'x'), testNS); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("Verify over other content = %v, want ErrBadSignature", err)
			}
		})
	}
}

// Signatures ssh-keygen makes, for each key type, verify here; the armor
// is kept byte for byte.
func TestSSHKeygenSignaturesVerifyHere(t *testing.T) {
	needSSHKeygen(t)
	dir := t.TempDir()
	msg := []byte("a statement\n")
	msgFile := filepath.Join(dir, "statement")
	writeFile(t, msgFile, msg)
	for _, kind := range [][]string{{"ed25519", "-t", "ed25519"}, {"ecdsa", "-t", "ecdsa", "-b", "384"}, {"rsa", "-t", "rsa", "-b", "2048"}} {
		t.Run(kind[0], func(t *testing.T) {
			key := keygen(t, dir, kind[0], kind[1:]...)
			if out, err := run(t, nil, "ssh-keygen", "-Y", "sign", "-q", "-n", testNS, "-f", key, msgFile); err != nil {
				t.Fatalf("ssh-keygen -Y sign: %v\n%s", err, out)
			}
			raw, err := os.ReadFile(msgFile + ".sig")
			if err != nil {
				t.Fatal(err)
			}
			os.Remove(msgFile + ".sig")
			sig, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			if sig.Armored != string(raw) {
				t.Errorf("armor changed:\n%s\nwant\n%s", sig.Armored, raw)
			}
			if err := sig.Verify(msg, testNS); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if err := sig.Verify(msg, "file"); !errors.Is(err, ErrNamespace) {
				t.Fatalf("Verify for another namespace = %v, want ErrNamespace", err)
			}
			pub, _ := os.ReadFile(key + ".pub")
			fp, _ := run(t, nil, "ssh-keygen", "-l", "-f", key+".pub")
			if !strings.Contains(fp, sig.Fingerprint()) {
				t.Errorf("fingerprint %s, ssh-keygen -l says %s", sig.Fingerprint(), fp)
			}
			a := mustParseAllowed(t, "kari@example.com "+string(pub))
			ps, err := a.Authorize(sig, testNS, time.Now())
			if err != nil || len(ps) != 1 || ps[0] != "kari@example.com" {
				t.Fatalf("Authorize = %v, %v", ps, err)
			}
		})
	}
}

// A security-key (sk-ssh-ed25519) signature is what an authenticator
// makes: an ed25519 signature over the application's and the message's
// digests with the flags and counter between. One made here by hand
// verifies with ssh-keygen and with prr. Without the user-presence flag
// prr refuses it, as sshd does by default (ssh-keygen -Y verify 9.x
// accepts it: prr is the stricter of the two, on purpose).
func TestSecurityKeySignatures(t *testing.T) {
	needSSHKeygen(t)
	dir := t.TempDir()
	msg := []byte("statement\n")
	for _, flags := range []byte{0x01, 0x00} {
		sk := newFakeSecurityKey(t, flags)
		armored, err := Sign(sk, msg, testNS)
		if err != nil {
			t.Fatal(err)
		}
		sig, err := Parse([]byte(armored))
		if err != nil {
			t.Fatal(err)
		}
		if sig.KeyType() != ssh.KeyAlgoSKED25519 {
			t.Fatalf("key type %s", sig.KeyType())
		}
		prrErr := sig.Verify(msg, testNS)
		sigFile, allowed := filepath.Join(dir, "sk.sig"), filepath.Join(dir, "allowed")
		writeFile(t, sigFile, []byte(armored))
		writeFile(t, allowed, []byte(allowedLine("kari@example.com", "", sk.PublicKey())+"\n"))
		out, kgErr := run(t, msg, "ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "kari@example.com", "-n", testNS, "-s", sigFile)
		if flags == 0x01 && (prrErr != nil || kgErr != nil) {
			t.Fatalf("touched: prr %v; ssh-keygen %v\n%s", prrErr, kgErr, out)
		}
		if flags == 0x00 && !errors.Is(prrErr, ErrBadSignature) {
			t.Fatalf("untouched: prr %v", prrErr)
		}
	}
}

// An ssh-agent started for the test signs with the key ssh-add gave it,
// chosen by fingerprint, and ssh-keygen accepts the signature.
func TestAgentSigning(t *testing.T) {
	needSSHKeygen(t)
	sock := StartTestAgent(t)
	dir := t.TempDir()
	var keys []string
	for _, kind := range [][]string{{"ed", "-t", "ed25519"}, {"rsa", "-t", "rsa", "-b", "2048"}} {
		k := keygen(t, dir, kind[0], kind[1:]...)
		if out, err := runEnv(t, sock, "ssh-add", "-q", k); err != nil {
			t.Fatalf("ssh-add: %v\n%s", err, out)
		}
		keys = append(keys, k)
	}
	a, err := DialAgent(sock)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	list, err := a.Keys()
	if err != nil || len(list) != 2 {
		t.Fatalf("Keys = %v, %v", list, err)
	}
	pub, _ := os.ReadFile(keys[1] + ".pub")
	pk, _, _, _, _ := ssh.ParseAuthorizedKey(pub)
	k, err := PickKey(list, strings.TrimPrefix(Fingerprint(pk), "SHA256:"))
	if err != nil || k.Type != ssh.KeyAlgoRSA || k.Comment != "rsa" {
		t.Fatalf("PickKey = %+v, %v", k, err)
	}
	if _, err := PickKey(list, "SHA256:nothere"); err == nil {
		t.Fatal("PickKey found a key that is not there")
	}
	msg := []byte("statement\n")
	armored, err := Sign(k.Signer(), msg, testNS)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(armored, "BEGIN SSH SIGNATURE") {
		t.Fatal(armored)
	}
	allowed := filepath.Join(dir, "allowed")
	writeFile(t, allowed, []byte("kari "+string(pub)))
	sigFile := filepath.Join(dir, "sig")
	writeFile(t, sigFile, []byte(armored))
	if out, err := run(t, msg, "ssh-keygen", "-Y", "verify", "-f", allowed, "-I", "kari", "-n", testNS, "-s", sigFile); err != nil {
		t.Fatalf("ssh-keygen refused the agent's rsa-sha2-512 signature: %v\n%s", err, out)
	}
	if _, err := DialAgent(""); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("DialAgent(\"\") = %v", err)
	}
}

// An encrypted key file asks for its passphrase; a wrong one, or no way
// to ask, is a clear error.
func TestLoadKeyFile(t *testing.T) {
	needSSHKeygen(t)
	dir := t.TempDir()
	key := keygen(t, dir, "plain", "-t", "ed25519")
	if _, err := LoadKeyFile(key, nil); err != nil {
		t.Fatalf("plain key: %v", err)
	}
	enc := filepath.Join(dir, "enc")
	if out, err := run(t, nil, "ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret", "-f", enc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if _, err := LoadKeyFile(enc, nil); !errors.Is(err, ErrPassphrase) {
		t.Fatalf("no prompt: %v", err)
	}
	if _, err := LoadKeyFile(enc, func() ([]byte, error) { return []byte("wrong"), nil }); err == nil || !strings.Contains(err.Error(), "passphrase is wrong") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := LoadKeyFile(enc, func() ([]byte, error) { return []byte("s3cret"), nil }); err != nil {
		t.Fatalf("right passphrase: %v", err)
	}
	if _, err := LoadKeyFile(key+".pub", nil); err == nil {
		t.Fatal("a public key loaded as a private one")
	}
}
