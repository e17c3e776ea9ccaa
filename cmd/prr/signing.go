package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
	"github.com/prr-dev/prr/review/userfile"
	"github.com/prr-dev/prr/tui"
)

// allowedSigners reads the allowed signers file of the configuration, on
// first use; nil when none is configured. A file that is configured but
// cannot be read is an error: a gate must not quietly trust nobody.
func (a *app) allowedSigners() (*sshsign.AllowedSigners, error) {
	if a.allowed != nil || a.cfg.AllowedSigners == "" {
		return a.allowed, nil
	}
	path := expandHome(a.cfg.AllowedSigners)
	data, err := userfile.Read(path, sshsign.MaxAllowedSignersBytes)
	if err != nil {
		return nil, fmt.Errorf("allowed signers %s: %w", path, err)
	}
	if a.allowed, err = sshsign.ParseAllowedSigners(path, data); err != nil {
		return nil, fmt.Errorf("allowed signers %w", err)
	}
	return a.allowed, nil
}

// signingPolicy is what the configuration asks of signatures, with
// --require-signed given as requireSigned.
func (a *app) signingPolicy(requireSigned bool) (review.SigningPolicy, error) {
	allowed, err := a.allowedSigners()
	return review.SigningPolicy{Allowed: allowed, RequireSigned: requireSigned || a.cfg.RequireSigned, Rules: a.cfg.SignedRoles}, err
}

// signer finds the key to sign with: the key file, if one is given (an
// encrypted one asks for its passphrase on the terminal), or else a key of
// the running ssh-agent, by fingerprint or the first.
func (a *app) signer(keyFile, fingerprint string) (ssh.Signer, error) {
	if keyFile != "" {
		return sshsign.LoadKeyFile(keyFile, a.passphrase(keyFile))
	}
	agent, err := sshsign.DialAgent(os.Getenv("SSH_AUTH_SOCK"))
	if errors.Is(err, sshsign.ErrNoAgent) {
		return nil, usageErr("no ssh-agent is running (SSH_AUTH_SOCK is not set): start one and ssh-add your key, or sign with --key FILE")
	}
	if err != nil {
		return nil, err
	}
	// The connection stays open for the signature; the process ends soon.
	keys, err := agent.Keys()
	if err != nil {
		return nil, err
	}
	k, err := sshsign.PickKey(keys, fingerprint)
	if err != nil {
		return nil, err
	}
	return k.Signer(), nil
}

// agentKeys lists the keys of the running ssh-agent for the sign-off
// screen. The connection is made once and stays open: the screen signs
// with the keys it listed.
func (a *app) agentKeys() ([]tui.SigningKey, error) {
	a.agentMu.Lock()
	defer a.agentMu.Unlock()
	if a.agent == nil {
		agent, err := sshsign.DialAgent(os.Getenv("SSH_AUTH_SOCK"))
		if err != nil {
			return nil, err
		}
		a.agent = agent
	}
	keys, err := a.agent.Keys()
	if err != nil {
		return nil, err
	}
	out := make([]tui.SigningKey, len(keys))
	for i, k := range keys {
		out[i] = tui.SigningKey{Fingerprint: k.Fingerprint, Type: k.Type, Comment: k.Comment, Signer: k.Signer()}
	}
	return out, nil
}

// passphrase returns what asks for a key file's passphrase: on the
// terminal, without echo, never kept; nil when there is no terminal.
func (a *app) passphrase(keyFile string) func() ([]byte, error) {
	in, ok := a.stdin.(*os.File)
	if !ok || !term.IsTerminal(in.Fd()) {
		return nil
	}
	return func() ([]byte, error) {
		fmt.Fprintf(a.stderr, "Passphrase for %s: ", keyFile)
		pass, err := term.ReadPassword(in.Fd())
		fmt.Fprintln(a.stderr)
		if err != nil {
			return nil, fmt.Errorf("read the passphrase: %w", err)
		}
		return pass, nil
	}
}

// shellQuote quotes s for a POSIX shell, for the commands prr prints for
// the user to run.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
