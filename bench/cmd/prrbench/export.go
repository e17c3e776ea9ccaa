package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/templates"
)

// exportBatch is how many exports one sample averages.
const exportBatch = 10

// measureExport times the Markdown record of a 1,000-item review
// (export.Markdown with the default layout) against json.Marshal of the same
// review, alternating the two.
func (s *suite) measureExport() []row {
	const metric = "export a 1,000-item review to Markdown (vs json.Marshal)"
	r, err := bigReview(1000)
	if err != nil {
		return []row{errRow(metric, err)}
	}
	md := func() error { return export.Markdown(io.Discard, r, export.Options{Version: "bench"}) }
	js := func() error { _, err := json.Marshal(r); return err }
	var mp, jp sample
	for i := -1; i < s.runs; i++ {
		a, err := timeBatch(exportBatch, md)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		b, err := timeBatch(exportBatch, js)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		if i >= 0 {
			mp, jp = append(mp, a.Seconds()), append(jp, b.Seconds())
		}
	}
	return []row{ratioRow(metric, mp, jp, dur, 3)}
}

// bigReview is a finished review of an n-item checklist: 20 items a
// section, guidance borrowed from the built-in standard checklist, every
// item answered by the same writer that fills the database, signed off by
// the owner, the SRE and security.
func bigReview(n int) (*review.Review, error) {
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		return nil, err
	}
	var source []review.Item
	for _, e := range cat.Entries {
		source = append(source, e.Template.Items()...)
	}
	t := review.Template{ID: "big", Version: 1, Title: "A very large checklist", SignoffRoles: []string{"owner", "sre", "security"}}
	for i := range n {
		if i%20 == 0 {
			t.Sections = append(t.Sections, review.Section{ID: fmt.Sprintf("area-%d", i/20), Title: fmt.Sprintf("Area %d", i/20+1)})
		}
		it := source[i%len(source)]
		it.ID = fmt.Sprintf("%s-%d", it.ID, i)
		sec := &t.Sections[len(t.Sections)-1]
		sec.Items = append(sec.Items, it)
	}
	w := newWriter(42)
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	meta := w.meta("payments-api")
	meta.Participants = []review.Participant{{Name: "Kari Nordmann", Role: "owner"}, {Name: "Ola Nordmann", Role: "sre"}, {Name: "Aisha Khan", Role: "security"}}
	r, err := review.NewReview("b1g0rev1", t, meta, at, actor)
	if err != nil {
		return nil, err
	}
	for _, it := range t.Items() {
		at = at.Add(15 * time.Second)
		a := w.answer(it, r.Service, at)
		a.UpdatedAt, a.UpdatedBy = at, actor
		r.Answers[it.ID] = a
	}
	for _, p := range meta.Participants {
		at = at.Add(time.Minute)
		d, comment := w.decision()
		so, err := review.NewSignOff(r, p.Name, p.Role, d, comment, at)
		if err != nil {
			return nil, err
		}
		r.SignOffs = append(r.SignOffs, so)
	}
	r.UpdatedAt = at
	return r, nil
}
