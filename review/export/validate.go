package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/prr-dev/prr/review"
)

// Limits on what an imported record may hold beyond what the review
// package checks itself. They keep one record from flooding a database.
const (
	maxSignOffs = 1000
	maxEvents   = 200_000
	maxFieldLen = 64
)

var fieldRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// validateReview checks an imported review with the review package's own
// rules wherever it has them; a record must not be able to put into the
// database what the TUI and the CLI would refuse.
func validateReview(r *review.Review, history []review.Event) error {
	if !review.ValidIDPrefix(r.ID) || len(r.ID) != review.IDLength {
		return fmt.Errorf("invalid record: review id %q is not a prr review id (%d letters and digits)", truncate(r.ID, 40), review.IDLength)
	}
	where := "review " + r.ID
	if err := r.Meta().Validate(); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if r.CreatedAt.IsZero() || r.UpdatedAt.IsZero() {
		return fmt.Errorf("%s: created_at and updated_at must be set", where)
	}
	if r.UpdatedAt.Before(r.CreatedAt) {
		return fmt.Errorf("%s: updated_at is before created_at", where)
	}
	if err := validateTemplate(&r.Template); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	items := make(map[string]review.Item, r.Template.ItemCount())
	for _, it := range r.Template.Items() {
		items[it.ID] = it
	}
	ids := make([]string, 0, len(r.Answers))
	for id := range r.Answers {
		ids = append(ids, id)
	}
	sort.Strings(ids) // report the same first error every time
	for _, id := range ids {
		it, ok := items[id]
		if !ok {
			return fmt.Errorf("%s: there is an answer for item %q, which the template does not have", where, truncate(id, 60))
		}
		a := r.Answers[id]
		if a.Status == "" {
			a.Status = review.Unanswered // what Review.Answer reads it as
		}
		if err := a.Validate(it); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	if len(r.SignOffs) > maxSignOffs {
		return fmt.Errorf("%s: %d sign-offs; at most %d are allowed", where, len(r.SignOffs), maxSignOffs)
	}
	for i, s := range r.SignOffs {
		if err := s.Validate(); err != nil {
			return fmt.Errorf("%s: sign-off %d: %w", where, i+1, err)
		}
		if !hashRE.MatchString(s.Hash) {
			return fmt.Errorf("%s: sign-off %d (%s): hash %q is not sha256:<64 hex digits>", where, i+1, truncate(s.Name, 40), truncate(s.Hash, 80))
		}
		if s.At.IsZero() {
			return fmt.Errorf("%s: sign-off %d (%s) has no time", where, i+1, truncate(s.Name, 40))
		}
	}
	if len(history) > maxEvents {
		return fmt.Errorf("%s: %d history events; at most %d are allowed", where, len(history), maxEvents)
	}
	for i, e := range history {
		switch {
		case e.At.IsZero():
			return fmt.Errorf("%s: history event %d has no time", where, i+1)
		case len(e.Field) > maxFieldLen || !fieldRE.MatchString(e.Field):
			return fmt.Errorf("%s: history event %d: field %q is not a field name", where, i+1, truncate(e.Field, 40))
		case !singleLine(e.Actor) || !singleLine(e.Item):
			return fmt.Errorf("%s: history event %d: actor and item must be single lines", where, i+1)
		case !utf8.ValidString(e.Old) || !utf8.ValidString(e.New):
			return fmt.Errorf("%s: history event %d is not UTF-8 text", where, i+1)
		}
	}
	return nil
}

func singleLine(s string) bool {
	return len(s) <= review.MaxLineBytes && utf8.ValidString(s) && !strings.ContainsAny(s, "\r\n")
}

// validateTemplate checks a template snapshot by the rules of a template
// file, by handing its JSON to review.ParseTemplate: JSON is YAML, and the
// snapshot's JSON keys are the file format's keys. So an imported snapshot
// obeys exactly the rules a checklist file does (slugs, unique ids, levels,
// limits), with no second copy of them to drift. The snapshot itself is
// kept as imported, so its content hash does not change.
func validateTemplate(t *review.Template) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(t); err != nil {
		return fmt.Errorf("template snapshot: %w", err)
	}
	_, err := review.ParseTemplate("template snapshot", buf.Bytes())
	if err == nil {
		return nil
	}
	// The positions refer to our one-line re-encoding, not to the user's
	// file, so keep only the first message and say how many there were.
	var te *review.TemplateError
	if !errors.As(err, &te) {
		return fmt.Errorf("template snapshot: %s", firstLine(err.Error()))
	}
	msg := "template snapshot " + t.ID + ": " + te.Msg
	if n := countErrors(err); n > 1 {
		msg += fmt.Sprintf(" (and %d more problems)", n-1)
	}
	return errors.New(msg)
}

func countErrors(err error) int {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return len(j.Unwrap())
	}
	return 1
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
