package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
)

// bytesReviews is how many reviews the file-bytes figure divides by.
const bytesReviews = 10

// bytesGoal is the most a fully answered standard review may add to the
// file.
const bytesGoal = 48 << 10

// measureFileBytes answers bytesReviews reviews of the standard checklist
// completely — every item with a status, a note and at least one evidence
// link, action items and waivers where the writer gives them, one write
// per item as prr answer makes it, then the sign-offs — in a new database,
// after one review that is not counted (so that whatever the store keeps
// once per database is not counted either). It divides the growth of the
// file's used size (bbolt's high-water mark: every page up to the last one
// in use, free ones between included) by bytesReviews. The floor is the
// review's own data as compact JSON — metadata, answers, sign-offs and
// history, with the checklist named but not copied, since a database
// can keep each version of a checklist once: what there is to store.
func (s *suite) measureFileBytes() []row {
	const metric = "file bytes per fully answered standard review (floor: its own data as JSON, checklist not copied)"
	perReview, record, err := s.fileBytes()
	if err != nil {
		return []row{errRow(metric, err)}
	}
	r := absRow(metric, sample{perReview}, sample{record}, kb, bytesGoal)
	r.prr = fmt.Sprintf("%s (mean of %d)", kb(perReview), bytesReviews)
	r.floor = kb(record)
	rows := []row{r}
	for _, d := range s.dbs {
		rows = append(rows, row{metric: fmt.Sprintf("  file size per review of the generated %s-review database (info)", count(d.size)),
			prr: kb(float64(d.man.Bytes) / float64(d.man.Reviews)), floor: "—", ratio: "—", goal: "—"})
	}
	return rows
}

func (s *suite) fileBytes() (perReview, record float64, err error) {
	dir := filepath.Join(s.work, "bytes")
	if err := os.RemoveAll(dir); err != nil {
		return 0, 0, err
	}
	path := filepath.Join(dir, "prr.db")
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		return 0, 0, err
	}
	e, ok := cat.Lookup("standard")
	if !ok {
		return 0, 0, fmt.Errorf("no standard checklist among the built-in ones")
	}
	clock := time.Now().Add(-24 * time.Hour)
	st, err := store.Open(path, store.Options{Actor: actor, Now: func() time.Time { return clock }})
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	if _, err := fullReview(st, e.Template, 0, &clock); err != nil {
		return 0, 0, err
	}
	before, err := highWater(path)
	if err != nil {
		return 0, 0, err
	}
	var last string
	for i := range bytesReviews {
		if last, err = fullReview(st, e.Template, i+1, &clock); err != nil {
			return 0, 0, err
		}
	}
	after, err := highWater(path)
	if err != nil {
		return 0, 0, err
	}
	r, err := st.Get(last)
	if err != nil {
		return 0, 0, err
	}
	hist, err := st.History(last)
	if err != nil {
		return 0, 0, err
	}
	own := *r
	own.Template = review.Template{ID: r.Template.ID, Version: r.Template.Version}
	data, err := json.Marshal(struct {
		Review  review.Review  `json:"review"`
		History []review.Event `json:"history"`
	}{own, hist})
	if err != nil {
		return 0, 0, err
	}
	return float64(after-before) / bytesReviews, float64(len(data)), os.RemoveAll(dir)
}

// fullReview holds a meeting on t that answers every item with a note and
// evidence, and signs it off. It returns the review's id.
func fullReview(st *store.Store, t *review.Template, seed int, clock *time.Time) (string, error) {
	w := newWriter(uint64(seed) + 1<<42)
	service := serviceName(w, seed)
	meta := w.meta(service)
	r, err := st.Create(*t, meta)
	if err != nil {
		return "", err
	}
	for _, it := range t.Items() {
		*clock = clock.Add(time.Duration(20+w.rng.IntN(70)) * time.Second)
		a := w.answer(it, service, *clock)
		if a.Note == "" {
			a.Note = pick(w, notes)
		}
		if len(a.Evidence) == 0 {
			a.Evidence = []string{fmt.Sprintf(pick(w, evidenceLinks), service)}
		}
		if _, err := st.UpdateAnswer(r.ID, it.ID, func(x *review.Answer) error { *x = a; return nil }); err != nil {
			return r.ID, err
		}
	}
	for _, p := range signers(t, meta) {
		*clock = clock.Add(time.Minute)
		d, comment := w.decision()
		if _, err := st.SignOff(r.ID, p.Name, p.Role, d, comment); err != nil {
			return r.ID, err
		}
	}
	return r.ID, nil
}

// highWater is the used size of the database file: bbolt's page count
// times its page size. (A read-only open shares the lock that the store
// keeps for a moment after a write.)
func highWater(path string) (int64, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: store.DefaultLockTimeout})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var size int64
	err = db.View(func(tx *bolt.Tx) error { size = tx.Size(); return nil })
	return size, err
}

// kb prints bytes as kilobytes (1,024 bytes).
func kb(b float64) string { return sig(b/1024) + " KB" }
