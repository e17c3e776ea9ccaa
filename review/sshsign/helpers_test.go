package sshsign

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

const testNS = "prr-signoff@prr.dev"

// needSSHKeygen skips a test that compares with OpenSSH when ssh-keygen is
// not installed (CI installs openssh-client).
func needSSHKeygen(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("ssh-keygen")
	if err != nil {
		t.Skip("ssh-keygen is not installed (apt-get install openssh-client): skipping the OpenSSH interop test")
	}
	return p
}

// keygen makes a key pair with ssh-keygen in dir and returns the private
// key file's path.
func keygen(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	cmd := exec.Command("ssh-keygen", append([]string{"-q", "-N", "", "-C", name, "-f", path}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// run runs a command with stdin and returns its combined output and error.
func run(t *testing.T, stdin []byte, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = strings.NewReader(string(stdin))
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// goSigners makes one in-memory signer of each kind prr signs with.
func goSigners(t *testing.T) map[string]ssh.Signer {
	t.Helper()
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	ecKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	out := map[string]ssh.Signer{}
	for name, k := range map[string]any{"ed25519": edKey, "ecdsa": ecKey, "rsa": rsaKey} {
		s, err := ssh.NewSignerFromKey(k)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = s
	}
	return out
}

// allowedLine is an allowed_signers line for key.
func allowedLine(principals, options string, key ssh.PublicKey) string {
	line := principals + " "
	if options != "" {
		line += options + " "
	}
	return line + strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func mustParseAllowed(t *testing.T, text string) *AllowedSigners {
	t.Helper()
	a, err := ParseAllowedSigners("allowed_signers", []byte(text))
	if err != nil {
		t.Fatalf("ParseAllowedSigners: %v", err)
	}
	return a
}
