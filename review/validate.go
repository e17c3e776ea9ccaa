package review

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/prr-dev/prr/review/sshsign"
)

// Limits on user text. They keep records readable and the database small,
// and they bound the work any one answer can cause.
const (
	MaxNoteBytes    = 32 << 10
	MaxLineBytes    = 2048
	MaxEvidence     = 50
	MaxActions      = 50
	MaxParticipants = 50
)

// Normalize trims whitespace around every field.
func (m Meta) Normalize() Meta {
	m.Service = strings.TrimSpace(m.Service)
	m.Team = strings.TrimSpace(m.Team)
	m.Owner = strings.TrimSpace(m.Owner)
	var ps []Participant
	for _, p := range m.Participants {
		p.Name, p.Role = strings.TrimSpace(p.Name), strings.ToLower(strings.TrimSpace(p.Role))
		if p.Name != "" {
			ps = append(ps, p)
		}
	}
	m.Participants = ps
	return m
}

// Validate checks the metadata of a review.
func (m Meta) Validate() error {
	if strings.TrimSpace(m.Service) == "" {
		return errors.New("the service name is empty; name the service under review")
	}
	if !Visible(m.Service) {
		return errors.New("the service name has nothing visible in it (only spaces, zero-width or direction marks); name the service under review")
	}
	for _, f := range []struct{ name, v string }{{"service", m.Service}, {"team", m.Team}, {"owner", m.Owner}} {
		if err := checkLine(f.name, f.v, 200); err != nil {
			return err
		}
		if err := checkVisible(f.name, f.v); err != nil {
			return err
		}
	}
	if len(m.Participants) > MaxParticipants {
		return fmt.Errorf("%d participants; at most %d are allowed", len(m.Participants), MaxParticipants)
	}
	for _, p := range m.Participants {
		if err := checkLine("participant name", p.Name, 200); err != nil {
			return err
		}
		if err := checkVisible("a participant's name", p.Name); err != nil {
			return err
		}
		if err := checkLine("participant role", p.Role, 100); err != nil {
			return err
		}
	}
	return nil
}

// ParseParticipant reads "Name:role" (the role is optional). A role has no
// colon, a name may: "Dr. Who: The Doctor:sre" is the Doctor, an SRE.
func ParseParticipant(s string) (Participant, error) {
	name, role := s, ""
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		name, role = s[:i], s[i+1:]
	}
	p := Participant{Name: strings.TrimSpace(name), Role: strings.ToLower(strings.TrimSpace(role))}
	if p.Name == "" {
		return p, fmt.Errorf("participant %q has no name; write Name:role, for example \"Kari Nordmann:sre\"", truncate(s, 40))
	}
	return p, nil
}

// Validate checks an answer against the item it answers.
func (a Answer) Validate(it Item) error {
	if !a.Status.Valid() {
		return fmt.Errorf("item %s: unknown status %q", it.ID, a.Status)
	}
	if len(a.Note) > MaxNoteBytes || !utf8.ValidString(a.Note) {
		return fmt.Errorf("item %s: the note must be UTF-8 text under %d bytes", it.ID, MaxNoteBytes)
	}
	if a.Status == NA && strings.TrimSpace(a.Note) == "" {
		return fmt.Errorf("item %s: n/a needs a short reason in the note (why it does not apply)", it.ID)
	}
	if len(a.Evidence) > MaxEvidence {
		return fmt.Errorf("item %s: at most %d evidence links", it.ID, MaxEvidence)
	}
	for _, e := range a.Evidence {
		if strings.TrimSpace(e) == "" {
			return fmt.Errorf("item %s: an evidence link is empty", it.ID)
		}
		if err := checkLine("evidence link", e, MaxLineBytes); err != nil {
			return fmt.Errorf("item %s: %w", it.ID, err)
		}
	}
	if len(a.Actions) > MaxActions {
		return fmt.Errorf("item %s: at most %d action items", it.ID, MaxActions)
	}
	for _, ac := range a.Actions {
		if err := ac.Validate(); err != nil {
			return fmt.Errorf("item %s: %w", it.ID, err)
		}
	}
	if a.Waiver != nil {
		if a.Status != Fail && a.Status != Partial {
			return fmt.Errorf("item %s: only a failing or partial item can be waived", it.ID)
		}
		if err := a.Waiver.Validate(); err != nil {
			return fmt.Errorf("item %s: %w", it.ID, err)
		}
	}
	return nil
}

