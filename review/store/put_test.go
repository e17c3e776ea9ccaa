package store

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// importable makes a record of a review with an answer and its history.
func importable(t *testing.T, id, service string) Record {
	t.Helper()
	at := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	r, err := review.NewReview(id, testTemplate(), testMeta(service), at, "importer")
	if err != nil {
		t.Fatal(err)
	}
	r.Answers["owner"] = review.Answer{Status: review.Pass, Note: "from " + service}
	hist := review.DiffAnswer("owner", review.Answer{}, r.Answers["owner"], at, "importer")
	return Record{Review: r, History: hist}
}

func TestPutMany(t *testing.T) {
	s, _ := openTest(t, newClock())
	existing := importable(t, "abcd0001", "existing")
	if err := s.Put(existing.Review, existing.History, false); err != nil {
		t.Fatal(err)
	}
	bad := importable(t, "abcd0003", "bad")
	bad.Review.Answers["slo"] = review.Answer{Status: review.NA} // n/a without a reason
	ghost := importable(t, "abcd0004", "ghost")
	ghost.Review.Answers["ghost"] = review.Answer{Status: review.Pass}
	batch := []Record{
		importable(t, "abcd0002", "new"),
		importable(t, "abcd0001", "existing, again"),
		bad,
		importable(t, "abcd0002", "new, twice in the batch"),
		ghost,
		{Review: nil},
		importable(t, "abcd0005", "last"),
	}
	res, err := s.PutMany(batch, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || res.Skipped != 2 || len(res.Failed) != 3 {
		t.Fatalf("result %+v, want 2 imported, 2 skipped, 3 failed", res)
	}
	for i, want := range []int{2, 4, 5} {
		if res.Failed[i].Index != want {
			t.Errorf("failure %d is record %d, want %d: %v", i, res.Failed[i].Index, want, res.Failed[i])
		}
	}
	if !errors.Is(res.Failed[1], ErrUnknownItem) {
		t.Errorf("the answer to an unknown item: %v, want ErrUnknownItem", res.Failed[1])
	}
	for id, service := range map[string]string{"abcd0001": "existing", "abcd0002": "new", "abcd0005": "last"} {
		got, err := s.Get(id)
		if err != nil || got.Service != service {
			t.Errorf("%s: %v, %+v", id, err, got)
		}
	}
	if _, err := s.Get("abcd0003"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the refused record was stored: %v", err)
	}

	// With replace, later records win, in order.
	res, err = s.PutMany([]Record{importable(t, "abcd0001", "replaced"), importable(t, "abcd0001", "replaced twice")}, true)
	if err != nil || res.Imported != 2 {
		t.Fatalf("replace: %+v, %v", res, err)
	}
	if got, _ := s.Get("abcd0001"); got.Service != "replaced twice" {
		t.Errorf("after replace: %q", got.Service)
	}
	if hist, _ := s.History("abcd0001"); len(hist) != 2 {
		t.Errorf("a replaced review keeps the imported history only: %d events", len(hist))
	}
	assertDoctorOK(t, s)
}

// TestPutManyIsWholeOrNothing: a batch that cannot be written leaves
// nothing of it behind.
func TestPutManyIsWholeOrNothing(t *testing.T) {
	s, path := openTest(t, newClock())
	before := readFile(t, path)
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var batch []Record
	for i := range 20 {
		batch = append(batch, importable(t, fmt.Sprintf("abcd%04d", i), "svc"))
	}
	if res, err := ro.PutMany(batch, false); !errors.Is(err, ErrReadOnly) || res.Imported != 0 {
		t.Errorf("a batch that cannot be written: %+v, %v", res, err)
	}
	assertUnchanged(t, path, before)
	// A snapshot checked once is not checked again, but every answer is.
	batch[7].Review.Answers["slo"] = review.Answer{Status: "maybe"}
	res, err := s.PutMany(batch, false)
	if err != nil || res.Imported != 19 || len(res.Failed) != 1 || res.Failed[0].Index != 7 {
		t.Errorf("%+v, %v; want 19 imported and record 7 refused", res, err)
	}
}
