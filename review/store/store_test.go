package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

func TestOpenCreatesFileAndFolderPrivately(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "prr")
	path := filepath.Join(dir, "prr.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("database mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", di.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the database (no temporary files left)", len(entries))
	}
	// Reopening an existing database does not change it.
	before := readFile(t, path)
	if _, err := Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	assertUnchanged(t, path, before)
	assertDoctorOK(t, s)
}

func TestOpenReadOnlyMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.db")
	_, err := Open(path, Options{ReadOnly: true})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want fs.ErrNotExist", err)
	}
	if _, statErr := os.Stat(path); !errors.Is(statErr, fs.ErrNotExist) {
		t.Error("a read-only open created the file")
	}
}

func TestOpenFolderIsNotADatabase(t *testing.T) {
	_, err := Open(t.TempDir(), Options{})
	if !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("err = %v, want ErrNotDatabase", err)
	}
}

func TestCreateAndGet(t *testing.T) {
	clock := newClock()
	s, _ := openTest(t, clock)
	r := mustCreate(t, s, "payments")
	if len(r.ID) != review.IDLength || !review.ValidIDPrefix(r.ID) {
		t.Fatalf("id %q is not a review id", r.ID)
	}
	if r.Service != "payments" || r.Template.ID != "test-prr" || r.CreatedBy != "tester" {
		t.Errorf("created review = %+v", r)
	}
	got, err := s.Get(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, r) {
		t.Errorf("Get differs from Create:\n got %+v\nwant %+v", got, r)
	}
	if got.Answers == nil {
		t.Error("Answers is nil, want an empty map")
	}
	evs, err := s.History(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Field != "created" || evs[0].Actor != "tester" || !strings.Contains(evs[0].New, "test-prr v3") {
		t.Errorf("history = %+v, want one created event by tester", evs)
	}
}

func TestCreateRejectsInvalidMeta(t *testing.T) {
	s, _ := openTest(t, newClock())
	if _, err := s.Create(testTemplate(), review.Meta{Service: "  "}); err == nil {
		t.Fatal("created a review without a service")
	}
	list, _ := s.List()
	if len(list) != 0 {
		t.Errorf("a failed create left %d reviews", len(list))
	}
}

func TestResolve(t *testing.T) {
	s, _ := openTest(t, newClock())
	for _, id := range []string{"abc00001", "abc00002", "xyz00000"} {
		r, _ := review.NewReview(id, testTemplate(), testMeta("svc-"+id), time.Now(), "importer")
		if err := s.Put(r, nil, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		in, want string
		err      error
	}{
		{"abc00001", "abc00001", nil},
		{"ABC00001", "abc00001", nil},
		{" xyz ", "xyz00000", nil},
		{"x", "xyz00000", nil},
		{"abc0", "", ErrAmbiguous},
		{"a", "", ErrAmbiguous},
		{"q", "", ErrNotFound},
		{"abc000011", "", ErrNotFound},
		{"", "", ErrNotFound},
		{"ab!", "", ErrNotFound},
		{"\x1b[31m", "", ErrNotFound},
	} {
		got, err := s.Resolve(tc.in)
		if got != tc.want || !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
			t.Errorf("Resolve(%q) = %q, %v; want %q, %v", tc.in, got, err, tc.want, tc.err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x1b\n") {
			t.Errorf("Resolve(%q): error message carries control characters: %q", tc.in, err)
		}
	}
	_, err := s.Resolve("abc")
	for _, want := range []string{"abc00001 (svc-abc00001)", "abc00002 (svc-abc00002)", "ambiguous"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ambiguous error %q does not mention %q", err, want)
		}
	}
	// Get, History and Delete accept prefixes too.
	if r, err := s.Get("xy"); err != nil || r.ID != "xyz00000" {
		t.Errorf("Get(prefix) = %v, %v", r, err)
	}
}

func TestUpdateAnswer(t *testing.T) {
	clock := newClock()
	s, _ := openTest(t, clock)
	r := mustCreate(t, s, "payments")
	rev0, _ := s.Revision(r.ID)

	a := mustAnswer(t, s, r.ID[:4], "slo", func(a *review.Answer) error {
		a.Status = review.Partial
		a.Note = "latency SLO only"
		a.Evidence = []string{"https://grafana.example.com/d/slo"}
		a.Actions = []review.Action{{Text: "add an availability SLO", Owner: "Kari", Due: "2026-04-01"}}
		return nil
	})
	if a.UpdatedBy != "tester" || a.UpdatedAt.IsZero() {
		t.Errorf("answer not stamped: %+v", a)
	}
	got, _ := s.Get(r.ID)
	if !reflect.DeepEqual(got.Answers["slo"], a) {
		t.Errorf("stored answer %+v, want %+v", got.Answers["slo"], a)
	}
	rev1, _ := s.Revision(r.ID)
	if rev1 <= rev0 {
		t.Errorf("revision did not move: %d -> %d", rev0, rev1)
	}
	evs, _ := s.History(r.ID)
	fields := map[string]review.Event{}
	for _, ev := range evs[1:] {
		fields[ev.Field] = ev
	}
	for _, f := range []string{"status", "note", "evidence", "actions"} {
		ev, ok := fields[f]
		if !ok || ev.Item != "slo" || ev.Actor != "tester" {
			t.Errorf("no %s event for slo by tester in %+v", f, evs)
		}
	}
	if fields["status"].Old != "unanswered" || fields["status"].New != "partial" {
		t.Errorf("status event = %+v", fields["status"])
	}

	// A change that changes nothing writes nothing.
	again := mustAnswer(t, s, r.ID, "slo", func(a *review.Answer) error { a.Note = "latency SLO only"; return nil })
	if !reflect.DeepEqual(again, a) {
		t.Errorf("no-op returned %+v, want the stored answer %+v", again, a)
	}
	if rev, _ := s.Revision(r.ID); rev != rev1 {
		t.Errorf("no-op change moved the revision %d -> %d", rev1, rev)
	}
	if evs2, _ := s.History(r.ID); len(evs2) != len(evs) {
		t.Errorf("no-op change added %d events", len(evs2)-len(evs))
	}

	// Resetting an answer to nothing removes it.
	mustAnswer(t, s, r.ID, "slo", func(a *review.Answer) error { *a = review.Answer{Status: review.Unanswered}; return nil })
	got, _ = s.Get(r.ID)
	if _, ok := got.Answers["slo"]; ok {
		t.Errorf("a reset answer is still stored: %+v", got.Answers["slo"])
	}
	assertDoctorOK(t, s)
}

func TestUpdateAnswerRefusals(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "team payments"))
	rev, _ := s.Revision(r.ID)

	if _, err := s.UpdateAnswer(r.ID, "no-such-item", setStatus(review.Pass, "")); !errors.Is(err, ErrUnknownItem) ||
		!strings.Contains(err.Error(), "no-such-item") {
		t.Errorf("unknown item: err = %v, want ErrUnknownItem naming the item", err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.NA, "")); err == nil || !strings.Contains(err.Error(), "n/a needs") {
		t.Errorf("n/a without a reason: err = %v, want the domain's validation error", err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus("maybe", "x")); err == nil {
		t.Error("accepted an unknown status")
	}
	boom := errors.New("user cancelled")
	if _, err := s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error { a.Note = "changed"; return boom }); !errors.Is(err, boom) {
		t.Errorf("fn error: err = %v, want it returned", err)
	}
	if _, err := s.UpdateAnswer("zzzzzzzz", "owner", setStatus(review.Pass, "")); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown review: err = %v, want ErrNotFound", err)
	}
	func() {
		defer func() {
			if recover() != "callback bug" {
				t.Error("a panic in fn was not re-raised to the caller")
			}
		}()
		_, _ = s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error { panic("callback bug") })
	}()
	got, _ := s.Get(r.ID)
	if got.Answers["owner"].Note != "team payments" || got.Answers["owner"].Status != review.Pass {
		t.Errorf("a refused change altered the answer: %+v", got.Answers["owner"])
	}
	if now, _ := s.Revision(r.ID); now != rev {
		t.Errorf("refused changes moved the revision %d -> %d", rev, now)
	}
	assertDoctorOK(t, s)
}

