package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/templates"
)

// bigDB is a database of 10,000 reviews, built once per test process and
// shared by the benchmarks that read it (they never write to it).
var bigDB struct {
	once sync.Once
	dir  string
	path string
	err  error
}

const bigReviews = 10_000

// tenThousandReviews returns the path of the shared 10,000-review database.
// It is built with PutMany, a thousand reviews per transaction, which takes
// seconds instead of the minutes that 10,000 separately synced
// transactions would.
func tenThousandReviews(b *testing.B) string {
	b.Helper()
	bigDB.once.Do(func() {
		bigDB.dir, bigDB.err = os.MkdirTemp("", "prr-bench-")
		if bigDB.err != nil {
			return
		}
		bigDB.path = filepath.Join(bigDB.dir, "prr.db")
		clock := newClock()
		s, err := Open(bigDB.path, Options{Actor: "bench", Now: clock.Now})
		if err != nil {
			bigDB.err = err
			return
		}
		tmpl := testTemplate()
		for batch := 0; batch < bigReviews/1000 && bigDB.err == nil; batch++ {
			var records []Record
			for i := range 1000 {
				n := batch*1000 + i
				at := clock.Now()
				r, err := review.NewReview(review.NewID(), tmpl, testMeta(fmt.Sprintf("service-%05d", n)), at, "bench")
				if err != nil {
					bigDB.err = err
					return
				}
				slo := review.Answer{Status: review.Fail, Note: "no SLO yet",
					Actions: []review.Action{{Text: "define SLOs", Owner: "Kari", Due: "2026-06-01"}}}
				if n%3 == 0 {
					slo.Waiver = &review.Waiver{Reason: "launch first", AcceptedBy: "CTO", Expires: "2030-01-01"}
				}
				r.Answers["owner"] = review.Answer{Status: review.Pass, Note: "team " + strconv.Itoa(n)}
				r.Answers["slo"] = slo
				r.Answers["alerts"] = review.Answer{Status: review.Partial, Note: "business hours only"}
				var hist []review.Event
				for item, a := range r.Answers {
					hist = append(hist, review.DiffAnswer(item, review.Answer{}, a, at, "bench")...)
				}
				records = append(records, Record{Review: r, History: hist})
			}
			res, err := s.PutMany(records, false)
			if err == nil && res.Imported != len(records) {
				err = fmt.Errorf("imported %d of %d: %v", res.Imported, len(records), res.Failed)
			}
			bigDB.err = err
		}
	})
	if bigDB.err != nil {
		b.Fatal(bigDB.err)
	}
	return bigDB.path
}

// cleanupBenchData removes the shared database; TestMain calls it.
func cleanupBenchData() {
	if bigDB.dir != "" {
		_ = os.RemoveAll(bigDB.dir)
	}
}

