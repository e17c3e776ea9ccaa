package sshsign

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"os"
	"os/exec"
	"testing"

	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review/sshsign/sshsigntest"
)

// fakeSecurityKey signs as a FIDO authenticator holding an
// sk-ssh-ed25519 key does (openssh/PROTOCOL.u2f), with the flags given.
type fakeSecurityKey struct {
	priv  ed25519.PrivateKey
	pub   ssh.PublicKey
	flags byte
}

const skApplication = "ssh:"

func newFakeSecurityKey(t *testing.T, flags byte) *fakeSecurityKey {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	blob := ssh.Marshal(struct {
		Name        string
		KeyBytes    []byte
		Application string
	}{ssh.KeyAlgoSKED25519, pub, skApplication})
	pk, err := ssh.ParsePublicKey(blob)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeSecurityKey{priv: priv, pub: pk, flags: flags}
}

func (k *fakeSecurityKey) PublicKey() ssh.PublicKey { return k.pub }

func (k *fakeSecurityKey) Sign(_ io.Reader, data []byte) (*ssh.Signature, error) {
	app := sha256.Sum256([]byte(skApplication))
	msg := sha256.Sum256(data)
	const counter = 7
	signed := append(app[:], k.flags)
	signed = binary.BigEndian.AppendUint32(signed, counter)
	signed = append(signed, msg[:]...)
	rest := ssh.Marshal(struct {
		Flags   byte
		Counter uint32
	}{k.flags, counter})
	return &ssh.Signature{Format: ssh.KeyAlgoSKED25519, Blob: ed25519.Sign(k.priv, signed), Rest: rest}, nil
}

func StartTestAgent(t *testing.T) string { return sshsigntest.StartAgent(t) }

func runEnv(t *testing.T, sock, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
