package export

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

// templateCellRE reads the details table's "Title (`id` vN)".
var templateCellRE = regexp.MustCompile(`^(.*)\((\S+) v(\d+)\)$`)

// build turns what was read into a review: the checklist found by find
// (or rebuilt from the record), the answers matched to its items by id,
// the sign-offs with their full hashes.
func (p *recordParser) build(find TemplateLookup, now time.Time) (*MarkdownRecord, error) {
	field := func(k string) string {
		if n := p.details[k]; n != nil {
			return review.CleanLine(p.cellText(n))
		}
		return ""
	}
	r := &review.Review{
		ID: field("review"), Service: field("service"), Team: field("team"), Owner: field("owner"),
		Participants: p.participants, Answers: map[string]review.Answer{},
	}
	var err error
	if r.CreatedAt, err = parseInstant("created", field("created")); err != nil {
		return nil, err
	}
	if r.UpdatedAt, err = parseInstant("last change", field("last change")); err != nil {
		return nil, err
	}
	m := templateCellRE.FindStringSubmatch(field("template"))
	if m == nil {
		return nil, errors.New("the record's details do not name its template as \"Title (id vN)\"")
	}
	version, _ := strconv.Atoi(m[3])
	id, snapshot := m[2], field("template snapshot")
	rec := &MarkdownRecord{Review: r, StatedHash: p.footerHash}
	var t *review.Template
	if find != nil && review.ValidHash(snapshot) {
		t, rec.TemplateSource = find(id, version, snapshot)
	}
	if t != nil && review.TemplateHash(t) == snapshot {
		r.Template = *t
	} else {
		rec.TemplateSource = ""
		r.Template = p.rebuiltTemplate(id, version, strings.TrimSpace(m[1]), field("sign-off roles"))
		rec.Missing = []string{"the guidance, references and tags of every item", "the descriptions of the checklist and its sections",
			"the sections' timeboxes, how long a signed-off review stays valid (valid_for) and which roles must sign with a key"}
	}
	p.answers(r)
	p.parkedInto(r)
	if err := p.signOffsInto(r); err != nil {
		return nil, err
	}
	if rec.TemplateSource != "" && p.footerHash != "" && review.ContentHash(r) != p.footerHash {
		// Changed by hand after prr wrote it: the change is made now, as
		// it is imported, and the sign-offs given before it are stale.
		rec.Edited = true
		r.UpdatedAt = now.UTC().Truncate(time.Second)
	}
	rec.Notes = p.notes
	if err := validateReview(r, nil, now); err != nil {
		return nil, err
	}
	return rec, nil
}

// parseInstant reads a time the record writes to the second, in UTC.
func parseInstant(name, s string) (time.Time, error) {
	t, err := time.Parse(instantLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("the record's %q is not a time like 2026-01-12 09:00:00 UTC", name)
	}
	return t.UTC(), nil
}

// rebuiltTemplate is the checklist as far as the record shows it.
func (p *recordParser) rebuiltTemplate(id string, version int, title, roles string) review.Template {
	t := review.Template{ID: id, Version: version, Title: title}
	if roles != "" {
		for _, r := range strings.Split(roles, ",") {
			t.SignoffRoles = append(t.SignoffRoles, strings.TrimSpace(r))
		}
	}
	for _, s := range p.sections {
		sec := review.Section{ID: s.id, Title: review.CleanLine(s.title)}
		for _, it := range s.items {
			sec.Items = append(sec.Items, review.Item{ID: it.id, Title: review.CleanLine(it.title), Required: it.required, Level: it.level})
		}
		t.Sections = append(t.Sections, sec)
	}
	return t
}

// answers files each item's answer under its id, skipping the items the
// checklist does not have and the answers that say nothing.
func (p *recordParser) answers(r *review.Review) {
	known := map[string]bool{}
	for _, s := range r.Template.Sections {
		for _, it := range s.Items {
			known[it.ID] = true
		}
	}
	for _, s := range p.sections {
		for _, it := range s.items {
			switch {
			case !known[it.id]:
				p.notes = append(p.notes, fmt.Sprintf("item %s (id %s) is not in the checklist; its answer was skipped", it.number, truncate(it.id, 40)))
			case it.answer.IsZero():
			default:
				if it.answer.Status == "" {
					it.answer.Status = review.Unanswered
				}
				r.Answers[it.id] = it.answer
			}
		}
	}
}

// signOffsInto adds the sign-offs read. A hash shown short is the content
// hash the footer states in full.
func (p *recordParser) signOffsInto(r *review.Review) error {
	for i, s := range p.signOffs {
		at, err := time.Parse("2006-01-02 15:04", s.date)
		if err != nil {
			return fmt.Errorf("sign-off %d: its date %q is not like 2026-03-14 10:05", i+1, truncate(s.date, 40))
		}
		hash := s.hash
		if !review.ValidHash(hash) && hash != "" && strings.HasPrefix(p.footerHash, hash) {
			hash = p.footerHash
		}
		d, err := review.ParseDecision(s.decision)
		if err != nil {
			return fmt.Errorf("sign-off %d: %w", i+1, err)
		}
		r.SignOffs = append(r.SignOffs, review.SignOff{
			Name: review.CleanLine(s.name), Role: review.CleanLine(s.role), Decision: d,
			Comment: review.CleanLine(s.comment), At: at.UTC(), Hash: hash,
		})
	}
	return nil
}
