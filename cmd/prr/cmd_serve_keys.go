package main

// Who is who on prr serve: the authorized keys file (OpenSSH
// authorized_keys, the user's name in each key's comment) and the server's
// own host key.

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/userfile"
	"github.com/prr-dev/prr/tui/hub"
)

// maxKeysFile bounds the authorized keys file: thousands of keys.
const maxKeysFile = 4 << 20

// parseAuthorizedKeys reads OpenSSH authorized_keys text: one key a line,
// the name of its owner in the comment ("ssh-ed25519 AAAA... Kari
// Nordmann"). Options before a key (restrict, command=...) are accepted
// and ignored: prr serve only ever runs prr. A key without a name, a name
// that could not be a sign-off's, or a key given twice is an error.
func parseAuthorizedKeys(data []byte) (map[string]hub.Identity, error) {
	keys := map[string]hub.Identity{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		pk, comment, _, _, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: not an OpenSSH public key: %v", n+1, err)
		}
		name := strings.TrimSpace(comment)
		if name == "" {
			return nil, fmt.Errorf("line %d: the key has no name; put its owner's name after the key", n+1)
		}
		if err := (review.SignOff{Name: name, Decision: review.Approve}).Validate(); err != nil {
			return nil, fmt.Errorf("line %d: %v", n+1, err)
		}
		k := string(pk.Marshal())
		if was, ok := keys[k]; ok {
			return nil, fmt.Errorf("line %d: the key of %s is listed again (as %s)", n+1, was.Name, name)
		}
		keys[k] = hub.Identity{Name: name, Fingerprint: gossh.FingerprintSHA256(pk)}
	}
	if len(keys) == 0 {
		return nil, errors.New("no keys in it: add one line per person, \"ssh-ed25519 AAAA... Their Name\"")
	}
	return keys, nil
}

// keyring is the authorized keys file, read again when it changes: an admin
// adds a colleague without restarting the server.
type keyring struct {
	path string

	mu    sync.Mutex
	stamp string // size and time of the file as last read
	keys  map[string]hub.Identity
}

func loadKeyring(path string) (*keyring, error) {
	k := &keyring{path: path}
	if err := k.reload(); err != nil {
		return nil, err
	}
	return k, nil
}

// reload reads the file if it changed; on a broken file the keys read last
// stay in force (the error says why the change was not taken).
func (k *keyring) reload() error {
	st, err := os.Stat(k.path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("authorized keys %s: no such file; create it with a line per person: \"ssh-ed25519 AAAA... Their Name\" (or give --authorized-keys)", k.path)
	}
	if err != nil {
		return fmt.Errorf("authorized keys %s: %w", k.path, err)
	}
	stamp := fmt.Sprint(st.Size(), st.ModTime().UnixNano())
	k.mu.Lock()
	defer k.mu.Unlock()
	if stamp == k.stamp {
		return nil
	}
	data, err := userfile.Read(k.path, maxKeysFile)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys, err := parseAuthorizedKeys(data)
	if err != nil {
		return fmt.Errorf("authorized keys %s: %w", k.path, err)
	}
	k.keys, k.stamp = keys, stamp
	return nil
}

// lookup returns who a key belongs to.
func (k *keyring) lookup(pk gossh.PublicKey) (hub.Identity, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	id, ok := k.keys[string(pk.Marshal())]
	return id, ok
}

// hostKey reads the server's host key, creating an ed25519 one (mode 0600,
// in a folder of mode 0700) the first time: clients remember it, so it is
// kept from one start to the next.
func hostKey(path string) (gossh.Signer, bool, error) {
	data, err := userfile.Read(path, 64<<10)
	created := false
	if errors.Is(err, fs.ErrNotExist) {
		if data, err = newHostKey(path); err != nil {
			return nil, false, fmt.Errorf("create the host key %s: %w", path, err)
		}
		created = true
	} else if err != nil {
		return nil, false, fmt.Errorf("host key: %w", err)
	}
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return nil, false, fmt.Errorf("host key %s: others can read it (mode %o); chmod 600 it", path, st.Mode().Perm())
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("host key %s: %w (an unencrypted OpenSSH private key is needed)", path, err)
	}
	return signer, created, nil
}

func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "prr serve "+time.Now().UTC().Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, err
	}
	return data, nil
}
