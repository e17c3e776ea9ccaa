package boltpage

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestBboltVersionIsTheOneChecked fails when the module requires another
// bbolt than the one whose format this package follows. Compare the new
// release's internal/common (page.go, meta.go) and cursor.go with what is
// written here, then update BboltVersion.
func TestBboltVersionIsTheOneChecked(t *testing.T) {
	got := ""
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "go.etcd.io/bbolt" {
				got = d.Version
			}
		}
	}
	if got == "" {
		got = versionInGoMod(t)
	}
	if got != BboltVersion {
		t.Fatalf("go.mod requires go.etcd.io/bbolt %s, but boltpage follows the file format and cursor of %s", got, BboltVersion)
	}
}

// versionInGoMod reads the bbolt requirement from the module's go.mod,
// found by walking up from this package.
func versionInGoMod(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				fields := strings.Fields(sc.Text())
				for i, w := range fields {
					if w == "go.etcd.io/bbolt" && i+1 < len(fields) {
						return fields[i+1]
					}
				}
			}
			t.Fatalf("%s does not require go.etcd.io/bbolt", f.Name())
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package")
		}
		dir = parent
	}
}
