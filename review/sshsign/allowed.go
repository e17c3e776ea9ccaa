package sshsign

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"
)

// Limits on an allowed_signers file: a team's is a few dozen lines.
const (
	MaxAllowedSignersBytes = 1 << 20
	maxLineBytes           = 16 << 10
)

// AllowedSigners is a parsed allowed_signers file (ssh-keygen(1), ALLOWED
// SIGNERS): which keys speak for which principals, for which namespaces,
// and when.
type AllowedSigners struct {
	Entries []Entry
}

// Entry is one line of the file.
type Entry struct {
	Line int
	// Principals is the comma-separated pattern list of the first field,
	// unquoted.
	Principals string
	// CertAuthority: the key is a certificate authority, trusted for the
	// user certificates it signed whose principals match Principals.
	CertAuthority bool
	// Namespaces, if not empty, is the pattern list of the namespaces the
	// key may sign for.
	Namespaces string
	// ValidAfter and ValidBefore bound when a signature may have been made
	// (zero: no bound).
	ValidAfter, ValidBefore time.Time
	Key                     ssh.PublicKey
}

// ParseError is a line of an allowed_signers file that is not valid.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseAllowedSigners reads an allowed_signers file. name is used in
// errors. A line that is not valid is an error, not skipped: a file that
// says less than its author meant must not quietly trust less, or more.
// Whatever the bytes, it returns an error rather than panic.
func ParseAllowedSigners(name string, data []byte) (*AllowedSigners, error) {
	if len(data) > MaxAllowedSignersBytes {
		return nil, &ParseError{File: name, Line: 0, Msg: fmt.Sprintf("the file is larger than %d bytes; an allowed signers file is far smaller", MaxAllowedSignersBytes)}
	}
	a := &AllowedSigners{}
	for i, line := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > maxLineBytes {
			return nil, &ParseError{File: name, Line: n, Msg: "the line is too long"}
		}
		if !utf8.Valid(line) {
			return nil, &ParseError{File: name, Line: n, Msg: "the line is not UTF-8 text"}
		}
		s := strings.TrimLeft(string(line), " \t")
		if s == "" || s[0] == '#' {
			continue
		}
		e, err := parseEntry(s)
		if err != nil {
			return nil, &ParseError{File: name, Line: n, Msg: err.Error()}
		}
		e.Line = n
		a.Entries = append(a.Entries, e)
	}
	return a, nil
}

// parseEntry reads "principals [options] keytype base64 [comment]".
func parseEntry(s string) (Entry, error) {
	var e Entry
	principals, rest, err := field(s, false)
	if err != nil {
		return e, err
	}
	if principals == "" || rest == "" {
		return e, errors.New("a line is: principals, options (optional), the key type and the key")
	}
	e.Principals = principals
	// A key starts with its type; anything else there is the options.
	if _, known := keyTypes[firstWord(rest)]; !known {
		var opts string
		if opts, rest, err = field(rest, true); err != nil {
			return e, err
		}
		if err := e.setOptions(opts); err != nil {
			return e, err
		}
		if rest == "" {
			return e, errors.New("the key is missing after the options")
		}
	}
	typ, rest, _ := strings.Cut(rest, " ")
	if _, known := keyTypes[typ]; !known {
		return e, fmt.Errorf("%q is not a key type prr knows (e.g. ssh-ed25519)", truncate(typ, 40))
	}
	b64 := firstWord(strings.TrimLeft(rest, " \t"))
	blob, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return e, errors.New("the key is not valid base64")
	}
	if e.Key, err = parseKey(blob); err != nil {
		return e, fmt.Errorf("the key does not decode (%v)", err)
	}
	if e.Key.Type() != typ {
		return e, fmt.Errorf("the key is a %s key, but the line says %s", e.Key.Type(), typ)
	}
	return e, nil
}

// parseKey decodes a key blob, refusing certificates (a line names a key
// or, with cert-authority, the key of a CA) and recovering from a panic of
// the decoder underneath.
func parseKey(blob []byte) (k ssh.PublicKey, err error) {
	defer func() {
		if r := recover(); r != nil {
			k, err = nil, errors.New("undecodable key")
		}
	}()
	if k, err = ssh.ParsePublicKey(blob); err != nil {
		return nil, err
	}
	if _, cert := k.(*ssh.Certificate); cert {
		return nil, errors.New("a certificate; name the certificate authority's key with cert-authority instead")
	}
	return k, nil
}

