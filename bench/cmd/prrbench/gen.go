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

// topService is the service of the newest review: the first row of the home
// screen, which the first-frame benchmark waits for. It has no character
// twice in a row, so no terminal renderer can draw it with a repeat sequence.
const topService = "ledger-sync-api"

// manifest is what generation leaves next to the database for the
// measurements: what to look for, and how long making it took.
type manifest struct {
	Reviews    int           `json:"reviews"`
	Schema     int           `json:"schema"` // the store's layout it was made in
	Live       int           `json:"live"`
	TopService string        `json:"top_service"`
	TopID      string        `json:"top_id"` // the newest review, the one on top of the list
	Bulk       time.Duration `json:"bulk"`
	LiveTime   time.Duration `json:"live_time"`
	LiveCalls  int           `json:"live_calls"`
	Bytes      int64         `json:"bytes"`
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

// generate fills a new database at path with n reviews, through the
// store's public API only. The store has no batch call, so the older
// n-live reviews are written the way prr import writes them (Store.Put: one
// synced transaction per review, with answers, sign-offs and history), and
// the newest live ones the way the TUI does (Create, one UpdateAnswer per
// item, one SignOff per role: one synced transaction per call).
func generate(path string, n, live int) (manifest, error) {
	m := manifest{Reviews: n, Schema: store.SchemaVersion(), Live: min(live, n), TopService: topService}
	if _, err := os.Stat(path); err == nil {
		return m, fmt.Errorf("%s exists; generation wants a new file", path)
	}
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		return m, err
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
	m.Bulk = time.Since(t0)

	t0 = time.Now()
	for i := n - m.Live; i < n; i++ {
		clock = start.Add(time.Duration(i) * step)
		service := serviceName(newWriter(uint64(i)), i)
		if i == n-1 {
			service = topService
		}
		id, calls, err := liveReview(st, newWriter(uint64(i)), cat, service, &clock)
		m.TopID = id
		m.LiveCalls += calls
		if err != nil {
			return m, fmt.Errorf("review %d: %w", i, err)
		}
	}
	m.LiveTime = time.Since(t0)
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
	byID := map[string]*review.Template{}
	for _, e := range cat.Entries {
		byID[e.Template.ID] = e.Template
	}
	weights := []struct {
		id string
		w  int
	}{{"standard", 40}, {"nais", 20}, {"ops-checklist", 15}, {"essentials", 15}, {"framework", 10}}
	p := w.rng.IntN(100)
	for _, x := range weights {
		if p < x.w {
			if t, ok := byID[x.id]; ok {
				return t
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
