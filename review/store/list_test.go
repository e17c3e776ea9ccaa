package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// ListNewest(n) is the start of List, with the count of every review,
// after changes that reorder the list.
func TestListNewestIsTheStartOfList(t *testing.T) {
	clock := newClock()
	s, _ := openTest(t, clock)
	var ids []string
	for i := range 30 {
		ids = append(ids, mustCreate(t, s, fmt.Sprintf("svc-%02d", i)).ID)
	}
	// Older reviews changed later come first.
	for _, i := range []int{3, 17, 0} {
		mustAnswer(t, s, ids[i], "owner", setStatus("pass", ""))
	}
	all, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 30 || all[0].ID != ids[0] || all[1].ID != ids[17] || all[2].ID != ids[3] {
		t.Fatalf("List is not newest first: %d rows, first %v", len(all), []string{all[0].Service, all[1].Service, all[2].Service})
	}
	for _, n := range []int{0, 1, 2, 7, 29, 30, 31, 500, -1} {
		got, total, err := s.ListNewest(n)
		if err != nil {
			t.Fatalf("ListNewest(%d): %v", n, err)
		}
		want := all[:min(max(n, 0), len(all))]
		if total != 30 || len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("ListNewest(%d) = %d rows of %d, want the first %d of List and 30", n, len(got), total, len(want))
		}
	}
}

// An empty database: nothing, and a count of zero.
func TestListNewestEmpty(t *testing.T) {
	s, _ := openTest(t, newClock())
	got, total, err := s.ListNewest(10)
	if err != nil || len(got) != 0 || total != 0 {
		t.Fatalf("ListNewest on an empty database = %d rows, %d, %v", len(got), total, err)
	}
}

// listNewest keeps List's order exactly, ties in the update time broken by
// id, whatever order the records come in, through the plain reads and
// through bbolt alike.
func TestListNewestOrderAndTies(t *testing.T) {
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var recs [][2][]byte
	for i := range 300 {
		// Few distinct times: many ties.
		at := base.Add(time.Duration(i%7) * time.Second).Add(time.Duration(i%3) * time.Nanosecond)
		rec := review.SummaryRecord{Summary: review.Summary{ID: fmt.Sprintf("r%04d", i), Service: "s", TemplateID: "t", UpdatedAt: at, CreatedAt: base}}
		recs = append(recs, [2][]byte{[]byte(rec.ID), encodeSummary(rec)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	forEach := func(fn func(k, v []byte) error) error {
		for _, r := range recs {
			if err := fn(r[0], r[1]); err != nil {
				return err
			}
		}
		return nil
	}
	now := base.Add(time.Hour)
	all, err := listSummaries(forEach, now, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(all, func(a, b review.Summary) int {
		if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	}) {
		t.Fatal("the whole list is not newest first, then by id")
	}
	for _, n := range []int{1, 5, 42, 299, 300} {
		got, total, err := listNewest(forEach, now, "", n)
		if err != nil || total != 300 || !reflect.DeepEqual(got, all[:n]) {
			t.Errorf("listNewest(%d): %d rows of %d (%v), not the start of the whole list", n, len(got), total, err)
		}
	}

	// The store's own listing agrees with it.
	clock := newClock()
	s, _ := openTest(t, clock)
	for i := range 12 {
		mustCreate(t, s, fmt.Sprintf("svc-%02d", i))
	}
	whole, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	newest, n, err := s.ListNewest(5)
	if err != nil || n != 12 || !reflect.DeepEqual(newest, whole[:5]) {
		t.Errorf("ListNewest(5) = %d rows of %d (%v), not the start of List", len(newest), n, err)
	}
}
