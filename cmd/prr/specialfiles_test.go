//go:build unix

package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Every file a user names is read only if it is a regular file: a FIFO
// used to block prr in open(2), past Ctrl-C.
func TestUserNamedFilesMustBeRegular(t *testing.T) {
	dir := prrEnv(t)
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	tdir := filepath.Join(dir, "templates")
	if err := os.Mkdir(tdir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(tdir, "pipe.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runPrr(t, "new", "--service", "svc", "--template", "standard")
	if r.code != 0 {
		t.Fatalf("prr new: %d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", fifo}, 1, "prr: import " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"import", sock}, 1, "prr: import " + sock + ": is a socket, not a regular file\n"},
		{[]string{"import", "/dev/zero"}, 1, "prr: import /dev/zero: is a device, not a regular file\n"},
		{[]string{"verify", fifo}, 1, "prr: verify " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"export", id, "--template", fifo}, 1, "prr: layout " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"templates", "validate", fifo}, 1, "prr: " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"new", "--service", "x", "--template", fifo}, 1, "prr: " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"--config", fifo, "list"}, 2, "prr: config file " + fifo + ": is a named pipe (FIFO), not a regular file\n"},
		{[]string{"--templates-dir", tdir, "templates", "list"}, 1, "prr: " + filepath.Join(tdir, "pipe.yaml") + ": is a named pipe (FIFO), not a regular file\n"},
	}
	for _, tc := range tests {
		r := runPrr(t, tc.args...)
		if r.code != tc.code || !strings.HasSuffix(r.stderr, tc.want) {
			t.Errorf("prr %s: exit %d, stderr %q\nwant exit %d ending %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// prr export -o replaces only a regular file, and keeps its mode.
func TestExportWritesOnlyRegularFiles(t *testing.T) {
	dir := prrEnv(t)
	r := runPrr(t, "new", "--service", "svc", "--template", "standard")
	if r.code != 0 {
		t.Fatalf("prr new: %d %s", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	fifo := filepath.Join(dir, "fifo.md")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.md")
	if err := os.Symlink(filepath.Join(dir, "nowhere.md"), dangling); err != nil {
		t.Fatal(err)
	}
	null := filepath.Join(dir, "null.md")
	if err := os.Symlink("/dev/null", null); err != nil {
		t.Fatal(err)
	}
	hint := "; a record is written to a regular file, or with -o - to standard output\n"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-o", fifo, "--force"}, "prr: write " + fifo + ": is a named pipe (FIFO), not a regular file" + hint},
		{[]string{"-o", null, "--force"}, "prr: write " + null + ": is a device, not a regular file" + hint},
		{[]string{"-o", dangling}, "prr: write " + dangling + ": is a symbolic link to " + filepath.Join(dir, "nowhere.md") + ", which does not exist; remove the link or write elsewhere\n"},
		{[]string{"-o", "/dev/stdout"}, "not a regular file" + hint},
	}
	if st, err := os.Stat("/dev/stdout"); err == nil && st.Mode().IsRegular() {
		tests = tests[:len(tests)-1] // the test's own output goes to a file
	}
	for _, tc := range tests {
		r := runPrr(t, append([]string{"export", id}, tc.args...)...)
		if r.code != 1 || !strings.HasSuffix(r.stderr, tc.want) {
			t.Errorf("prr export %s: exit %d, stderr %q\nwant exit 1 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
	for _, p := range []string{fifo, dangling, null} {
		if st, err := os.Lstat(p); err != nil || st.Mode().IsRegular() {
			t.Errorf("%s was replaced by a regular file", p)
		}
	}
	private := filepath.Join(dir, "private.md")
	if err := os.WriteFile(private, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runPrr(t, "export", id, "-o", private, "--force"); r.code != 0 {
		t.Fatalf("export over a regular file: %d %s", r.code, r.stderr)
	}
	if st, err := os.Stat(private); err != nil || st.Mode().Perm() != 0o600 || st.Size() == 0 {
		t.Errorf("private.md after export: %v %v", st.Mode(), err)
	}
}
