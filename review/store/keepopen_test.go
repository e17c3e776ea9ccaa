package store

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

// TestKeepOpen: a store that keeps the database open works as any other,
// from many goroutines at once; other stores (and processes) wait for its
// lock and give up with ErrLocked; Close lets them in.
func TestKeepOpen(t *testing.T) {
	_, path := openTest(t, newClock())
	kept, err := Open(path, Options{Actor: "server", KeepOpen: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r, err := kept.Create(manyItemTemplate(16), testMeta("served"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			item := fmt.Sprintf("item-%d", i)
			if _, err := kept.UpdateAnswer(r.ID, item, setStatus(review.Pass, item)); err != nil {
				t.Error(err)
			}
			if _, err := kept.Get(r.ID); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if list, err := kept.List(); err != nil || list[0].Answered != 16 {
		t.Errorf("after concurrent answers: %+v, %v", list, err)
	}

	start := time.Now()
	if _, err := Open(path, Options{ReadOnly: true, LockTimeout: 200 * time.Millisecond}); !errors.Is(err, ErrLocked) {
		t.Errorf("another store while one keeps it open: %v, want ErrLocked", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("gave up after %s", took)
	}
	assertDoctorOK(t, kept)
	if err := kept.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := kept.Get(r.ID); !errors.Is(err, errClosed) {
		t.Errorf("Get after Close: %v", err)
	}
	other, err := Open(path, Options{ReadOnly: true, LockTimeout: time.Second})
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	if got, err := other.Get(r.ID); err != nil || len(got.Answers) != 16 {
		t.Errorf("another store reads %v, %v", got, err)
	}
}

// TestAs: views of one kept store under other names share the handle and
// put their own name on their changes, and the store's own name is kept.
func TestAs(t *testing.T) {
	_, path := openTest(t, newClock())
	kept, err := Open(path, Options{Actor: "server", KeepOpen: true})
	if err != nil {
		t.Fatal(err)
	}
	defer kept.Close()
	r, err := kept.Create(manyItemTemplate(2), testMeta("served"))
	if err != nil {
		t.Fatal(err)
	}
	alice, bob := kept.As("alice"), kept.As("bob")
	if _, err := alice.UpdateAnswer(r.ID, "item-0", setStatus(review.Pass, "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.UpdateAnswer(r.ID, "item-1", setStatus(review.Fail, "b")); err != nil {
		t.Fatal(err)
	}
	got, hist, err := kept.GetWithHistory(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := got.Answer("item-0"), got.Answer("item-1"); a.UpdatedBy != "alice" || b.UpdatedBy != "bob" {
		t.Errorf("answers by %q and %q, want alice and bob", a.UpdatedBy, b.UpdatedBy)
	}
	actors := map[string]bool{}
	for _, ev := range hist {
		actors[ev.Actor] = true
	}
	if !actors["server"] || !actors["alice"] || !actors["bob"] {
		t.Errorf("history actors %v, want server (created), alice and bob", actors)
	}
	if kept.As("").actor != "unknown" {
		t.Error("an empty name is not recorded as unknown")
	}
}
