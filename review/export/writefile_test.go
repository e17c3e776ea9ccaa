package export

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review/userfile"
)

func TestWriteFileAtomicNewAndRegular(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "new.md")
	if exists, err := CheckTarget(fresh); exists || err != nil {
		t.Fatalf("CheckTarget(new) = %v, %v", exists, err)
	}
	if err := WriteFileAtomic(fresh, []byte("one")); err != nil {
		t.Fatal(err)
	}
	wantFile(t, fresh, "one", 0o644)

	// An existing file keeps its mode: a private record stays private.
	private := filepath.Join(dir, "private.md")
	if err := os.WriteFile(private, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if exists, err := CheckTarget(private); !exists || err != nil {
		t.Fatalf("CheckTarget(existing) = %v, %v", exists, err)
	}
	if err := WriteFileAtomic(private, []byte("new")); err != nil {
		t.Fatal(err)
	}
	wantFile(t, private, "new", 0o600)

	// Through a symbolic link the file it names is replaced; the link stays.
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink("private.md", link); err != nil {
		t.Fatal(err)
	}
	if exists, err := CheckTarget(link); !exists || err != nil {
		t.Fatalf("CheckTarget(link) = %v, %v", exists, err)
	}
	if err := WriteFileAtomic(link, []byte("via link")); err != nil {
		t.Fatal(err)
	}
	wantLink(t, link)
	wantFile(t, private, "via link", 0o600)
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func wantFile(t *testing.T, path, content string, mode fs.FileMode) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != content {
		t.Fatalf("%s holds %q, %v; want %q", path, b, err, content)
	}
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm() != mode {
		t.Fatalf("%s: mode %v, %v; want a regular file %v", path, st.Mode(), err, mode)
	}
}

func wantLink(t *testing.T, path string) {
	t.Helper()
	if st, err := os.Lstat(path); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link", path)
	}
}

// Only regular files are replaced. A device (the audit turned /dev/full
// and /dev/null into regular files), a FIFO, a socket, a folder, or a
// link to any of these or to nothing stays as it is.
func TestWriteFileAtomicRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	targets := specialFiles(t, dir)
	dangling := filepath.Join(dir, "dangling.md")
	if err := os.Symlink(filepath.Join(dir, "nowhere.md"), dangling); err != nil {
		t.Fatal(err)
	}
	targets[dangling] = "is a symbolic link to " + filepath.Join(dir, "nowhere.md") + ", which does not exist"
	targets[dir] = "is a folder, not a regular file"
	for path, want := range targets {
		before, err := os.Lstat(path)
		if err != nil {
			t.Fatal(err)
		}
		exists, err := CheckTarget(path)
		if !exists || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckTarget(%s) = %v, %v; want an error saying %q", path, exists, err, want)
		}
		err = WriteFileAtomic(path, []byte("record"))
		if err == nil || !strings.HasPrefix(err.Error(), "write "+path+": "+want) {
			t.Errorf("WriteFileAtomic(%s) = %v; want %q", path, err, want)
		}
		if want != targets[dangling] && !errors.Is(err, userfile.ErrNotRegular) {
			t.Errorf("WriteFileAtomic(%s): %v does not wrap ErrNotRegular", path, err)
		}
		after, err := os.Lstat(path)
		if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
			t.Errorf("%s was replaced: %v → %v", path, before.Mode(), after.Mode())
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
