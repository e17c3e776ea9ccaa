package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// Run runs the contract against stores made by open: a new, empty store
// for every test, reading the clock it is given.
func Run(t *testing.T, open func(t *testing.T, clock *Clock) Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s Store, c *Clock)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"ListNewestFirst", testListOrder},
		{"ListSummarisesWithTheDomain", testListSummaries},
		{"ListNewest", testListNewest},
		{"UpdateAnswer", testUpdateAnswer},
		{"UpdateAnswerRefused", testUpdateRefused},
		{"Revisions", testRevisions},
		{"Delete", testDelete},
		{"SignOff", testSignOff},
		{"SignedSignOff", testSignedSignOff},
		{"Copies", testCopies},
		{"UpdateTheMeeting", testUpdateMeeting},
		{"CreateWithCarriesOver", testCreateWith},
		{"ListRenewal", testListRenewal},
		{"UpdateWhole", testUpdateWhole},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClock(Start)
			tt.run(t, open(t, c), c)
		})
	}
}

var meta = review.Meta{Service: "  payments-api ", Team: "payments", Owner: "Kari Nordmann",
	Participants: []review.Participant{{Name: "Kari Nordmann", Role: "Owner"}, {Name: "Ola", Role: "sre"}}}

func create(t *testing.T, s Store, service string) *review.Review {
	t.Helper()
	m := meta
	m.Service = service
	r, err := s.Create(Template(), m)
	if err != nil {
		t.Fatalf("create %s: %v", service, err)
	}
	return r
}

func get(t *testing.T, s Store, id string) *review.Review {
	t.Helper()
	r, err := s.Get(id)
	if err != nil {
		t.Fatalf("get %s: %v", id, err)
	}
	return r
}

func list(t *testing.T, s Store) []review.Summary {
	t.Helper()
	l, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func revision(t *testing.T, s Store, id string) uint64 {
	t.Helper()
	rev, err := s.Revision(id)
	if err != nil {
		t.Fatalf("revision %q: %v", id, err)
	}
	return rev
}

func update(t *testing.T, s Store, id, item string, es ...review.AnswerEdit) review.Answer {
	t.Helper()
	a, err := s.UpdateAnswer(id, item, review.Edits(es).Apply)
	if err != nil {
		t.Fatalf("answer %s: %v", item, err)
	}
	return a
}

func ids(ss []review.Summary) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}

func testCreateAndGet(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "  payments-api ")
	if !review.ValidIDPrefix(r.ID) || len(r.ID) != review.IDLength {
		t.Fatalf("id %q is not a review id", r.ID)
	}
	want, err := review.NewReview(r.ID, Template(), meta, c.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Meta(), want.Meta()) {
		t.Fatalf("meta %+v, want it normalised: %+v", r.Meta(), want.Meta())
	}
	if review.ContentHash(r) != review.ContentHash(want) {
		t.Fatal("the created review's content (template, meta, answers) is not what was asked for")
	}
	if !r.CreatedAt.Equal(c.Now()) || !r.UpdatedAt.Equal(c.Now()) {
		t.Fatalf("created %v, updated %v; the clock says %v", r.CreatedAt, r.UpdatedAt, c.Now())
	}
	for _, name := range []string{r.ID, r.ID[:4], strings.ToUpper(r.ID)} {
		got := get(t, s, name)
		if got.ID != r.ID || review.ContentHash(got) != review.ContentHash(r) || !got.CreatedAt.Equal(r.CreatedAt) {
			t.Fatalf("Get(%q) is not the review created", name)
		}
	}
	if _, err := s.Get("nosuch00"); err == nil {
		t.Fatal("Get of an unknown id succeeded")
	}
	if _, err := s.Create(Template(), review.Meta{Service: "  "}); err == nil {
		t.Fatal("a review without a service was created")
	}
	if n := len(list(t, s)); n != 1 {
		t.Fatalf("%d reviews listed after one was created and one refused", n)
	}
}

