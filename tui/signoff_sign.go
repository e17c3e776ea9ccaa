package tui

// Signing on the sign-off screen: the keys of the running ssh-agent are
// listed in the form ("Sign with"), and a sign-off made with one carries an
// SSH signature of its statement (docs/signatures.md). The statement is
// read and signed outside the store's write, since a security key may wait
// for a touch, and recorded only if the review is still as it was signed
// (review.SignOff.Reattach).

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/sshsign"
)

// SigningKey is a key the sign-off screen can sign with.
type SigningKey struct {
	Fingerprint string // "SHA256:...", as ssh-add -l shows it
	Type        string // "ssh-ed25519", "sk-ssh-ed25519@openssh.com", ...
	Comment     string // often the key's file or its owner's e-mail
	Signer      ssh.Signer
}

// label is the key in one line of the "Sign with" list.
func (k SigningKey) label() string {
	l := oneLine(k.Fingerprint) + " " + oneLine(strings.TrimPrefix(k.Type, "ssh-"))
	if k.Comment != "" {
		l += " · " + oneLine(k.Comment)
	}
	return l
}

// noKey is the "Sign with" choice of an unsigned sign-off.
const noKey = -1

// signOffKeysMsg carries the keys the agent holds.
type signOffKeysMsg struct {
	keys []SigningKey
	err  error
}

func (signOffKeysMsg) to() state { return stateSignOff }

// loadKeys asks for the keys to sign with, off the Update goroutine (the
// agent is a socket).
func (s *signOffModel) loadKeys() tea.Cmd {
	list := s.c.signingKeys
	if list == nil {
		return nil
	}
	return func() tea.Msg {
		keys, err := list()
		return signOffKeysMsg{keys: keys, err: err}
	}
}

// keysLoaded keeps the keys; a form already asking for the details is
// drawn again to offer them.
func (s *signOffModel) keysLoaded(msg signOffKeysMsg) tea.Cmd {
	s.keys, s.keysErr = msg.keys, msg.err
	if msg.err != nil {
		s.c.logger.Debug("signing keys", "err", msg.err)
	}
	if s.step == stepDetails {
		s.v.Key = s.defaultKey(s.v.Role)
		return s.startDetails()
	}
	return nil
}

// defaultKey is the first key when role's approval must be signed, else
// none: signing asks nothing of the user with a plain key, but a security
// key waits for a touch nobody expected.
func (s *signOffModel) defaultKey(role string) int {
	role = strings.ToLower(strings.TrimSpace(role))
	if len(s.keys) > 0 && s.c.signing.RoleNeedsSignature(&s.rev.Template, role) {
		return 0
	}
	return noKey
}

// signFields is the "Sign with" list, or a note on why there is nothing to
// sign with; none when the screen was given no way to find keys.
func (s *signOffModel) signFields() []huh.Field {
	if s.c.signingKeys == nil {
		return nil
	}
	if len(s.keys) == 0 {
		why := "no key in the ssh-agent"
		if errors.Is(s.keysErr, sshsign.ErrNoAgent) {
			why = "no ssh-agent is running"
		} else if s.keysErr != nil {
			why = "the ssh-agent did not answer"
		}
		return []huh.Field{huh.NewNote().Title("Unsigned").
			Description(why + ": ssh-add a key to sign here, or sign with prr signoff --key FILE.")}
	}
	opts := []huh.Option[int]{huh.NewOption("don't sign", noKey)}
	for i, k := range s.keys {
		opts = append(opts, huh.NewOption(k.label(), i))
	}
	return []huh.Field{huh.NewSelect[int]().Key("key").Title("Sign with").
		Description("An SSH signature proves the approval is yours; see docs/signatures.md.").
		Options(opts...).Value(&s.v.Key)}
}

// recordSigned signs the sign-off's statement with key and records it.
func (s *signOffModel) recordSigned(so review.SignOff, key SigningKey) tea.Cmd {
	st, id := s.c.store, s.rev.ID
	s.c.info("signing with " + oneLine(key.Fingerprint) + " (a security key waits for a touch)…")
	return func() tea.Msg {
		r, err := st.Get(id)
		if err != nil {
			return signOffSavedMsg{id: id, err: err}
		}
		so, err := review.NewSignedSignOff(r, so.Name, so.Role, so.Decision, so.Comment, so.At)
		if err != nil {
			return signOffSavedMsg{id: id, err: err}
		}
		armored, err := sshsign.Sign(key.Signer, review.Statement(r, so), review.SignatureNamespace)
		if err != nil {
			return signOffSavedMsg{id: id, err: err}
		}
		stored, err := st.AddSignOff(id, func(now *review.Review) (review.SignOff, error) {
			return so.Reattach(now, []byte(armored))
		})
		return reloaded(st, signOffSavedMsg{id: id, so: stored, err: err})
	}
}

// reloaded adds the review as it is after a sign-off to msg.
func reloaded(st Store, msg signOffSavedMsg) signOffSavedMsg {
	if msg.err != nil {
		return msg
	}
	if r, err := st.Get(msg.id); err == nil {
		msg.review = r
		msg.rev, _ = st.Revision(r.ID)
	}
	return msg
}

// signatureNote is what a sign-off's signature proves, in a line:
// "signed and valid: kari@example.com", or why not; and the key's
// fingerprint, kept whole on a line of its own (wrapping would break it at
// a '/').
func signatureNote(c *common, r *review.Review, so review.SignOff) (note, fingerprint string) {
	check := review.CheckSignature(r, so, c.signing.Allowed)
	fingerprint, check.Fingerprint = check.Fingerprint, ""
	return oneLine(check.Describe()), oneLine(fingerprint)
}
