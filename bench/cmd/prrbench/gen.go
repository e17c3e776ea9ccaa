package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
)

// generatorVersion changes whenever gen makes different databases, so that
// cached ones are made again (as they are when the store's schema changes).
const generatorVersion = 2

// recordService is the service of the record review: a finished review of
// the standard checklist with the same content in every generated
// database, which prr show and prr export are timed on.
const recordService = "ledger-sync-api"

// recordSeed makes the record review's content.
const recordSeed = 1 << 40

// manifest is what generation leaves next to the database.
type manifest struct {
	Reviews   int           `json:"reviews"`
	Schema    int           `json:"schema"`    // the store's layout it was made in
	Generator int           `json:"generator"` // generatorVersion
	Live      int           `json:"live"`
	RecordID  string        `json:"record_id"`
	Bytes     int64         `json:"bytes"`
	Took      time.Duration `json:"took"`
}

func manifestPath(db string) string { return db + ".manifest.json" }

func loadManifest(db string) (manifest, error) {
	var m manifest
	data, err := os.ReadFile(manifestPath(db))
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(data, &m)
}

// reusable reports whether db was generated with n reviews by this
// generator in the store's current layout. One made in an older layout
// would be migrated on first open, inside a measurement, and would not be
// what this prr writes.
func reusable(db string, n int) bool {
	m, err := loadManifest(db)
	if err != nil || m.Reviews != n || m.Schema != store.SchemaVersion() || m.Generator != generatorVersion {
		return false
	}
	_, err = os.Stat(db)
	return err == nil
}

// generate fills a new database at path with n reviews, through the
// store's public API only, as teams would have left them over two years.
// The store has no batch call, so the older n-live reviews are written the
// way prr import writes them (Store.Put: one synced transaction per review,
// with answers, sign-offs and history), and the newest live ones the way a
// meeting does (Create, one UpdateAnswer per item, one SignOff per role:
// one synced transaction each). The newest is the record review.
func generate(path string, n, live int) (manifest, error) {
	m := manifest{Reviews: n, Schema: store.SchemaVersion(), Generator: generatorVersion, Live: min(max(live, 1), n)}
	if _, err := os.Stat(path); err == nil {
		return m, fmt.Errorf("%s exists; generation wants a new file", path)
	}
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		return m, err
	}
	standard, ok := cat.Lookup("standard")
	if !ok {
		return m, fmt.Errorf("no standard checklist among the built-in ones")
	}
	// Two years of reviews, the newest two hours old. The store's clock is
	// set before each review, so every record carries its own dates.
	end := time.Now().Add(-2 * time.Hour)
	start := end.AddDate(-2, 0, 0)
	step := end.Sub(start) / time.Duration(n)
	clock := start
	st, err := store.Open(path, store.Options{Actor: actor, Now: func() time.Time { return clock }})
	if err != nil {
		return m, err
	}
	defer st.Close()

	t0 := time.Now()
	for i := range n - m.Live {
		clock = start.Add(time.Duration(i) * step)
		r, hist, err := bulkReview(newWriter(uint64(i)), cat, i, n, clock)
		if err != nil {
			return m, err
		}
		clock = r.UpdatedAt
		if err := st.Put(r, hist, false); err != nil {
			return m, fmt.Errorf("review %d: %w", i, err)
		}
	}
	for i := n - m.Live; i < n; i++ {
		clock = start.Add(time.Duration(i) * step)
		w, t, service := newWriter(uint64(i)), chooseTemplate(newWriter(uint64(i)), cat), serviceName(newWriter(uint64(i)), i)
		if i == n-1 {
			w, t, service = newWriter(recordSeed), standard.Template, recordService
		}
		id, err := liveReview(st, w, t, service, &clock)
		if err != nil {
			return m, fmt.Errorf("review %d: %w", i, err)
		}
		m.RecordID = id
	}
	m.Took = time.Since(t0)
	if err := st.Close(); err != nil {
		return m, err
	}
	if fi, err := os.Stat(path); err == nil {
		m.Bytes = fi.Size()
	}
	data, _ := json.MarshalIndent(m, "", "  ")
	return m, os.WriteFile(manifestPath(path), data, 0o600)
}

func serviceName(w *writer, i int) string {
	return fmt.Sprintf("%s-%s-%d", pick(w, serviceWords), pick(w, serviceKinds), i)
}

// chooseTemplate picks a built-in checklist, the big standard one most often.
func chooseTemplate(w *writer, cat *review.Catalog) *review.Template {
	weights := []struct {
		id string
		w  int
	}{{"standard", 40}, {"nais", 20}, {"ops-checklist", 15}, {"essentials", 15}, {"framework", 10}}
	p := w.rng.IntN(100)
	for _, x := range weights {
		if p < x.w {
			if e, ok := cat.Lookup(x.id); ok {
				return e.Template
			}
			break
		}
		p -= x.w
	}
	return cat.Entries[w.rng.IntN(len(cat.Entries))].Template
}

// signers are the participants who sign a finished review: one per role the
// template names, or the owner and the SRE.
func signers(t *review.Template, m review.Meta) []review.Participant {
	roles := t.SignoffRoles
	if len(roles) == 0 {
		roles = []string{"owner", "sre"}
	}
	var out []review.Participant
	for _, role := range roles {
		for _, p := range m.Participants {
			if p.Role == role {
				out = append(out, p)
				break
			}
		}
	}
	return out
}
