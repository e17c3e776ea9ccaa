package sshsign

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// Why Authorize refuses a signature's key, each with its own message.
var (
	// ErrUnknownKey: no line of the file names the key (or, for a
	// certificate, its authority with a matching principal).
	ErrUnknownKey = errors.New("the key is not in the allowed signers file")
	// ErrNamespaceNotAllowed: the key's lines do not allow the namespace.
	ErrNamespaceNotAllowed = errors.New("the allowed signers file does not let this key sign for the namespace")
	// ErrKeyExpired: the key was not valid when the signature was made
	// (valid-after, valid-before, or the certificate's own validity).
	ErrKeyExpired = errors.New("the key was not valid at the time of signing")
)

// Authorize says whose key made sig, by the allowed signers file, for a
// signature made for namespace at time at: the principals of every line
// that lets the key sign then (for a certificate, the certificate's
// principals that a cert-authority line accepts). It verifies nothing
// about the message: call Signature.Verify first.
//
// When no line lets the key sign, the error says why for the line that
// came closest: a key that is listed, but not for this namespace or not at
// this time, is told apart from a key that is not listed at all.
func (a *AllowedSigners) Authorize(sig *Signature, namespace string, at time.Time) ([]string, error) {
	var principals []string
	var why error = ErrUnknownKey
	for i := range a.Entries {
		e := &a.Entries[i]
		ps, err := e.admits(sig.PublicKey(), at)
		if err == nil && e.Namespaces != "" && !MatchList(namespace, e.Namespaces) {
			err = fmt.Errorf("%w (line %d allows %q)", ErrNamespaceNotAllowed, e.Line, truncate(e.Namespaces, 60))
		}
		switch {
		case err == nil:
			for _, p := range ps {
				if !slices.Contains(principals, p) {
					principals = append(principals, p)
				}
			}
		case !errors.Is(err, ErrUnknownKey):
			why = err
		}
	}
	if len(principals) == 0 {
		return nil, why
	}
	return principals, nil
}

// admits returns the principals this line lets key speak for at time at,
// or why it does not.
func (e *Entry) admits(key ssh.PublicKey, at time.Time) ([]string, error) {
	cert, isCert := key.(*ssh.Certificate)
	var ps []string
	switch {
	case e.CertAuthority && isCert:
		if !bytes.Equal(cert.SignatureKey.Marshal(), e.Key.Marshal()) || cert.CertType != ssh.UserCert {
			return nil, ErrUnknownKey
		}
		for _, p := range cert.ValidPrincipals {
			if MatchList(p, e.Principals) {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			return nil, ErrUnknownKey
		}
		checker := ssh.CertChecker{Clock: func() time.Time { return at }}
		if err := checker.CheckCert(ps[0], cert); err != nil {
			if strings.Contains(err.Error(), "cert is not yet valid") || strings.Contains(err.Error(), "cert has expired") {
				return nil, fmt.Errorf("%w (the certificate %s)", ErrKeyExpired, strings.TrimPrefix(err.Error(), "ssh: cert "))
			}
			return nil, fmt.Errorf("%w (the certificate: %v)", ErrUnknownKey, err)
		}
	case !e.CertAuthority && !isCert:
		if !bytes.Equal(key.Marshal(), e.Key.Marshal()) {
			return nil, ErrUnknownKey
		}
		for _, p := range strings.Split(e.Principals, ",") {
			if p != "" && !strings.HasPrefix(p, "!") {
				ps = append(ps, p)
			}
		}
	default:
		return nil, ErrUnknownKey
	}
	if !e.ValidAfter.IsZero() && at.Before(e.ValidAfter) {
		return nil, fmt.Errorf("%w (line %d: valid only after %s)", ErrKeyExpired, e.Line, e.ValidAfter.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	if !e.ValidBefore.IsZero() && at.After(e.ValidBefore) {
		return nil, fmt.Errorf("%w (line %d: valid until %s)", ErrKeyExpired, e.Line, e.ValidBefore.UTC().Format("2006-01-02 15:04:05 UTC"))
	}
	return ps, nil
}