func testListOrder(t *testing.T, s Store, c *Clock) {
	a := create(t, s, "alpha")
	c.Advance(time.Minute)
	b := create(t, s, "bravo")
	c.Advance(time.Minute)
	cc := create(t, s, "charlie")
	if got, want := ids(list(t, s)), []string{cc.ID, b.ID, a.ID}; !slices.Equal(got, want) {
		t.Fatalf("listed %v, want the newest first %v", got, want)
	}
	c.Advance(time.Minute)
	update(t, s, a.ID, "owner", review.SetStatus(review.Pass))
	if got, want := ids(list(t, s)), []string{a.ID, cc.ID, b.ID}; !slices.Equal(got, want) {
		t.Fatalf("listed %v, want the last changed first %v", got, want)
	}
	// Reviews changed at the same moment: by id.
	c.Advance(time.Minute)
	create(t, s, "delta")
	create(t, s, "echo")
	create(t, s, "foxtrot")
	l := list(t, s)
	if !slices.IsSortedFunc(l, review.NewestFirst) {
		t.Fatalf("the list is not in the domain's order: %v", ids(l))
	}
}

func testListSummaries(t *testing.T, s Store, c *Clock) {
	create(t, s, "untouched")
	r := create(t, s, "waived")
	update(t, s, r.ID, "owner", review.SetStatus(review.Pass))
	update(t, s, r.ID, "oncall", review.SetStatus(review.Fail),
		review.Waive(review.Waiver{Reason: "internal launch", AcceptedBy: "CTO", Expires: "2026-03-04"}),
		review.AddAction(review.Action{Text: "Grow the rota", Due: "2026-03-03"}))
	if _, err := s.SignOff(r.ID, "Kari Nordmann", "owner", review.Approve, ""); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, got := range list(t, s) {
			rec := review.Summarize(get(t, s, got.ID), nil, c.Now())
			if want := rec.At(c.Now(), ""); !reflect.DeepEqual(normal(got), normal(want)) {
				t.Fatalf("%s, the summary of %s is\n%+v\nthe domain's is\n%+v", when, got.Service, got, want)
			}
		}
	}
	check("before the waiver expires")
	c.Advance(3 * 24 * time.Hour)
	check("after the waiver expired")
	for _, sum := range list(t, s) {
		if sum.ID == r.ID && sum.Verdict != review.Blocked {
			t.Fatalf("the review is %s after its waiver expired: this test tests nothing", sum.Verdict)
		}
	}
}

func testListNewest(t *testing.T, s Store, c *Clock) {
	for i := range 4 {
		create(t, s, fmt.Sprintf("svc-%d", i))
		c.Advance(time.Second)
	}
	all := list(t, s)
	for _, n := range []int{0, 1, 3, 4, 10} {
		got, total, err := s.ListNewest(n)
		if err != nil {
			t.Fatal(err)
		}
		if want := all[:min(n, len(all))]; !slices.Equal(ids(got), ids(want)) || total != len(all) {
			t.Fatalf("ListNewest(%d) = %v of %d, want %v of %d", n, ids(got), total, ids(want), len(all))
		}
	}
}

func testUpdateAnswer(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "svc")
	c.Advance(time.Minute)
	var seen review.Answer
	got, err := s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error {
		seen = a.Clone()
		return review.Edits{review.SetStatus(review.Pass), review.SetNote("Team A"), review.AddEvidence("https://e.example")}.Apply(a)
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen.Status != review.Unanswered && seen.Status != "" || seen.Note != "" {
		t.Fatalf("the change was given %+v for an item never answered", seen)
	}
	if got.Status != review.Pass || got.Note != "Team A" || !slices.Equal(got.Evidence, []string{"https://e.example"}) || !got.UpdatedAt.Equal(c.Now()) {
		t.Fatalf("returned %+v, stamped %v; the clock says %v", got, got.UpdatedAt, c.Now())
	}
	stored := get(t, s, r.ID)
	if a := stored.Answer("owner"); a.Status != review.Pass || a.Note != "Team A" || !a.UpdatedAt.Equal(c.Now()) {
		t.Fatalf("stored %+v", a)
	}
	if !stored.UpdatedAt.Equal(c.Now()) {
		t.Fatalf("the review's update time is %v, want %v", stored.UpdatedAt, c.Now())
	}
	// The change sees the answer as stored.
	update(t, s, r.ID, "owner", review.AddEvidence("https://f.example"))
	if ev := get(t, s, r.ID).Answer("owner").Evidence; !slices.Equal(ev, []string{"https://e.example", "https://f.example"}) {
		t.Fatalf("evidence %v", ev)
	}
	// An answer back to nothing at all is not kept: the review reads as new.
	update(t, s, r.ID, "oncall", review.SetStatus(review.Fail))
	update(t, s, r.ID, "oncall", review.SetStatus(review.Unanswered))
	if _, ok := get(t, s, r.ID).Answers["oncall"]; ok {
		t.Fatal("an answer changed back to nothing is still stored")
	}
}

