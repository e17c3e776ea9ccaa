package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review/store"
)

// TestReadCommandsUpgradeAnOlderDatabase: after prr itself is upgraded,
// the first command (here prr list, which only reads) brings the database
// to the new schema instead of failing with "read-only". The database is
// one the v4 store wrote (review/store/testdata/v4).
func TestReadCommandsUpgradeAnOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"} {
		t.Setenv(v, filepath.Join(dir, v))
	}
	old, err := os.ReadFile("../../review/store/testdata/v4/prr.db")
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "prr.db")
	if err := os.WriteFile(db, old, 0o600); err != nil {
		t.Fatal(err)
	}

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--db", db, "list", "--json"}, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("prr list on a v4 database: exit %d: %s", code, errOut.String())
	}
	for _, id := range []string{"gym4x7ev", "98wtwrnz", "hrhdhbxd"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("prr list does not show the review %s: %s", id, out.String())
		}
	}
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a read-only open after the upgrade: %v", err)
	}
	defer s.Close()
	rep, err := s.Doctor()
	if err != nil || !rep.OK || rep.Schema != store.SchemaVersion() {
		t.Errorf("after the upgrade: %+v, %v", rep, err)
	}
}
