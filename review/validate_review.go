package review

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// MaxSignOffs bounds the sign-offs one review may carry.
const MaxSignOffs = 1000

var hashRE = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// ValidHash reports whether h looks like a content hash.
func ValidHash(h string) bool { return hashRE.MatchString(h) }

// ErrUnknownItem is an answer to an item the review's template lacks.
var ErrUnknownItem = errors.New("no such item")

// Validate checks a whole review with the same rules the front ends apply
// one change at a time. It is for reviews that arrive whole (an import, a
// database check), so that nothing enters a database that the TUI and the
// CLI would refuse.
func (r *Review) Validate() error {
	if !ValidIDPrefix(r.ID) || len(r.ID) != IDLength {
		return fmt.Errorf("review id %q is not a prr review id (%d letters and digits)", truncate(r.ID, 40), IDLength)
	}
	if err := r.Meta().Validate(); err != nil {
		return err
	}
	if r.CreatedAt.IsZero() || r.UpdatedAt.IsZero() {
		return errors.New("created_at and updated_at must be set")
	}
	if r.UpdatedAt.Before(r.CreatedAt) {
		return errors.New("updated_at is before created_at")
	}
	if err := r.Template.Validate(); err != nil {
		return err
	}
	if r.Origin != nil {
		if err := r.Origin.Validate(); err != nil {
			return err
		}
	}
	ids := make([]string, 0, len(r.Answers))
	for id := range r.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids) // report the same first error every time
	for _, id := range ids {
		it, _, ok := r.Template.Find(id)
		if !ok {
			return fmt.Errorf("there is an answer for item %q, which the template does not have: %w", truncate(id, 60), ErrUnknownItem)
		}
		a := r.Answers[id]
		if a.Status == "" {
			a.Status = Unanswered // what Review.Answer reads it as
		}
		if err := a.Validate(it); err != nil {
			return err
		}
	}
	if err := r.Assessments.Validate(&r.Template); err != nil {
		return err
	}
	if len(r.SignOffs) > MaxSignOffs {
		return fmt.Errorf("%d sign-offs; at most %d are allowed", len(r.SignOffs), MaxSignOffs)
	}
	if err := r.Meeting.validate(&r.Template); err != nil {
		return err
	}
	for i, s := range r.SignOffs {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("sign-off %d: %w", i+1, err)
		}
		if !ValidHash(s.Hash) {
			return fmt.Errorf("sign-off %d (%s): hash %q is not sha256:<64 hex digits>", i+1, truncate(s.Name, 40), truncate(s.Hash, 80))
		}
		if s.At.IsZero() {
			return fmt.Errorf("sign-off %d (%s) has no time", i+1, truncate(s.Name, 40))
		}
	}
	return nil
}

// ValidateAsOf is Validate, and also that nothing in the review is dated
// later than now, with ClockSkew to spare: a sign-off from the future looks
// fresh forever to an age limit, and an answer from the future makes the
// record's "as of" a lie. It is for reviews that arrive whole.
func (r *Review) ValidateAsOf(now time.Time) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := notFuture("created_at", r.CreatedAt, now); err != nil {
		return err
	}
	if err := notFuture("updated_at", r.UpdatedAt, now); err != nil {
		return err
	}
	ids := make([]string, 0, len(r.Answers))
	for id := range r.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := notFuture("the answer to "+id, r.Answers[id].UpdatedAt, now); err != nil {
			return err
		}
	}
	for i, s := range r.SignOffs {
		if err := notFuture(fmt.Sprintf("sign-off %d, by %s,", i+1, signer(s)), s.At, now); err != nil {
			return err
		}
	}
	return nil
}

// notFuture refuses a time later than now by more than ClockSkew.
func notFuture(what string, t, now time.Time) error {
	if t.After(now.Add(ClockSkew)) {
		return fmt.Errorf("%s is dated %s, later than now (%s); a record cannot come from the future",
			what, t.UTC().Format("2006-01-02 15:04 UTC"), now.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return nil
}

// Validate checks a template snapshot by the rules of a template file, by
// handing its JSON to ParseTemplate: JSON is YAML, and the snapshot's JSON
// keys are the file format's keys. So a snapshot obeys exactly the rules a
// checklist file does, with no second copy of them to drift.
//
// Parsing is most of the cost of reading a record, and the reviews of one
// team share a few checklists: the outcome for the last few snapshots is
// remembered by the SHA-256 of their encoding (see snapshotChecks).
func (t *Template) Validate() error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t.fileForm()); err != nil {
		return fmt.Errorf("template snapshot: %w", err)
	}
	key := sha256.Sum256(buf.Bytes())
	if err, ok := snapshotChecks.get(key); ok {
		return err
	}
	err := t.validateSnapshot(buf.Bytes())
	snapshotChecks.put(key, err)
	return err
}

// fileForm is the snapshot as a template file would write it: a role with
// a rule is a mapping in signoff_roles, as in the file, rather than an
// entry of signoff_rules. A rule for a role that is not listed is kept
// under signoff_rules, which a file may not have, so it is refused.
func (t *Template) fileForm() any {
	if len(t.SignoffRules) == 0 {
		return t
	}
	type file struct {
		ID           string     `json:"id"`
		Version      int        `json:"version"`
		Title        string     `json:"title"`
		Description  string     `json:"description,omitempty"`
		SignoffRoles []any      `json:"signoff_roles,omitempty"`
		SignoffRules []RoleRule `json:"signoff_rules,omitempty"`
		Sections     []Section  `json:"sections"`
	}
	f := file{ID: t.ID, Version: t.Version, Title: t.Title, Description: t.Description, Sections: t.Sections}
	rules := slices.Clone(t.SignoffRules)
	for _, role := range t.SignoffRoles {
		i := slices.IndexFunc(rules, func(r RoleRule) bool { return r.Role == role })
		if i < 0 {
			f.SignoffRoles = append(f.SignoffRoles, role)
			continue
		}
		f.SignoffRoles = append(f.SignoffRoles, rules[i])
		rules = slices.Delete(rules, i, i+1)
	}
	f.SignoffRules = rules
	return f
}

// snapshotChecks is what Validate found for the template snapshots it saw
// last. Validation is a pure function of the encoding, so a remembered
// outcome is the outcome; the memory is bounded, and safe to share.
var snapshotChecks = &checkMemo{m: map[[sha256.Size]byte]error{}}

type checkMemo struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]error
}

// maxMemo bounds checkMemo: a few dozen checklists, a few bytes each.
const maxMemo = 64

func (c *checkMemo) get(k [sha256.Size]byte) (error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	err, ok := c.m[k]
	return err, ok
}

func (c *checkMemo) put(k [sha256.Size]byte, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxMemo {
		clear(c.m)
	}
	c.m[k] = err
}

func (t *Template) validateSnapshot(encoded []byte) error {
	_, err := ParseTemplate("template snapshot", encoded)
	if err == nil {
		return nil
	}
	// Positions refer to our one-line re-encoding, not to the user's file,
	// so keep only the first message and say how many there were.
	var te *TemplateError
	if !errors.As(err, &te) {
		line, _, _ := strings.Cut(err.Error(), "\n")
		return fmt.Errorf("template snapshot: %s", line)
	}
	msg := "template snapshot " + t.ID + ": " + te.Msg
	if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) > 1 {
		msg += fmt.Sprintf(" (and %d more problems)", len(j.Unwrap())-1)
	}
	return errors.New(msg)
}
