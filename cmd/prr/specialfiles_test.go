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
