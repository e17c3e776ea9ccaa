package review

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"
)

// loadSoon runs LoadCatalog and fails the test if it blocks: a FIFO in the
// templates folder used to hang prr in open(2).
func loadSoon(t *testing.T, builtin fs.FS, dir string) (*Catalog, error) {
	t.Helper()
	type result struct {
		c   *Catalog
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := LoadCatalog(builtin, dir)
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		return r.c, r.err
	case <-time.After(30 * time.Second):
		t.Fatal("LoadCatalog blocked")
		return nil, nil
	}
}

func TestCatalogSkipsWhatIsNotARegularFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "good.yaml"), []byte(goodTemplate), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	big, err := os.Create(filepath.Join(dir, "huge.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(50 << 20); err != nil {
		t.Fatal(err)
	}
	big.Close()
	c, err := loadSoon(t, fstest.MapFS{}, dir)
	if c == nil || len(c.Entries) != 1 || c.Entries[0].Template.ID != "payments-prr" {
		t.Fatalf("catalog = %+v, want the good template only", c)
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	for _, want := range []string{
		filepath.Join(dir, "fifo.yaml") + ": is a named pipe (FIFO), not a regular file",
		filepath.Join(dir, "huge.yaml") + ": the file is 50 MiB, more than the limit of 4 MiB for a template",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors = %q\nwant a line %q", msg, want)
		}
	}
	if _, err := LoadTemplateFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	// The folder itself a FIFO: said plainly.
	c, err = loadSoon(t, fstest.MapFS{}, filepath.Join(dir, "fifo.yaml"))
	if c == nil || len(c.Entries) != 0 || err == nil || !strings.Contains(err.Error(), "fifo.yaml is not a folder") {
		t.Errorf("a FIFO as the templates folder: %v", err)
	}
}

// TestCatalogDefault: the form and prr new start on the same checklist,
// which need not be the first in the catalog's order.
func TestCatalogDefault(t *testing.T) {
	tmpl := func(id string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("id: " + id + "\nversion: 1\ntitle: T\nsections:\n  - id: s\n    title: S\n    items:\n      - id: a\n        title: A\n")}
	}
	c, err := LoadCatalog(fstest.MapFS{"a.yaml": tmpl("alpha"), "s.yaml": tmpl(DefaultTemplate)}, "")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := c.Default(); !ok || e.Template.ID != DefaultTemplate {
		t.Errorf("Default = %q, %v; want %q", e.Template.ID, ok, DefaultTemplate)
	}
	c, err = LoadCatalog(fstest.MapFS{"a.yaml": tmpl("alpha")}, "")
	if err != nil {
		t.Fatal(err)
	}
	if e, ok := c.Default(); !ok || e.Template.ID != "alpha" {
		t.Errorf("without %q, Default = %q, %v; want the first", DefaultTemplate, e.Template.ID, ok)
	}
	if _, ok := (&Catalog{}).Default(); ok {
		t.Error("an empty catalog has a default")
	}
}
