package store

import (
	"errors"
	"testing"
	"time"
)

// TestCloseDoesNotWaitForReads: Close returns while a List is still
// running (held inside its read transaction by a hook), the List then
// finishes normally, and operations after Close fail. Quitting a screen
// must not wait for a listing of 10,000 reviews.
func TestCloseDoesNotWaitForReads(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	inside, release := make(chan struct{}), make(chan struct{})
	s.inRead = func() {
		close(inside)
		<-release
	}
	listed := make(chan error, 1)
	go func() {
		list, err := s.List()
		if err == nil && len(list) != 1 {
			err = errors.New("the in-flight List lost its row")
		}
		listed <- err
	}()
	select { // the List holds the read lock and the file's
	case <-inside:
	case <-time.After(10 * time.Second):
		t.Fatal("the List never reached the hook")
	}

	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(2 * time.Second):
		close(release)
		t.Fatal("Close waited for the List in flight")
	}
	select {
	case err := <-listed:
		t.Fatalf("the List returned (%v) before it was released", err)
	default:
	}

	s.inRead = nil
	if _, err := s.Get(r.ID); !errors.Is(err, errClosed) {
		t.Errorf("Get after Close: %v, want the closed error", err)
	}
	close(release)
	if err := <-listed; err != nil {
		t.Errorf("the List in flight when Close came: %v, want it to finish", err)
	}
	if _, err := s.UpdateAnswer(r.ID, "owner", setStatus("pass", "")); !errors.Is(err, errClosed) {
		t.Errorf("UpdateAnswer after Close: %v, want the closed error", err)
	}
}
