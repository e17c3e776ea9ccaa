package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/prr-dev/prr/review/sshsign"
)

// DiffReview lists what changed between two versions of one review, as
// audit events stamped with at and actor: the metadata (DiffMeta), every
// answer (DiffAnswer, by item id), the sign-offs given or withdrawn, and any
// other field of the review by its JSON name, with its old and new JSON as
// the text. A store records these for any change, so a field the domain
// adds later (attendance, a parking lot, ...) is audited without a rule of
// its own here. The template snapshot never changes (ValidateChange), and
// the update time is the store's.
func DiffReview(old, new *Review, at time.Time, actor string) []Event {
	evs := DiffMeta(old.Meta(), new.Meta(), at, actor)
	ids := slices.Sorted(maps.Keys(old.Answers))
	for id := range new.Answers {
		if _, ok := old.Answers[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		evs = append(evs, DiffAnswer(id, old.Answer(id), new.Answer(id), at, actor)...)
	}
	same := commonPrefix(old.SignOffs, new.SignOffs)
	for _, s := range old.SignOffs[same:] {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "signoff", Old: describeSignOff(s)})
	}
	for _, s := range new.SignOffs[same:] {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "signoff", New: describeSignOff(s)})
	}
	evs = append(evs, DiffMeeting(&old.Meeting, &new.Meeting, at, actor)...)
	if was, is := templateName(&old.Template), templateName(&new.Template); was != is {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "template", Old: was, New: is})
	}
	if o := describeOrigin(new.Origin); o != describeOrigin(old.Origin) {
		evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: "origin", Old: describeOrigin(old.Origin), New: o})
	}
	evs = append(evs, DiffAssessments(old.Assessments, new.Assessments, at, actor)...)
	return append(evs, diffOtherFields(old, new, at, actor)...)
}

// templateName names a snapshot in the history: "standard v3".
func templateName(t *Template) string { return fmt.Sprintf("%s v%d", t.ID, t.Version) }

// describeOrigin is the audit text of a review's origin: "carried over
// from review k3x9p2aa; template v1 → v2: 1 new, 2 changed, 1 removed".
func describeOrigin(o *Origin) string {
	if o == nil {
		return ""
	}
	var text string
	if o.From != "" {
		text = "carried over from review " + o.From + "; "
	}
	c := o.Template
	return text + fmt.Sprintf("template v%d → v%d: %d new, %d changed, %d removed", c.FromVersion, c.ToVersion, len(c.New), len(c.Changed), len(c.Removed))
}

// describeSignOff is the audit text of a sign-off: who, in which role,
// decided what, about which content.
func describeSignOff(s SignOff) string {
	who := s.Name
	if s.Role != "" {
		who += " (" + s.Role + ")"
	}
	hash := strings.TrimPrefix(s.Hash, "sha256:")
	text := fmt.Sprintf("%s: %s, content %s", who, s.Decision, hash[:min(12, len(hash))])
	if s.Signature != "" {
		if sig, err := sshsign.Parse([]byte(s.Signature)); err == nil {
			text += ", signed with " + sig.Fingerprint()
		} else {
			text += ", signed"
		}
	}
	if s.KeyFingerprint != "" {
		text += ", key " + s.KeyFingerprint
	}
	if s.Comment != "" {
		text += "; " + s.Comment
	}
	return text
}

func commonPrefix(a, b []SignOff) int {
	n := 0
	for n < len(a) && n < len(b) && signOffEqual(a[n], b[n]) {
		n++
	}
	return n
}

func signOffEqual(a, b SignOff) bool {
	return a.Name == b.Name && a.Role == b.Role && a.Decision == b.Decision && a.Comment == b.Comment && a.At.Equal(b.At) && a.Hash == b.Hash &&
		a.Service == b.Service && a.History == b.History && a.Signature == b.Signature && a.KeyFingerprint == b.KeyFingerprint
}

// diffOtherFields compares the fields DiffReview has no rule for, by their
// JSON encoding: everything but the ones blanked here.
func diffOtherFields(old, new *Review, at time.Time, actor string) []Event {
	return diffJSONFields(otherFields(old), otherFields(new), at, actor)
}

// diffJSONFields makes an event of each field in which two JSON objects
// differ, with the field's old and new JSON as the text.
func diffJSONFields(a, b []byte, at time.Time, actor string) []Event {
	if bytes.Equal(a, b) {
		return nil
	}
	var ma, mb map[string]json.RawMessage
	if json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return nil // encoding/json reads what it wrote
	}
	keys := slices.Sorted(maps.Keys(mb))
	for k := range ma {
		if _, ok := mb[k]; !ok {
			keys = append(keys, k)
		}
	}
	var evs []Event
	for _, k := range keys {
		if !bytes.Equal(ma[k], mb[k]) {
			evs = append(evs, Event{At: at.UTC(), Actor: actor, Field: k, Old: string(ma[k]), New: string(mb[k])})
		}
	}
	return evs
}

// otherFields is the JSON of r without the fields DiffReview compares by
// their own rules, or that never change.
func otherFields(r *Review) []byte {
	c := *r
	c.ID, c.Template, c.Answers, c.SignOffs, c.Meeting, c.Origin = "", Template{}, nil, nil, Meeting{}, nil
	c.SetMeta(Meta{})
	c.CreatedAt, c.UpdatedAt, c.CreatedBy = time.Time{}, time.Time{}, ""
	c.HistoryHead, c.ChainStart = "", nil // the store's, never a change
	c.Assessments = nil                   // DiffAssessments
	b, err := json.Marshal(&c)
	if err != nil {
		return nil
	}
	return b
}