func testUpdateRefused(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "svc")
	update(t, s, r.ID, "owner", review.SetStatus(review.Fail))
	before := get(t, s, r.ID)
	rev, dbRev := revision(t, s, r.ID), revision(t, s, "")
	c.Advance(time.Minute)
	unchanged := func(what string) {
		t.Helper()
		after := get(t, s, r.ID)
		if review.ContentHash(after) != review.ContentHash(before) || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Fatalf("%s changed the review", what)
		}
		if revision(t, s, r.ID) != rev || revision(t, s, "") != dbRev {
			t.Fatalf("%s moved a revision", what)
		}
	}
	boom := errors.New("boom")
	if _, err := s.UpdateAnswer(r.ID, "owner", func(a *review.Answer) error { a.Note = "half"; return boom }); !errors.Is(err, boom) {
		t.Fatalf("the change's error came back as %v", err)
	}
	unchanged("a change that failed")
	if _, err := s.UpdateAnswer(r.ID, "owner", review.Edits{review.SetStatus(review.NA)}.Apply); err == nil {
		t.Fatal("n/a without a reason was stored")
	}
	unchanged("an invalid answer")
	same, err := s.UpdateAnswer(r.ID, "owner", review.SetStatus(review.Fail).Apply)
	if err != nil || same.Status != review.Fail {
		t.Fatalf("a change that changes nothing: %+v, %v", same, err)
	}
	unchanged("a change that changes nothing")
	if _, err := s.UpdateAnswer(r.ID, "no-such-item", review.SetStatus(review.Pass).Apply); err == nil {
		t.Fatal("an answer to an item the checklist does not have was stored")
	}
	if _, err := s.UpdateAnswer("nosuch00", "owner", review.SetStatus(review.Pass).Apply); err == nil {
		t.Fatal("an answer to an unknown review was stored")
	}
	unchanged("an unknown item or review")
}

func testRevisions(t *testing.T, s Store, c *Clock) {
	db0 := revision(t, s, "")
	a := create(t, s, "alpha")
	b := create(t, s, "bravo")
	db1 := revision(t, s, "")
	if db1 == db0 {
		t.Fatal("creating reviews did not move the database's revision")
	}
	ra, rb := revision(t, s, a.ID), revision(t, s, b.ID)
	if again := revision(t, s, a.ID); again != ra {
		t.Fatal("the revision moved without a change")
	}
	update(t, s, a.ID, "owner", review.SetStatus(review.Pass))
	if revision(t, s, a.ID) == ra || revision(t, s, "") == db1 {
		t.Fatal("an answer did not move the revisions")
	}
	if revision(t, s, b.ID) != rb {
		t.Fatal("an answer to one review moved another's revision")
	}
	if _, err := s.Revision("nosuch00"); err == nil {
		t.Fatal("an unknown review has a revision")
	}
}

