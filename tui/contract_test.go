package tui

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review/storetest"
)

// The contract the real store keeps, and its fake here: the same methods,
// the same suite.
var (
	_ storetest.Store = Store(nil)
	_ Store           = storetest.Store(nil)
)

func TestFakeStoreKeepsTheContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, clock *storetest.Clock) storetest.Store {
		return newFakeStoreOn(clock)
	})
}

// The TUI reads and writes through the Store interface only: it does not
// link the database library, which the store package keeps to itself.
func TestTUIDoesNotLinkBbolt(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list is not available here: %v", err)
	}
	deps := strings.Fields(string(out))
	if !slices.Contains(deps, "github.com/prr-dev/prr/review") {
		t.Fatalf("go list -deps did not list package review: this test tests nothing\n%s", out)
	}
	for _, d := range deps {
		if strings.Contains(d, "bbolt") || strings.HasSuffix(d, "/review/store") {
			t.Fatalf("package tui depends on %s", d)
		}
	}
}