// keyTypes are the key types a line may name.
var keyTypes = map[string]bool{
	ssh.KeyAlgoED25519: true, ssh.KeyAlgoRSA: true,
	ssh.KeyAlgoECDSA256: true, ssh.KeyAlgoECDSA384: true, ssh.KeyAlgoECDSA521: true,
	ssh.KeyAlgoSKED25519: true, ssh.KeyAlgoSKECDSA256: true,
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return s[:i]
	}
	return s
}

// field splits off the first white-space delimited field, as OpenSSH does:
// the principals field may be a quoted string (quotes removed, no escapes);
// the options field may hold quoted values (kept, with \" inside them).
func field(s string, options bool) (string, string, error) {
	if !options && strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return "", "", errors.New("the quoted principals have no closing quote")
		}
		return s[1 : 1+end], strings.TrimLeft(s[2+end:], " \t"), nil
	}
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted && i+1 < len(s) && s[i+1] == '"':
			i++
		case c == '"' && options:
			quoted = !quoted
		case (c == ' ' || c == '\t') && !quoted:
			return s[:i], strings.TrimLeft(s[i:], " \t"), nil
		}
	}
	if quoted {
		return "", "", errors.New("an option's quoted value has no closing quote")
	}
	return s, "", nil
}

// setOptions reads the options field: cert-authority, namespaces="...",
// valid-after="..." and valid-before="...", comma-separated, names in any
// case. Anything else is an error, as it is for ssh-keygen.
func (e *Entry) setOptions(opts string) error {
	seen := map[string]bool{}
	for opts != "" {
		name, value, rest, err := nextOption(opts)
		if err != nil {
			return err
		}
		opts = rest
		lname := strings.ToLower(name)
		if seen[lname] {
			return fmt.Errorf("the option %s is given twice", lname)
		}
		seen[lname] = true
		switch lname {
		case "cert-authority":
			if value != nil {
				return errors.New("cert-authority takes no value")
			}
			e.CertAuthority = true
		case "namespaces", "valid-after", "valid-before":
			if value == nil {
				return fmt.Errorf("the option %s needs a quoted value, e.g. %s=\"...\"", lname, lname)
			}
			switch lname {
			case "namespaces":
				e.Namespaces = *value
			case "valid-after":
				e.ValidAfter, err = parseTime(*value)
			case "valid-before":
				e.ValidBefore, err = parseTime(*value)
			}
			if err != nil {
				return fmt.Errorf("%s: %v", lname, err)
			}
		default:
			return fmt.Errorf("unknown option %q; allowed signers know cert-authority, namespaces, valid-after and valid-before", truncate(name, 40))
		}
	}
	if !e.ValidAfter.IsZero() && !e.ValidBefore.IsZero() && !e.ValidAfter.Before(e.ValidBefore) {
		return errors.New("valid-after is not before valid-before")
	}
	return nil
}

// nextOption reads one option: a name, optionally ="quoted value", and a
// comma or the end.
func nextOption(opts string) (name string, value *string, rest string, err error) {
	i := strings.IndexAny(opts, "=,")
	if i < 0 {
		return opts, nil, "", nil
	}
	name = opts[:i]
	if name == "" {
		return "", nil, "", errors.New("an option has no name")
	}
	if opts[i] == ',' {
		return name, nil, opts[i+1:], nil
	}
	v := opts[i+1:]
	if !strings.HasPrefix(v, `"`) {
		return "", nil, "", fmt.Errorf("the value of %s must be in double quotes", truncate(name, 40))
	}
	var b strings.Builder
	for j := 1; j < len(v); j++ {
		switch {
		case v[j] == '\\' && j+1 < len(v) && v[j+1] == '"':
			b.WriteByte('"')
			j++
		case v[j] == '"':
			rest = v[j+1:]
			if rest != "" && rest[0] != ',' {
				return "", nil, "", fmt.Errorf("the value of %s is followed by %q; separate options with commas", truncate(name, 40), truncate(rest, 20))
			}
			s := b.String()
			return name, &s, strings.TrimPrefix(rest, ","), nil
		default:
			b.WriteByte(v[j])
		}
	}
	return "", nil, "", fmt.Errorf("the value of %s has no closing quote", truncate(name, 40))
}

// parseTime reads an OpenSSH time: YYYYMMDD, YYYYMMDDHHMM or
// YYYYMMDDHHMMSS, in UTC with a trailing Z and in local time without.
func parseTime(s string) (time.Time, error) {
	loc := time.Local
	if rest, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = rest, time.UTC
	}
	for _, layout := range []string{"20060102", "200601021504", "20060102150405"} {
		if len(s) == len(layout) {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a time such as 20260131 or 20260131235959Z", truncate(s, 40))
}