// ErrFixed is a change to what a review keeps from its start: its id, its
// template snapshot, who created it and when.
var ErrFixed = errors.New("cannot be changed")

// ValidateChange checks a change to a stored review with the rules Validate
// applies to a whole one, but only where something changed: a change to
// one answer does not check the template snapshot or the other answers
// again. What a review keeps from its start (id, template snapshot,
// creation) must not change at all (ErrFixed). new's metadata must be
// normalised. A rule for a field the domain adds later belongs here too.
func ValidateChange(old, new *Review) error { return validateChange(old, new, false) }

// validateChange is ValidateChange; whole says that new arrives whole
// (ValidateWithKnownTemplate), so its sign-offs were given to histories
// other than the one it ends with.
func validateChange(old, new *Review, whole bool) error {
	switch {
	case new.ID != old.ID:
		return fmt.Errorf("review %s: the id %w", old.ID, ErrFixed)
	case !new.CreatedAt.Equal(old.CreatedAt) || new.CreatedBy != old.CreatedBy:
		return fmt.Errorf("review %s: when and by whom it was created %w", old.ID, ErrFixed)
	case !sameTemplate(&old.Template, &new.Template):
		return fmt.Errorf("review %s: the template snapshot %w; start a new review to use another template", old.ID, ErrFixed)
	case new.HistoryHead != old.HistoryHead || !reflect.DeepEqual(new.ChainStart, old.ChainStart):
		return fmt.Errorf("review %s: its history chain %w but by recording history", old.ID, ErrFixed)
	case !reflect.DeepEqual(old.Origin, new.Origin):
		return fmt.Errorf("review %s: where its answers came from %w", old.ID, ErrFixed)
	}
	if m := new.Meta(); !reflect.DeepEqual(m, old.Meta()) {
		if err := m.Validate(); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(new.Answers)) {
		a := new.Answers[id]
		if len(DiffAnswer(id, old.Answer(id), a, time.Time{}, "")) == 0 {
			continue
		}
		it, _, ok := new.Template.Find(id)
		if !ok {
			return fmt.Errorf("review %s has no item %q (its template is %s v%d): %w", new.ID, truncate(id, 60), new.Template.ID, new.Template.Version, ErrUnknownItem)
		}
		if a.Status == "" {
			a.Status = Unanswered
		}
		if err := a.Validate(it); err != nil {
			return err
		}
	}
	if err := validateAssessmentsChange(old, new); err != nil {
		return err
	}
	if len(new.SignOffs) > MaxSignOffs {
		return fmt.Errorf("%d sign-offs; at most %d are allowed", len(new.SignOffs), MaxSignOffs)
	}
	if !reflect.DeepEqual(old.Meeting, new.Meeting) {
		if err := new.Meeting.validate(&new.Template); err != nil {
			return err
		}
	}
	same := commonPrefix(old.SignOffs, new.SignOffs)
	for i, s := range new.SignOffs[same:] {
		if err := s.Validate(); err != nil {
			return err
		}
		if !ValidHash(s.Hash) || s.At.IsZero() {
			return fmt.Errorf("sign-off %d (%s) has no time or no content hash", same+i+1, truncate(s.Name, 40))
		}
		if !whole && old.HistoryHead != "" && len(old.SignOffs) <= same+i && s.History != old.HistoryHead {
			return fmt.Errorf("sign-off %d (%s) names a history head that is not the review's (%s): it was made for the review as it was before another change; sign again", same+i+1, truncate(s.Name, 40), short(old.HistoryHead))
		}
		if s.Signature != "" {
			if c := CheckSignature(new, s, nil); c.State == SignatureInvalid {
				return fmt.Errorf("sign-off %d (%s): the signature is invalid: %s", same+i+1, truncate(s.Name, 40), c.Reason)
			}
		}
	}
	return nil
}

// sameTemplate reports whether two snapshots are equal, at once when they
// share their sections (a store hands the same snapshot to both sides).
func sameTemplate(a, b *Template) bool {
	if a.ID != b.ID || a.Version != b.Version || a.Title != b.Title || len(a.Sections) != len(b.Sections) {
		return false
	}
	if len(a.Sections) > 0 && &a.Sections[0] == &b.Sections[0] && a.Description == b.Description && a.Assessments == b.Assessments &&
		slices.Equal(a.SignoffRoles, b.SignoffRoles) {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// ValidateWithKnownTemplate is Validate for a review whose template
// snapshot already passed Template.Validate: an import of many reviews of
// one checklist checks the snapshot, by far the costliest part, once.
func ValidateWithKnownTemplate(r *Review) error {
	// What Validate checks before the snapshot, in the same words.
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
	if r.Origin != nil {
		if err := r.Origin.Validate(); err != nil {
			return err
		}
	}
	// And after it, every answer and sign-off: all of them are new.
	blank := &Review{ID: r.ID, Template: r.Template, CreatedAt: r.CreatedAt, CreatedBy: r.CreatedBy, HistoryHead: r.HistoryHead, ChainStart: r.ChainStart, Origin: r.Origin}
	blank.SetMeta(r.Meta())
	return validateChange(blank, r, true)
}
