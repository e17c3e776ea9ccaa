package store

import (
	"path/filepath"
	"testing"

	"github.com/prr-dev/prr/review/storetest"
)

// The store keeps the contract the TUI relies on; the TUI's in-memory fake
// runs the same suite (tui/contract_test.go).
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock *storetest.Clock) storetest.Store {
		s, err := Open(filepath.Join(t.TempDir(), "prr.db"), Options{Now: clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
