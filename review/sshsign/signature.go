// Package sshsign signs and verifies messages with SSH keys in OpenSSH's
// SSHSIG format (what `ssh-keygen -Y sign` writes), and reads OpenSSH
// allowed_signers files, which say whose key may sign what.
//
// The wire format and the signing itself are github.com/hiddeco/sshsig's,
// the key types golang.org/x/crypto/ssh's (ed25519, ECDSA, RSA with
// rsa-sha2-512 or -256, and the sk- security-key variants); this package
// adds what prr needs around them: a bounded, strict decoder of armored
// signatures, errors that say which check failed, and the allowed_signers
// rules of ssh-keygen(1).
package sshsign

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/hiddeco/sshsig"
	"golang.org/x/crypto/ssh"
)

// MaxSignatureBytes bounds an armored signature. An RSA key of 16,384 bits
// with its signature is under 6 KB armored; anything longer is not one.
const MaxSignatureBytes = 16 << 10

// pemType is the armor's label: "-----BEGIN SSH SIGNATURE-----".
const pemType = "SSH SIGNATURE"

// Errors Verify and Parse return, so callers can say which check failed.
var (
	// ErrMalformed is text that is not an armored SSHSIG signature.
	ErrMalformed = errors.New("not an SSH signature")
	// ErrNamespace is a signature made for another purpose (another -n).
	ErrNamespace = errors.New("signature namespace is not the expected one")
	// ErrBadSignature is a signature that does not verify over the message:
	// forged, or made over other content.
	ErrBadSignature = errors.New("signature does not verify over the message")
)

// Signature is a decoded SSHSIG signature.
type Signature struct {
	sig *sshsig.Signature
	// Armored is the signature armored as ssh-keygen armors it (the same
	// bytes as the file it wrote): what prr stores and prints.
	Armored string
}

// Parse decodes an armored signature: exactly one "SSH SIGNATURE" block,
// nothing but white space around it, version 1, a known hash, a key type
// x/crypto/ssh knows. Whatever the bytes, it returns an error rather than
// panic.
func Parse(armored []byte) (*Signature, error) {
	if len(armored) > MaxSignatureBytes {
		return nil, fmt.Errorf("%w: %d bytes, more than the %d a signature takes", ErrMalformed, len(armored), MaxSignatureBytes)
	}
	block, rest := pem.Decode(armored)
	switch {
	case block == nil:
		return nil, fmt.Errorf("%w: no \"-----BEGIN SSH SIGNATURE-----\" block", ErrMalformed)
	case block.Type != pemType:
		return nil, fmt.Errorf("%w: the block is %q, not %q", ErrMalformed, truncate(block.Type, 40), pemType)
	case len(block.Headers) > 0:
		return nil, fmt.Errorf("%w: the block has headers, which ssh-keygen never writes", ErrMalformed)
	case len(bytes.TrimSpace(rest)) > 0:
		return nil, fmt.Errorf("%w: there is text after the signature block", ErrMalformed)
	case len(bytes.TrimSpace(armored[:bytes.Index(armored, []byte("-----BEGIN"))])) > 0:
		return nil, fmt.Errorf("%w: there is text before the signature block", ErrMalformed)
	}
	sig, err := parseWire(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return &Signature{sig: sig, Armored: armor(block.Bytes)}, nil
}

// parseWire decodes the signature blob, turning a panic of a decoder
// underneath (none is known) into an error: the bytes come from anyone.
func parseWire(b []byte) (sig *sshsig.Signature, err error) {
	defer func() {
		if r := recover(); r != nil {
			sig, err = nil, fmt.Errorf("undecodable signature")
		}
	}()
	sig, err = sshsig.ParseSignature(b)
	if err != nil {
		return nil, err
	}
	if sig.Signature == nil || sig.PublicKey == nil {
		return nil, errors.New("the signature or its key is missing")
	}
	return sig, nil
}

// PublicKey is the key the signature says it was made with (a certificate
// for a certificate signature). Only Verify proves it was.
func (s *Signature) PublicKey() ssh.PublicKey { return s.sig.PublicKey }

// Namespace is the namespace the signature was made for.
func (s *Signature) Namespace() string { return s.sig.Namespace }

// Fingerprint is the SHA256 fingerprint of the signing key, as ssh-keygen
// -l prints it ("SHA256:..."): of the key a certificate certifies, for a
// certificate signature.
func (s *Signature) Fingerprint() string { return Fingerprint(s.sig.PublicKey) }

// KeyType is the signing key's type, "ssh-ed25519" and the like.
func (s *Signature) KeyType() string { return s.sig.PublicKey.Type() }

// Fingerprint is ssh-keygen's SHA256 fingerprint of a key (of the key a
// certificate certifies, for a certificate).
func Fingerprint(k ssh.PublicKey) string {
	if c, ok := k.(*ssh.Certificate); ok {
		k = c.Key
	}
	return ssh.FingerprintSHA256(k)
}

// Verify checks that the signature was made for namespace over message by
// the key it carries. Whether that key may sign is AllowedSigners' to say.
func (s *Signature) Verify(message []byte, namespace string) error {
	if s.sig.Namespace != namespace {
		return fmt.Errorf("%w: it was made for %q, not %q", ErrNamespace, truncate(s.sig.Namespace, 60), namespace)
	}
	err := sshsig.Verify(bytes.NewReader(message), s.sig, s.sig.PublicKey, s.sig.HashAlgorithm, namespace)
	if err != nil {
		return fmt.Errorf("%w (%v)", ErrBadSignature, err)
	}
	return nil
}

// Sign signs message for namespace with signer, hashing with SHA-512 as
// ssh-keygen does, and returns the armored signature. An RSA key signs
// with rsa-sha2-512.
func Sign(signer ssh.Signer, message []byte, namespace string) (string, error) {
	sig, err := sshsig.SignWithRand(bytes.NewReader(message), rand.Reader, signer, sshsig.HashSHA512, namespace)
	if err != nil {
		return "", fmt.Errorf("sign with %s: %w", Fingerprint(signer.PublicKey()), err)
	}
	return armor(sig.Marshal()), nil
}

// armor writes a signature blob as ssh-keygen does: base64 in lines of 70
// characters between the BEGIN and END lines. A signature read from a file
// ssh-keygen wrote is kept byte for byte.
func armor(blob []byte) string {
	b64 := base64.StdEncoding.EncodeToString(blob)
	var b strings.Builder
	b.WriteString("-----BEGIN " + pemType + "-----\n")
	for len(b64) > 70 {
		b.WriteString(b64[:70] + "\n")
		b64 = b64[70:]
	}
	b.WriteString(b64 + "\n-----END " + pemType + "-----\n")
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