// BenchmarkSetAnswer is one durable answer change: open, read the review,
// validate, write record, history and summary, commit (fdatasync), close.
func BenchmarkSetAnswer(b *testing.B) {
	s, _ := openTest(b, newClock())
	r, err := s.Create(testTemplate(), testMeta("payments"))
	if err != nil {
		b.Fatal(err)
	}
	items := []string{"owner", "oncall", "slo", "alerts", "dashboards"}
	i := 0
	for b.Loop() {
		i++
		if _, err := s.UpdateAnswer(r.ID, items[i%len(items)], setStatus(review.Pass, strconv.Itoa(i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSetAnswerStandard is BenchmarkSetAnswer on a realistic review:
// the built-in standard template (its snapshot is tens of kilobytes), every
// item answered with a note, a few waivers and two sign-offs.
func BenchmarkSetAnswerStandard(b *testing.B) {
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		b.Fatal(err)
	}
	e, ok := cat.Lookup("standard")
	if !ok {
		b.Fatal("no standard template")
	}
	s, _ := openTest(b, newClock())
	r, err := s.Create(*e.Template, testMeta("payments"))
	if err != nil {
		b.Fatal(err)
	}
	items := e.Template.Items()
	for i, it := range items {
		_, err := s.UpdateAnswer(r.ID, it.ID, func(a *review.Answer) error {
			a.Status, a.Note = review.Pass, fmt.Sprintf("Checked in the meeting with the team; see the runbook, section %d.", i)
			a.Evidence = []string{fmt.Sprintf("https://wiki.example.com/payments/%d", i)}
			if i%15 == 0 {
				a.Status = review.Fail
				a.Actions = []review.Action{{Text: "fix it", Owner: "Kari", Due: "2027-01-01"}}
				a.Waiver = &review.Waiver{Reason: "launch first", AcceptedBy: "CTO", Expires: review.Date(fmt.Sprintf("2027-0%d-01", 1+i%9))}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, p := range testMeta("payments").Participants {
		if _, err := s.SignOff(r.ID, p.Name, p.Role, review.Approve, ""); err != nil {
			b.Fatal(err)
		}
	}
	i := 0
	for b.Loop() {
		i++
		if _, err := s.UpdateAnswer(r.ID, items[1].ID, setStatus(review.Pass, strconv.Itoa(i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkList10000 lists 10,000 reviews from their summary records.
func BenchmarkList10000(b *testing.B) {
	path := tenThousandReviews(b)
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		list, err := s.List()
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != bigReviews {
			b.Fatalf("listed %d reviews", len(list))
		}
	}
}

// BenchmarkList10000ExpiredWaivers lists the same 10,000 reviews on a day
// when the waivers of a third of them have expired, which is when listing
// used to decode whole reviews to recompute their verdicts.
func BenchmarkList10000ExpiredWaivers(b *testing.B) {
	path := tenThousandReviews(b)
	later := time.Date(2031, 1, 1, 12, 0, 0, 0, time.UTC)
	s, err := Open(path, Options{ReadOnly: true, Now: func() time.Time { return later }})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		list, err := s.List()
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != bigReviews {
			b.Fatalf("listed %d reviews", len(list))
		}
	}
}

// BenchmarkOpen opens a database: lock, header check, bbolt's open and
// the schema check.
func BenchmarkOpen(b *testing.B) {
	b.Run("new-file", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			if _, err := Open(filepath.Join(dir, fmt.Sprintf("%d.db", i)), Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("10000-reviews", func(b *testing.B) {
		path := tenThousandReviews(b)
		for b.Loop() {
			if _, err := Open(path, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRevision is what a screen pays per poll for outside changes.
func BenchmarkRevision(b *testing.B) {
	path := tenThousandReviews(b)
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	list, _ := s.List()
	for b.Loop() {
		if _, err := s.Revision(list[0].ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGet reads one whole review out of 10,000.
func BenchmarkGet(b *testing.B) {
	path := tenThousandReviews(b)
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	list, _ := s.List()
	for b.Loop() {
		if _, err := s.Get(list[0].ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawBoltUpdate is the floor under BenchmarkSetAnswer: bbolt
// alone writing the same answer bytes to one key in a synced transaction,
// with the database kept open, and opened and closed around each write as
// the store does.
func BenchmarkRawBoltUpdate(b *testing.B) {
	value, _ := json.Marshal(review.Answer{Status: review.Pass, Note: "123", UpdatedAt: time.Now(), UpdatedBy: "bench"})
	put := func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			bk, err := tx.CreateBucketIfNotExists([]byte("answers"))
			if err != nil {
				return err
			}
			return bk.Put([]byte("owner"), value)
		})
	}
	b.Run("kept-open", func(b *testing.B) {
		db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		for b.Loop() {
			if err := put(db); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open-per-write", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "raw.db")
		for b.Loop() {
			db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
			if err != nil {
				b.Fatal(err)
			}
			if err := put(db); err != nil {
				b.Fatal(err)
			}
			if err := db.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRawBoltOpen is bbolt's own open and close of the same
// 10,000-review file, read-only, as the floor under BenchmarkOpen.
func BenchmarkRawBoltOpen(b *testing.B) {
	path := tenThousandReviews(b)
	for b.Loop() {
		db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
