package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// testClock is a clock that moves one second per reading, so that every
// change gets a distinct, predictable time.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// testTemplate is a small checklist with required and optional items.
func testTemplate() review.Template {
	return review.Template{
		ID: "test-prr", Version: 3, Title: "Test readiness",
		SignoffRoles: []string{"owner", "sre"},
		Sections: []review.Section{
			{ID: "ownership", Title: "Ownership", Items: []review.Item{
				{ID: "owner", Title: "An owning team is named", Required: true},
				{ID: "oncall", Title: "There is an on-call rotation", Required: true},
			}},
			{ID: "observability", Title: "Observability", Items: []review.Item{
				{ID: "slo", Title: "SLOs are defined", Required: true, Level: 1},
				{ID: "alerts", Title: "Alerts page a human", Level: 2},
				{ID: "dashboards", Title: "Dashboards exist", Level: 3},
			}},
		},
	}
}

// manyItemTemplate has n optional items named item-0 ... item-(n-1).
func manyItemTemplate(n int) review.Template {
	t := review.Template{ID: "many", Version: 1, Title: "Many items"}
	sec := review.Section{ID: "all", Title: "All"}
	for i := range n {
		sec.Items = append(sec.Items, review.Item{ID: fmt.Sprintf("item-%d", i), Title: fmt.Sprintf("Item %d", i)})
	}
	t.Sections = []review.Section{sec}
	return t
}

func testMeta(service string) review.Meta {
	return review.Meta{Service: service, Team: "platform", Owner: "Kari",
		Participants: []review.Participant{{Name: "Kari", Role: "owner"}, {Name: "Ola", Role: "sre"}}}
}

// openTest opens a new database in a fresh folder.
func openTest(t testing.TB, clock *testClock) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "prr.db")
	s, err := Open(path, Options{Actor: "tester", Now: clock.Now, LockTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s, path
}

func mustCreate(t testing.TB, s *Store, service string) *review.Review {
	t.Helper()
	r, err := s.Create(testTemplate(), testMeta(service))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return r
}

func setStatus(st review.Status, note string) func(a *review.Answer) error {
	return func(a *review.Answer) error {
		a.Status, a.Note = st, note
		return nil
	}
}

func mustAnswer(t testing.TB, s *Store, id, item string, fn func(a *review.Answer) error) review.Answer {
	t.Helper()
	a, err := s.UpdateAnswer(id, item, fn)
	if err != nil {
		t.Fatalf("UpdateAnswer(%s, %s): %v", id, item, err)
	}
	return a
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// assertUnchanged fails if the file at path no longer holds want.
func assertUnchanged(t testing.TB, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read back %s: %v", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s was modified (%d bytes before, %d after)", path, len(want), len(got))
	}
}

// assertDoctorOK runs Doctor and fails on any finding.
func assertDoctorOK(t testing.TB, s *Store) Report {
	t.Helper()
	rep, err := s.Doctor()
	if err != nil {
		t.Fatalf("Doctor: %v", err)
	}
	if !rep.OK {
		t.Fatalf("Doctor found problems:\n%s", rep)
	}
	return rep
}