// Validate checks an action item.
func (ac Action) Validate() error {
	if strings.TrimSpace(ac.Text) == "" {
		return errors.New("an action item needs a text saying what is to be done")
	}
	if err := checkLine("action text", ac.Text, MaxLineBytes); err != nil {
		return err
	}
	if err := checkLine("action owner", ac.Owner, 200); err != nil {
		return err
	}
	if !ac.Due.Valid() {
		return fmt.Errorf("action due date %q is not a YYYY-MM-DD date", truncate(string(ac.Due), 40))
	}
	return nil
}

// Validate checks a waiver: a waiver without a reason, a name or an expiry
// is not an accepted risk, it is a forgotten one.
func (w Waiver) Validate() error {
	if strings.TrimSpace(w.Reason) == "" {
		return errors.New("a waiver needs a reason")
	}
	if strings.TrimSpace(w.AcceptedBy) == "" {
		return errors.New("a waiver needs the name of whoever accepted the risk")
	}
	if w.Expires == "" || !w.Expires.Valid() {
		return errors.New("a waiver needs an expiry date (YYYY-MM-DD)")
	}
	if err := checkLine("waiver reason", w.Reason, MaxLineBytes); err != nil {
		return err
	}
	return checkLine("accepted by", w.AcceptedBy, 200)
}

// Validate checks a sign-off before it is recorded.
func (s SignOff) Validate() error {
	if strings.TrimSpace(s.Name) == "" {
		return errors.New("a sign-off needs the name of who signs")
	}
	if err := checkLine("name", s.Name, 200); err != nil {
		return err
	}
	if err := checkVisible("the name of who signs", s.Name); err != nil {
		return err
	}
	if err := checkLine("role", s.Role, 100); err != nil {
		return err
	}
	if _, err := ParseDecision(string(s.Decision)); err != nil {
		return err
	}
	if len(s.Comment) > MaxNoteBytes || !utf8.ValidString(s.Comment) {
		return fmt.Errorf("the comment must be UTF-8 text under %d bytes", MaxNoteBytes)
	}
	if err := checkLine("the service a sign-off names", s.Service, 200); err != nil {
		return err
	}
	if s.History != "" && !ValidHash(s.History) {
		return fmt.Errorf("the history head %q is not sha256:<64 hex digits>", truncate(s.History, 80))
	}
	if s.Signature != "" {
		if _, err := sshsign.Parse([]byte(s.Signature)); err != nil {
			return fmt.Errorf("the signature: %w", err)
		}
	}
	return checkLine("key fingerprint", s.KeyFingerprint, 100)
}

// Visible reports whether s has a character that shows: not only white
// space, format characters (zero-width, bidi and joiner marks, the byte
// order mark, tags), fillers and other characters that draw nothing.
func Visible(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return !invisible(r) }) >= 0
}

func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r) ||
		r == '\u2800' // braille pattern blank
}

// checkVisible refuses a non-empty value that shows as blank.
func checkVisible(what, s string) error {
	if s != "" && !Visible(s) {
		return fmt.Errorf("%s has nothing visible in it (only spaces, zero-width or direction marks)", what)
	}
	return nil
}

func checkLine(what, s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%s is %d bytes long; keep it under %d", what, len(s), max)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8 text", what)
	}
	if strings.ContainsAny(s, "\n\r") {
		return fmt.Errorf("%s must be a single line", what)
	}
	return nil
}