func testDelete(t *testing.T, s Store, c *Clock) {
	keep := create(t, s, "keep")
	gone := create(t, s, "gone")
	db := revision(t, s, "")
	if err := s.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(gone.ID); err == nil {
		t.Fatal("a deleted review can still be read")
	}
	if got := ids(list(t, s)); !slices.Equal(got, []string{keep.ID}) {
		t.Fatalf("listed %v after the delete", got)
	}
	if revision(t, s, "") == db {
		t.Fatal("a delete did not move the database's revision")
	}
	if err := s.Delete(gone.ID); err == nil {
		t.Fatal("deleting a deleted review succeeded")
	}
}

func testSignOff(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "svc")
	update(t, s, r.ID, "owner", review.SetStatus(review.Pass))
	c.Advance(time.Minute)
	rev := revision(t, s, r.ID)
	so, err := s.SignOff(r.ID, "Kari Nordmann", "owner", review.ApproveWithConditions, "runbook first")
	if err != nil {
		t.Fatal(err)
	}
	stored := get(t, s, r.ID)
	if so.Hash != review.ContentHash(stored) || !so.At.Equal(c.Now()) || so.Name != "Kari Nordmann" ||
		so.Role != "owner" || so.Decision != review.ApproveWithConditions || so.Comment != "runbook first" {
		t.Fatalf("sign-off %+v; the content hash is %s, the clock says %v", so, review.ContentHash(stored), c.Now())
	}
	if n := len(stored.SignOffs); n != 1 || stored.SignOffs[0].Hash != so.Hash || !stored.SignOffs[0].At.Equal(so.At) {
		t.Fatalf("stored sign-offs %+v", stored.SignOffs)
	}
	if revision(t, s, r.ID) == rev || !stored.UpdatedAt.Equal(c.Now()) {
		t.Fatal("a sign-off did not count as a change of the review")
	}
	if st := review.SignOffState(stored); st.Current != 1 || st.Stale != 0 {
		t.Fatalf("state %+v", st)
	}
	update(t, s, r.ID, "oncall", review.SetStatus(review.Pass))
	if st := review.SignOffState(get(t, s, r.ID)); st.Stale != 1 {
		t.Fatalf("after a change the sign-off is not stale: %+v", st)
	}
	for _, bad := range []struct{ name, decision string }{{"", "approve"}, {"Ola", "maybe"}} {
		if _, err := s.SignOff(r.ID, bad.name, "", review.Decision(bad.decision), ""); err == nil {
			t.Fatalf("a sign-off by %q deciding %q was recorded", bad.name, bad.decision)
		}
	}
	if _, err := s.SignOff("nosuch00", "Ola", "", review.Approve, ""); err == nil {
		t.Fatal("a sign-off of an unknown review was recorded")
	}
	if n := len(get(t, s, r.ID).SignOffs); n != 1 {
		t.Fatalf("%d sign-offs stored after refused ones", n)
	}
}

func testCopies(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "svc")
	update(t, s, r.ID, "owner", review.SetStatus(review.Fail), review.AddAction(review.Action{Text: "fix it"}),
		review.Waive(review.Waiver{Reason: "r", AcceptedBy: "b", Expires: "2030-01-01"}))
	hash := review.ContentHash(get(t, s, r.ID))

	got := get(t, s, r.ID)
	got.Service = "changed"
	a := got.Answers["owner"]
	a.Actions[0].Text = "changed"
	a.Waiver.Reason = "changed"
	got.Answers["backups"] = review.Answer{Status: review.Pass}
	got.Template.Sections[0].Items[0].Title = "changed"
	if review.ContentHash(get(t, s, r.ID)) != hash {
		t.Fatal("changing a review Get returned changed the store")
	}
	var kept *review.Answer
	update(t, s, r.ID, "oncall", review.SetStatus(review.Pass))
	if _, err := s.UpdateAnswer(r.ID, "backups", func(a *review.Answer) error { kept = a; a.Status = review.Pass; return nil }); err != nil {
		t.Fatal(err)
	}
	before := review.ContentHash(get(t, s, r.ID))
	kept.Status = review.Fail
	if review.ContentHash(get(t, s, r.ID)) != before {
		t.Fatal("the answer handed to a change is the store's own")
	}
}
