package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
)

// TestReadCommandsUpgradeAnOlderDatabase: after prr itself is upgraded,
// the first command (here prr list, which only reads) brings the database
// to the new schema instead of failing with "read-only".
func TestReadCommandsUpgradeAnOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, v := range []string{"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"} {
		t.Setenv(v, filepath.Join(dir, v))
	}
	db := filepath.Join(dir, "prr.db")
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	e, _ := cat.Lookup("standard")
	s, err := store.Open(db, store.Options{Actor: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Create(*e.Template, review.Meta{Service: "payments-api"})
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	toSchemaV3(t, db)

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"--db", db, "list", "--json"}, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("prr list on a v3 database: exit %d: %s", code, errOut.String())
	}
	if !strings.Contains(out.String(), r.ID) {
		t.Errorf("prr list does not show the review %s: %s", r.ID, out.String())
	}
	s, err = store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a read-only open after the upgrade: %v", err)
	}
	defer s.Close()
	rep, err := s.Doctor()
	if err != nil || !rep.OK || rep.Schema != store.SchemaVersion() {
		t.Errorf("after the upgrade: %+v, %v", rep, err)
	}
}

// toSchemaV3 rewrites a database into the layout of schema v3: each
// review's record in the review's own bucket rather than in a snapshot
// bucket.
func toSchemaV3(t *testing.T, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		reviews := tx.Bucket([]byte("reviews"))
		var ids [][]byte
		_ = reviews.ForEachBucket(func(k []byte) error { ids = append(ids, k); return nil })
		for _, k := range ids {
			rb := reviews.Bucket(k)
			rec := bytes.Clone(rb.Bucket([]byte("snapshot")).Get([]byte("review")))
			if !json.Valid(rec) {
				t.Fatalf("review %s has no record in its snapshot bucket", k)
			}
			if err := rb.DeleteBucket([]byte("snapshot")); err != nil {
				return err
			}
			if err := rb.Put([]byte("review"), rec); err != nil {
				return err
			}
		}
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), []byte("3"))
	})
	if err != nil {
		t.Fatal(err)
	}
}
