package floor

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/templates"
)

// TestAnswerWritesIsWhatTheStoreWrites answers an item through the store
// and compares every key and sequence that changed in the file with
// AnswerWrites. When the store's layout changes, this fails until the
// description (and Schema) follow it.
func TestAnswerWritesIsWhatTheStoreWrites(t *testing.T) {
	if store.SchemaVersion() != Schema {
		t.Fatalf("the store is at schema %d and AnswerWrites describes schema %d: describe what an answer writes now", store.SchemaVersion(), Schema)
	}
	path, r, item := answeredReview(t)
	before := dump(t, path)
	st, err := store.Open(path, store.Options{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var events int
	if _, err := st.UpdateAnswer(r.ID, item, func(a *review.Answer) error {
		old := a.Clone()
		a.Status, a.Note = review.Partial, "Only in one region so far."
		events = len(review.DiffAnswer(item, old, *a, time.Now(), "test"))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()
	after := dump(t, path)
	var changed []string
	for k, v := range after {
		if w, ok := before[k]; !ok || w != v {
			changed = append(changed, k)
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			t.Errorf("the answer deleted %s, which AnswerWrites cannot describe", k)
		}
	}
	writes, err := parse(AnswerWrites, r.ID, item)
	if err != nil {
		t.Fatal(err)
	}
	var described []string
	for _, w := range writes {
		if w.key == "{new}" {
			described = append(described, lastKeys(after, strings.Join(w.buckets, "/"), events)...)
			continue
		}
		described = append(described, strings.Join(w.buckets, "/")+"/"+w.key)
	}
	slices.Sort(changed)
	slices.Sort(described)
	if !slices.Equal(changed, described) {
		t.Errorf("an answer changed\n\t%s\nbut AnswerWrites describes\n\t%s", strings.Join(changed, "\n\t"), strings.Join(described, "\n\t"))
	}
}

// TestRewriteLeavesTheDatabaseAsItWas runs the floor's writes on a prr
// database: every key and sequence holds what it held, and the store still
// reads the review and finds nothing wrong.
func TestRewriteLeavesTheDatabaseAsItWas(t *testing.T) {
	path, r, item := answeredReview(t)
	before := dump(t, path)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	var txBefore, txAfter int
	_ = db.View(func(tx *bolt.Tx) error { txBefore = tx.ID(); return nil })
	if err := db.Update(func(tx *bolt.Tx) error { return Rewrite(tx, r.ID, item, 2) }); err != nil {
		t.Fatal(err)
	}
	_ = db.View(func(tx *bolt.Tx) error { txAfter = tx.ID(); return nil })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if txAfter != txBefore+1 {
		t.Errorf("the floor committed %d transactions, want 1", txAfter-txBefore)
	}
	after := dump(t, path)
	if len(after) != len(before) {
		t.Errorf("%d keys before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed", k)
		}
	}
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, err := st.Doctor()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK {
		t.Errorf("prr doctor after the floor: %+v", rep)
	}
}

// TestRewriteRefusesWhatIsNotThere: a review or item that is not in the
// file is an error, not a cheaper floor.
func TestRewriteRefusesWhatIsNotThere(t *testing.T) {
	path, r, item := answeredReview(t)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		review, item string
		events       int
	}{{"nope1234", item, 1}, {r.ID, item, 1000}} { // schemas 5 and 6 keep answers in the record: no per-item key
		if err := db.Update(func(tx *bolt.Tx) error { return Rewrite(tx, c.review, c.item, c.events) }); err == nil {
			t.Errorf("Rewrite(%s, %s, %d) = nil, want an error", c.review, c.item, c.events)
		}
	}
}

// answeredReview makes a database with one review of the standard
// checklist, three items answered, and returns the path, the review and
// an answered item.
func answeredReview(t *testing.T) (string, *review.Review, string) {
	t.Helper()
	cat, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := cat.Lookup("standard")
	if !ok {
		t.Fatal("no standard checklist")
	}
	path := filepath.Join(t.TempDir(), "prr.db")
	st, err := store.Open(path, store.Options{Actor: "test"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Create(*e.Template, review.Meta{Service: "payments-api", Owner: "Kari"})
	if err != nil {
		t.Fatal(err)
	}
	items := e.Template.Items()
	for i, it := range items[:3] {
		if _, err := st.UpdateAnswer(r.ID, it.ID, func(a *review.Answer) error {
			a.Status, a.Note = review.Pass, fmt.Sprintf("Shown in the meeting (%d).", i)
			a.Evidence = []string{"https://grafana.example.com/d/payments"}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return path, r, items[1].ID
}

// dump reads every key and bucket sequence in the file: path -> value.
func dump(t *testing.T, path string) map[string]string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]string{}
	var walk func(prefix string, b *bolt.Bucket)
	walk = func(prefix string, b *bolt.Bucket) {
		out[prefix+"#sequence"] = fmt.Sprint(b.Sequence())
		_ = b.ForEach(func(k, v []byte) error {
			if v == nil {
				walk(prefix+keyName(k)+"/", b.Bucket(k))
				return nil
			}
			out[prefix+keyName(k)] = string(bytes.Clone(v))
			return nil
		})
	}
	if err := db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			walk(string(name)+"/", b)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// lastKeys is the last n keys (in bbolt's order) under bucket in a dump.
func lastKeys(d map[string]string, bucket string, n int) []string {
	var keys []string
	for k := range d {
		rest, ok := strings.CutPrefix(k, bucket+"/")
		if ok && !strings.Contains(rest, "/") && rest != "#sequence" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys[max(len(keys)-n, 0):]
}

// keyName prints a key as text, or in hex when it is binary (a sequence
// number), which keeps bbolt's order for keys of one length.
func keyName(k []byte) string {
	for _, c := range k {
		if c < ' ' || c > '~' {
			return fmt.Sprintf("%x", k)
		}
	}
	return string(k)
}
