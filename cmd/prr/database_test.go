package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review/store"
)

// prr runs the command line in this process and returns its exit code,
// stdout and stderr.
func prr(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// cliEnv gives the test its own XDG folders and returns a database path.
func cliEnv(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"} {
		t.Setenv(v, filepath.Join(dir, v))
	}
	t.Setenv("PRR_ACTOR", "tester")
	return filepath.Join(dir, "prr.db")
}

// newReview starts a review of the essentials checklist and returns its id.
func newReview(t *testing.T, db, service string) string {
	t.Helper()
	code, out, errOut := prr(t, "", "--db", db, "new", "--service", service, "--template", "essentials")
	if code != 0 {
		t.Fatalf("prr new: exit %d: %s", code, errOut)
	}
	return strings.TrimSpace(out)
}

// TestErrorsCarryAdvice: the store says what happened; the command line
// adds what to do, and keeps its exit codes.
func TestErrorsCarryAdvice(t *testing.T) {
	for _, tc := range []struct {
		err    error
		advice string
		code   int
	}{
		{fmt.Errorf("x: %w", store.ErrLocked), "--lock-timeout", exitBusy},
		{fmt.Errorf("x: %w", store.ErrExists), "prr import --replace", exitFailure},
		{fmt.Errorf("x: %w", store.ErrCorrupt), "prr doctor", exitDatabase},
		{fmt.Errorf("x: %w", store.ErrNotDatabase), "--db", exitDatabase},
		{fmt.Errorf("x: %w", store.ErrNewerSchema), "upgrade prr", exitDatabase},
		{errors.Join(store.ErrCorrupt, store.ErrRolledBack), "prr doctor --accept-rollback", exitDatabase},
		{fmt.Errorf("x: %w", store.ErrAmbiguous), "type more", exitFailure},
	} {
		var buf bytes.Buffer
		printError(&buf, tc.err)
		if line := buf.String(); !strings.HasPrefix(line, "prr: ") || strings.Count(line, "\n") > 2 || !strings.Contains(line, tc.advice) {
			t.Errorf("%v printed as %q, want advice about %q", tc.err, line, tc.advice)
		}
		if got := exitCode(tc.err); got != tc.code {
			t.Errorf("%v exits %d, want %d", tc.err, got, tc.code)
		}
	}
}

// TestDamagedSchemaValueExits4: a schema version that is not a number is a
// damaged database (exit 4), not a failure of the command (exit 1).
func TestDamagedSchemaValueExits4(t *testing.T) {
	db := cliEnv(t)
	newReview(t, db, "payments")
	bdb, err := bolt.Open(db, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("five")) })
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	code, _, errOut := prr(t, "", "--db", db, "list")
	if code != exitDatabase || !strings.Contains(errOut, "not a number") {
		t.Errorf("prr list with a damaged schema value: exit %d, %q; want exit 4", code, errOut)
	}
}

// flipNewestMeta damages the meta page of the newest commit, keeping its
// checksum wrong: bbolt then reads the file as it was one commit earlier.
func flipNewestMeta(t *testing.T, db string) {
	t.Helper()
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	const pageHeader = 16
	pageSize := int(binary.LittleEndian.Uint32(data[pageHeader+8:]))
	txid := func(page int) uint64 { return binary.LittleEndian.Uint64(data[page*pageSize+pageHeader+48:]) }
	newest := 0
	if txid(1) > txid(0) {
		newest = 1
	}
	data[newest*pageSize+pageHeader+16] ^= 0x01 // the root page id
	m := data[newest*pageSize+pageHeader:]
	h := fnv.New64a()
	h.Write(m[:56])
	if h.Sum64() == binary.LittleEndian.Uint64(m[56:]) {
		t.Fatal("the damage left the checksum right")
	}
	if err := os.WriteFile(db, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRolledBackDatabase walks through a damaged newest meta page: reads
// work and warn once, writes exit 4 pointing at prr doctor, prr doctor says
// what is lost, and --accept-rollback makes the database writable again.
func TestRolledBackDatabase(t *testing.T) {
	db := cliEnv(t)
	id := newReview(t, db, "payments")
	if code, _, errOut := prr(t, "", "--db", db, "answer", id, "error-context", "--status", "pass"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := prr(t, "", "--db", db, "answer", id, "error-context", "--note", "the lost change"); code != 0 {
		t.Fatal(errOut)
	}
	flipNewestMeta(t, db)

	code, out, errOut := prr(t, "", "--db", db, "show", id)
	if code != 0 || strings.Contains(out, "the lost change") {
		t.Errorf("prr show: exit %d; it should read the state before the lost change:\n%s", code, out)
	}
	if strings.Count(errOut, "prr: warning: ") != 1 || !strings.Contains(errOut, "--accept-rollback") {
		t.Errorf("prr show warned %q; want one warning pointing at prr doctor --accept-rollback", errOut)
	}
	before, _ := os.ReadFile(db)
	code, _, errOut = prr(t, "", "--db", db, "answer", id, "error-context", "--note", "a new change")
	if code != exitDatabase || !strings.Contains(errOut, "cannot be read") || strings.Contains(errOut, "warning") {
		t.Errorf("prr answer on a rolled-back database: exit %d, %q; want exit 4 and one error", code, errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("the refused write changed the file")
	}
	code, out, _ = prr(t, "", "--db", db, "doctor")
	if code != exitDatabase || !strings.Contains(out, "is lost") || !strings.Contains(out, id) {
		t.Errorf("prr doctor: exit %d:\n%s", code, out)
	}
	code, out, errOut = prr(t, "", "--db", db, "doctor", "--accept-rollback")
	if code != 0 || !strings.Contains(out, "accepting the rollback") || !strings.Contains(out, "no problems found") {
		t.Errorf("prr doctor --accept-rollback: exit %d:\n%s%s", code, out, errOut)
	}
	if code, _, errOut := prr(t, "", "--db", db, "answer", id, "error-context", "--note", "a new change"); code != 0 || errOut != "" {
		t.Errorf("prr answer after the rollback was accepted: exit %d, %q", code, errOut)
	}
	if code, out, _ := prr(t, "", "--db", db, "doctor", "--accept-rollback"); code != 0 || !strings.Contains(out, "nothing to accept") {
		t.Errorf("accepting again: exit %d:\n%s", code, out)
	}
}

// TestImportJSONLinesFromStdin: records one a line on standard input, a
// blank line ignored, a broken line named by its number.
func TestImportJSONLinesFromStdin(t *testing.T) {
	db := cliEnv(t)
	var lines []string
	for i := range 30 {
		id := newReview(t, db, fmt.Sprintf("service-%d", i))
		code, out, errOut := prr(t, "", "--db", db, "export", id, "--format", "json")
		if code != 0 {
			t.Fatal(errOut)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(out)); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, compact.String())
		if i == 10 {
			lines = append(lines, "", `{"not":"a record"}`)
		}
	}
	other := filepath.Join(t.TempDir(), "other.db")
	code, out, errOut := prr(t, strings.Join(lines, "\n")+"\n", "--db", other, "import", "-")
	if code != exitFailure || strings.TrimSpace(out) != "imported 30, skipped 0 as existing, failed 1" {
		t.Errorf("import -: exit %d, %q", code, out)
	}
	if !strings.HasPrefix(errOut, "prr: import standard input line 13: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr %q, want the broken line named", errOut)
	}
	code, out, _ = prr(t, "", "--db", other, "list")
	if code != 0 || strings.Count(out, "service-") != 30 {
		t.Errorf("prr list after the import: exit %d\n%s", code, out)
	}
}
