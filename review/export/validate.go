package export

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/prr-dev/prr/review"
)

// Limits on what an imported record may hold beyond what the review
// package checks itself. They keep one record from flooding a database.
const (
	maxEvents   = 200_000
	maxFieldLen = 64
)

var fieldRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

// validateReview checks an imported review with the review package's own
// rules, and its history, which only a record carries whole; a record must
// not be able to put into the database what the TUI and the CLI would refuse,
// nor anything dated later than now.
func validateReview(r *review.Review, history []review.Event, now time.Time) error {
	where := "review " + truncate(r.ID, 40)
	if err := r.ValidateAsOf(now); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if len(history) > maxEvents {
		return fmt.Errorf("%s: %d history events; at most %d are allowed", where, len(history), maxEvents)
	}
	for i, e := range history {
		switch {
		case e.At.IsZero():
			return fmt.Errorf("%s: history event %d has no time", where, i+1)
		case e.At.After(now.Add(review.ClockSkew)):
			return fmt.Errorf("%s: history event %d is dated %s, later than now; a record cannot come from the future", where, i+1, e.At.UTC().Format("2006-01-02 15:04 UTC"))
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
