package sshsign

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/prr-dev/prr/review/userfile"
)

// maxKeyFileBytes bounds a private key file: an RSA key of 16,384 bits is
// some 12 KB.
const maxKeyFileBytes = 64 << 10

// ErrNoAgent is an ssh-agent that is not running or not reachable.
var ErrNoAgent = errors.New("no ssh-agent: SSH_AUTH_SOCK is not set")

// AgentKey is a key an ssh-agent holds.
type AgentKey struct {
	Fingerprint string // "SHA256:..."
	Type        string // "ssh-ed25519", ...
	Comment     string // as the agent has it, often the file name or an e-mail
	signer      ssh.Signer
}

// Signer is what signs with the key (through the agent).
func (k AgentKey) Signer() ssh.Signer { return k.signer }

// Agent is a connection to an ssh-agent.
type Agent struct {
	conn net.Conn
	ext  agent.ExtendedAgent
}

// agentTimeout bounds each exchange with the agent, so that a socket
// that accepts and never answers cannot hang prr. A security key that
// waits for a touch answers within it.
const agentTimeout = 60 * time.Second

// DialAgent connects to the ssh-agent at socket (the value of
// SSH_AUTH_SOCK); an empty socket is ErrNoAgent.
func DialAgent(socket string) (*Agent, error) {
	if socket == "" {
		return nil, ErrNoAgent
	}
	conn, err := net.DialTimeout("unix", socket, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("ssh-agent at SSH_AUTH_SOCK: %w", unwrapNet(err))
	}
	return &Agent{conn: conn, ext: agent.NewClient(deadlineConn{conn})}, nil
}

// Close ends the connection.
func (a *Agent) Close() error { return a.conn.Close() }

// Keys lists the agent's keys that can sign, in the agent's order.
func (a *Agent) Keys() ([]AgentKey, error) {
	signers, err := a.ext.Signers()
	if err != nil {
		return nil, fmt.Errorf("ssh-agent: list keys: %w", err)
	}
	keys, err := a.ext.List()
	if err != nil {
		return nil, fmt.Errorf("ssh-agent: list keys: %w", err)
	}
	comments := map[string]string{}
	for _, k := range keys {
		comments[string(k.Marshal())] = k.Comment
	}
	out := make([]AgentKey, 0, len(signers))
	for _, s := range signers {
		pub := s.PublicKey()
		out = append(out, AgentKey{Fingerprint: Fingerprint(pub), Type: pub.Type(), Comment: comments[string(pub.Marshal())], signer: s})
	}
	return out, nil
}

// PickKey chooses the key whose fingerprint is fingerprint (with or
// without its "SHA256:" prefix), or, with an empty fingerprint, the first
// key.
func PickKey(keys []AgentKey, fingerprint string) (AgentKey, error) {
	if len(keys) == 0 {
		return AgentKey{}, errors.New("the ssh-agent holds no keys; add one with ssh-add")
	}
	if fingerprint == "" {
		return keys[0], nil
	}
	want := "SHA256:" + strings.TrimPrefix(fingerprint, "SHA256:")
	for _, k := range keys {
		if k.Fingerprint == want {
			return k, nil
		}
	}
	return AgentKey{}, fmt.Errorf("the ssh-agent has no key with the fingerprint %s; ssh-add -l lists them", truncate(want, 60))
}

// ErrPassphrase is a key file that needs a passphrase when there is no
// way to ask for one.
var ErrPassphrase = errors.New("the key file is encrypted and needs its passphrase")

// LoadKeyFile reads a private key in OpenSSH, PEM or PKCS#8 form. For an
// encrypted key it calls passphrase, which asks the user (and should
// return ErrPassphrase when it cannot); nil means there is no one to ask.
// The passphrase is used once and never kept.
func LoadKeyFile(path string, passphrase func() ([]byte, error)) (ssh.Signer, error) {
	data, err := userfile.Read(path, maxKeyFileBytes)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", path, err)
	}
	signer, err := ssh.ParsePrivateKey(data)
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		if passphrase == nil {
			return nil, fmt.Errorf("key %s: %w, and there is no terminal to ask for it on: ssh-add the key and sign with --sign", path, ErrPassphrase)
		}
		pass, perr := passphrase()
		if perr != nil {
			return nil, fmt.Errorf("key %s: %w", path, perr)
		}
		signer, err = ssh.ParsePrivateKeyWithPassphrase(data, pass)
		clear(pass)
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, fmt.Errorf("key %s: the passphrase is wrong", path)
		}
	}
	if err != nil {
		if strings.Contains(err.Error(), "sk-") || strings.Contains(err.Error(), "unhandled key type") {
			return nil, fmt.Errorf("key %s: prr cannot sign with this kind of key itself (a security key?); use it through ssh-agent, or sign the statement with ssh-keygen -Y sign", path)
		}
		return nil, fmt.Errorf("key %s: not a private key prr can read (%v)", path, err)
	}
	return signer, nil
}

// deadlineConn sets a deadline before each read and write, so no exchange
// with the agent waits forever.
type deadlineConn struct{ net.Conn }

func (c deadlineConn) Read(b []byte) (int, error) {
	_ = c.SetReadDeadline(time.Now().Add(agentTimeout))
	return c.Conn.Read(b)
}

func (c deadlineConn) Write(b []byte) (int, error) {
	_ = c.SetWriteDeadline(time.Now().Add(agentTimeout))
	return c.Conn.Write(b)
}

func unwrapNet(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err
	}
	return err
}