// TestConcurrentAnswersFromGoroutines has many goroutines answer different
// items of one review at once; every answer must survive.
func TestConcurrentAnswersFromGoroutines(t *testing.T) {
	s, _ := openTest(t, newClock())
	tmpl := manyItemTemplate(24)
	r, err := s.Create(tmpl, testMeta("busy"))
	if err != nil {
		t.Fatal(err)
	}
	const rounds = 5
	var wg sync.WaitGroup
	errs := make(chan error, 24*rounds)
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			item := fmt.Sprintf("item-%d", i)
			for round := range rounds {
				if _, err := s.UpdateAnswer(r.ID, item, setStatus(review.Pass, fmt.Sprintf("g%d-r%d", i, round))); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, _ := s.Get(r.ID)
	for i := range 24 {
		item := fmt.Sprintf("item-%d", i)
		if want := fmt.Sprintf("g%d-r%d", i, rounds-1); got.Answers[item].Note != want {
			t.Errorf("%s: note %q, want %q", item, got.Answers[item].Note, want)
		}
	}
	evs, _ := s.History(r.ID)
	if want := 1 + 24*(rounds+1); len(evs) != want { // created + per item: status once, note each round
		t.Errorf("%d history events, want %d", len(evs), want)
	}
	list, _ := s.List()
	if len(list) != 1 || list[0].Answered != 24 {
		t.Errorf("summary after concurrent answers = %+v", list)
	}
}

func TestUpdateMeta(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	err := s.UpdateMeta(r.ID, func(m *review.Meta) error {
		m.Service = "  payments-api "
		m.Participants = append(m.Participants, review.Participant{Name: "Siri", Role: "Security"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(r.ID)
	if got.Service != "payments-api" || len(got.Participants) != 3 || got.Participants[2].Role != "security" {
		t.Errorf("meta not normalised and stored: %+v", got.Meta())
	}
	evs, _ := s.History(r.ID)
	var fields []string
	for _, ev := range evs[1:] {
		fields = append(fields, ev.Field)
	}
	if !reflect.DeepEqual(fields, []string{"service", "participants"}) {
		t.Errorf("meta events %v, want service and participants", fields)
	}
	list, _ := s.List()
	if list[0].Service != "payments-api" {
		t.Errorf("summary still says %q", list[0].Service)
	}
	if err := s.UpdateMeta(r.ID, func(m *review.Meta) error { m.Service = ""; return nil }); err == nil {
		t.Error("accepted an empty service name")
	}
	rev, _ := s.Revision(r.ID)
	if err := s.UpdateMeta(r.ID, func(m *review.Meta) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if now, _ := s.Revision(r.ID); now != rev {
		t.Error("a no-op metadata change moved the revision")
	}
}

func TestSignOff(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	for _, item := range []string{"owner", "oncall", "slo", "alerts", "dashboards"} {
		mustAnswer(t, s, r.ID, item, setStatus(review.Pass, ""))
	}
	cur, _ := s.Get(r.ID)
	so, err := s.SignOff(r.ID, " Kari ", "Owner", review.Approve, "looks good")
	if err != nil {
		t.Fatal(err)
	}
	if so.Hash != review.ContentHash(cur) || so.Name != "Kari" || so.Role != "owner" {
		t.Errorf("sign-off = %+v, want the current content hash %s", so, review.ContentHash(cur))
	}
	if _, err := s.SignOff(r.ID, "Ola", "sre", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List()
	if list[0].State != review.SignedOff || list[0].Verdict != review.Ready {
		t.Errorf("summary = %s/%s, want signed-off/ready", list[0].State, list[0].Verdict)
	}
	evs, _ := s.History(r.ID)
	last := evs[len(evs)-1]
	if last.Field != "signoff" || !strings.Contains(last.New, "Ola (sre): approve") {
		t.Errorf("last event = %+v, want Ola's sign-off", last)
	}
	// A later change makes the sign-offs stale.
	mustAnswer(t, s, r.ID, "alerts", setStatus(review.Partial, "pages only by day"))
	list, _ = s.List()
	if list[0].State != review.InReview {
		t.Errorf("state after a change = %s, want in-review (stale sign-offs)", list[0].State)
	}
	if _, err := s.SignOff(r.ID, "", "sre", review.Approve, ""); err == nil {
		t.Error("accepted a sign-off without a name")
	}
	if _, err := s.SignOff(r.ID, "Ola", "sre", "sure", ""); err == nil {
		t.Error("accepted an unknown decision")
	}
	got, _ := s.Get(r.ID)
	if len(got.SignOffs) != 2 {
		t.Errorf("%d sign-offs stored, want 2", len(got.SignOffs))
	}
}

func TestDelete(t *testing.T) {
	s, _ := openTest(t, newClock())
	keep := mustCreate(t, s, "keep")
	gone := mustCreate(t, s, "gone")
	dbRev, _ := s.Revision("")
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Revision(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Revision after Delete: %v, want ErrNotFound", err)
	}
	if now, _ := s.Revision(""); now <= dbRev {
		t.Error("Delete did not move the database revision")
	}
	list, _ := s.List()
	if len(list) != 1 || list[0].ID != keep.ID {
		t.Errorf("List after Delete = %+v", list)
	}
	if err := s.Delete(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
	assertDoctorOK(t, s)
}

func TestPut(t *testing.T) {
	s, _ := openTest(t, newClock())
	src := mustCreate(t, s, "payments")
	mustAnswer(t, s, src.ID, "slo", setStatus(review.Fail, "none yet"))
	if _, err := s.SignOff(src.ID, "Kari", "owner", review.Reject, "no SLO"); err != nil {
		t.Fatal(err)
	}
	full, _ := s.Get(src.ID)
	hist, _ := s.History(src.ID)

	if err := s.Put(full, hist, false); !errors.Is(err, ErrExists) {
		t.Fatalf("Put over an existing review: %v, want ErrExists", err)
	}
	other, _ := openTest(t, newClock())
	if err := other.Put(full, hist, false); err != nil {
		t.Fatal(err)
	}
	got, _ := other.Get(src.ID)
	if !reflect.DeepEqual(got.Answers, full.Answers) || !reflect.DeepEqual(got.SignOffs, full.SignOffs) ||
		!reflect.DeepEqual(got.Template, full.Template) || got.Service != full.Service {
		t.Errorf("imported review differs:\n got %+v\nwant %+v", got, full)
	}
	if review.ContentHash(got) != review.ContentHash(full) {
		t.Error("import changed the content hash, so sign-offs would turn stale")
	}
	gotHist, _ := other.History(src.ID)
	if !reflect.DeepEqual(gotHist, hist) {
		t.Errorf("imported history differs: got %d events, want the %d exported", len(gotHist), len(hist))
	}
	if !got.UpdatedAt.Equal(full.UpdatedAt) {
		t.Errorf("import moved the update time: %v, want %v", got.UpdatedAt, full.UpdatedAt)
	}

	// Replace swaps the whole review and moves its revision forward.
	rev, _ := other.Revision(src.ID)
	changed := *full
	changed.Answers = map[string]review.Answer{"owner": {Status: review.Pass}}
	changed.SignOffs = nil
	changed.HistoryHead, changed.ChainStart = "", nil // a record without history
	if err := other.Put(&changed, nil, true); err != nil {
		t.Fatal(err)
	}
	got, _ = other.Get(src.ID)
	if len(got.Answers) != 1 || len(got.SignOffs) != 0 {
		t.Errorf("replace kept old data: %+v", got)
	}
	if now, _ := other.Revision(src.ID); now <= rev {
		t.Errorf("replace did not move the revision (%d -> %d)", rev, now)
	}

	bad := *full
	bad.Answers = map[string]review.Answer{"ghost": {Status: review.Pass}}
	if err := other.Put(&bad, nil, true); !errors.Is(err, ErrUnknownItem) {
		t.Errorf("answer to an unknown item: %v, want ErrUnknownItem", err)
	}
	bad = *full
	bad.ID = "NOT-AN-ID"
	if err := other.Put(&bad, nil, false); err == nil {
		t.Error("imported a review with an invalid id")
	}
	assertDoctorOK(t, other)
}

func TestListOrderAndSummary(t *testing.T) {
	clock := newClock()
	s, _ := openTest(t, clock)
	a := mustCreate(t, s, "a")
	b := mustCreate(t, s, "b")
	c := mustCreate(t, s, "c")
	mustAnswer(t, s, a.ID, "owner", setStatus(review.Pass, ""))
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, sum := range list {
		order = append(order, sum.ID)
	}
	if want := []string{a.ID, c.ID, b.ID}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v (newest update first)", order, want)
	}
	sa := list[0]
	full, _ := s.Get(a.ID)
	as := review.Assess(full, clock.Now())
	if sa.Answered != 1 || sa.Total != 5 || sa.Verdict != as.Verdict || sa.Blocking != len(as.Blocking) ||
		sa.Score != as.Score || sa.TemplateID != "test-prr" || sa.TemplateVersion != 3 || sa.State != review.InReview {
		t.Errorf("summary %+v does not match the assessment %+v", sa, as)
	}
	if !sa.UpdatedAt.Equal(full.UpdatedAt) || !sa.CreatedAt.Equal(full.CreatedAt) {
		t.Errorf("summary times %v/%v, review %v/%v", sa.CreatedAt, sa.UpdatedAt, full.CreatedAt, full.UpdatedAt)
	}
}

// TestListRecomputesAfterWaiverExpiry: a verdict that rested on a waiver
// must not survive the waiver's expiry in the list.
func TestListRecomputesAfterWaiverExpiry(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	r := mustCreate(t, s, "payments")
	for _, item := range []string{"owner", "oncall", "alerts", "dashboards"} {
		mustAnswer(t, s, r.ID, item, setStatus(review.Pass, ""))
	}
	mustAnswer(t, s, r.ID, "slo", func(a *review.Answer) error {
		a.Status = review.Fail
		a.Waiver = &review.Waiver{Reason: "launch first", AcceptedBy: "CTO", Expires: "2026-03-10"}
		return nil
	})
	list, _ := s.List()
	if list[0].Verdict != review.ReadyWithConditions || list[0].VerdictUntil != "2026-03-10" {
		t.Fatalf("with the waiver in force: %s until %q", list[0].Verdict, list[0].VerdictUntil)
	}
	clock.Set(time.Date(2026, 3, 10, 23, 0, 0, 0, time.UTC))
	if list, _ = s.List(); list[0].Verdict != review.ReadyWithConditions {
		t.Errorf("on the expiry day itself: %s, want the waiver still counted", list[0].Verdict)
	}
	clock.Set(time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC))
	before := readFile(t, path)
	list, _ = s.List()
	if list[0].Verdict != review.Blocked || list[0].Blocking != 1 {
		t.Errorf("after the waiver expired: %s with %d blocking, want blocked", list[0].Verdict, list[0].Blocking)
	}
	assertUnchanged(t, path, before) // List never writes
	assertDoctorOK(t, s)
}

func TestRevisionSeesOtherStores(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	other, err := Open(path, Options{Actor: "someone else"})
	if err != nil {
		t.Fatal(err)
	}
	rev, _ := s.Revision(r.ID)
	dbRev, _ := s.Revision("")
	mustAnswer(t, other, r.ID, "owner", setStatus(review.Pass, ""))
	if now, _ := s.Revision(r.ID); now <= rev {
		t.Error("a change through another store did not move the revision")
	}
	if now, _ := s.Revision(""); now <= dbRev {
		t.Error("a change through another store did not move the database revision")
	}
}

func TestReadOnlyStore(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	before := readFile(t, path)
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.Get(r.ID); err != nil {
		t.Errorf("read through a read-only store: %v", err)
	}
	if _, err := ro.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, "")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("write through a read-only store: %v, want ErrReadOnly", err)
	}
	if _, err := ro.Create(testTemplate(), testMeta("x")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("create through a read-only store: %v, want ErrReadOnly", err)
	}
	if err := ro.Delete(r.ID); !errors.Is(err, ErrReadOnly) {
		t.Errorf("delete through a read-only store: %v, want ErrReadOnly", err)
	}
	assertDoctorOK(t, ro)
	assertUnchanged(t, path, before)
}

func TestClosedStore(t *testing.T) {
	s, _ := openTest(t, newClock())
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(); err == nil {
		t.Error("List on a closed store succeeded")
	}
	if _, err := s.Create(testTemplate(), testMeta("x")); err == nil {
		t.Error("Create on a closed store succeeded")
	}
}

// TestVanishedFileIsNotRecreated: if the database is deleted while a
// store is open, a write must fail rather than create an empty database.
func TestVanishedFileIsNotRecreated(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, err := s.UpdateAnswer(r.ID, "owner", setStatus(review.Pass, ""))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write to a vanished database: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Error("the write recreated the database file")
	}
}

// TestGuardRecoversFaults checks the second line of defence: a read of
// unmapped memory (as bbolt would do on a damaged file) becomes ErrCorrupt,
// not a crash.
func TestGuardRecoversFaults(t *testing.T) {
	err := guard("x.db", "testing", func() error {
		var p *[1 << 20]byte
		_ = p[4096] // a nil pointer dereference at a non-zero offset
		return nil
	})
	if !errors.Is(err, ErrCorrupt) {
		t.Errorf("guard returned %v, want ErrCorrupt", err)
	}
	err = guard("x.db", "testing", func() error { panic("bbolt assertion failed") })
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "bbolt assertion failed") {
		t.Errorf("guard returned %v", err)
	}
}

// TestLayout pins the file layout described in layout.go.
func TestLayout(t *testing.T) {
	s, path := openTest(t, newClock())
	a := mustCreate(t, s, "payments")
	b := mustCreate(t, s, "checkout")
	mustAnswer(t, s, a.ID, "owner", setStatus(review.Pass, ""))
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bucketMeta).Get(keySchema)); v != "6" {
			t.Errorf("schema = %q, want 6", v)
		}
		tmpl := testTemplate()
		key := sha256.Sum256(review.NewHasher(&tmpl).TemplateJSON())
		if got := "sha256:" + hex.EncodeToString(key[:]); got != review.TemplateHash(&tmpl) {
			t.Errorf("the snapshot's key %s is not its review.TemplateHash", got)
		}
		if n := tx.Bucket(bucketTemplates).Stats().KeyN; n != 1 || tx.Bucket(bucketTemplates).Get(key[:]) == nil {
			t.Errorf("%d snapshots stored, want the one both reviews share", n)
		}
		if n, _ := decodeUint(tx.Bucket(bucketTemplateRefs).Get(key[:])); n != 2 {
			t.Errorf("the snapshot is counted as used %d times, want 2", n)
		}
		rb := tx.Bucket(bucketReviews).Bucket([]byte(a.ID))
		rev, got, err := recordInfo(rb.Get(keyRecord), a.ID)
		if err != nil || got != key || rev != tx.Bucket(bucketReviews).Sequence() {
			t.Errorf("record: revision %d (database %d), snapshot %x, %v", rev, tx.Bucket(bucketReviews).Sequence(), got[:4], err)
		}
		r, _, err := decodeRecord(rb.Get(keyRecord), a.ID)
		if err != nil || r.Answers["owner"].Status != review.Pass || len(r.Template.Sections) != 0 {
			t.Errorf("the record does not hold the answers, or holds the snapshot: %+v, %v", r, err)
		}
		if n := rb.Bucket(bucketHistory).Stats().KeyN; n != 2 {
			t.Errorf("%d history events, want created and status", n)
		}
		for _, id := range []string{a.ID, b.ID} {
			if tx.Bucket(bucketSummaries).Get([]byte(id)) == nil {
				t.Errorf("no summary record of %s", id)
			}
		}
		return nil
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	// The last review of a snapshot takes it along.
	for _, id := range []string{a.ID, b.ID} {
		if err := s.Delete(id); err != nil {
			t.Fatal(err)
		}
	}
	if n := countKeys(t, path, bucketTemplates) + countKeys(t, path, bucketTemplateRefs); n != 0 {
		t.Errorf("%d snapshot keys left after every review was deleted", n)
	}
}
