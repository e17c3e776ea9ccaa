// Package sshsigntest starts the OpenSSH tools tests need: a real
// ssh-agent on a socket of its own. Tests that use it are skipped, with a
// message saying why, where OpenSSH is not installed.
package sshsigntest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// NeedOpenSSH skips t unless ssh-keygen, ssh-agent and ssh-add are
// installed (CI installs openssh-client).
func NeedOpenSSH(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"ssh-keygen", "ssh-agent", "ssh-add"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install openssh-client): skipping a test that needs OpenSSH", tool)
		}
	}
}

// StartAgent runs an ssh-agent for the test on a new socket and returns
// the socket's path (what SSH_AUTH_SOCK would hold). The agent is stopped
// when the test ends.
func StartAgent(t testing.TB) string {
	t.Helper()
	NeedOpenSSH(t)
	// A short folder: a Unix socket's path may hold about 100 bytes.
	dir, err := os.MkdirTemp("", "prr-agent")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "s")
	cmd := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := cmd.Start(); err != nil {
		t.Fatalf("start ssh-agent: %v", err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	// The agent makes its socket once it listens; wait for that, not for
	// a while.
	for {
		if _, err := os.Stat(sock); err == nil {
			return sock
		}
		select {
		case <-done:
			t.Fatal("ssh-agent exited before it listened")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// AddKey gives the agent at sock the private key in file, with ssh-add.
func AddKey(t testing.TB, sock, file string) {
	t.Helper()
	cmd := exec.Command("ssh-add", "-q", file)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssh-add %s: %v\n%s", file, err, out)
	}
}

// Keygen makes an unencrypted key pair of the given type ("ed25519",
// "ecdsa", "rsa") with ssh-keygen, commented with its name, and returns
// the private key's path; the public key is beside it, with ".pub".
func Keygen(t testing.TB, dir, name, keyType string) string {
	t.Helper()
	NeedOpenSSH(t)
	path := filepath.Join(dir, name)
	args := []string{"-q", "-N", "", "-C", name, "-t", keyType, "-f", path}
	if keyType == "rsa" {
		args = append(args, "-b", "2048")
	}
	if out, err := exec.Command("ssh-keygen", args...).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}
