package store

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

func TestBackup(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	var ids []string
	for i := range 5 {
		r := mustCreate(t, s, fmt.Sprintf("svc-%d", i))
		mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "ok"))
		ids = append(ids, r.ID)
	}
	dst := filepath.Join(t.TempDir(), "prr-backup.db")
	if err := s.Backup(dst); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("backup folder holds %d entries, want only the backup", len(entries))
	}
	copyStore, err := Open(dst, Options{ReadOnly: true, Now: clock.Now})
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	assertDoctorOK(t, copyStore)
	wantList, _ := s.List()
	gotList, _ := copyStore.List()
	if !reflect.DeepEqual(gotList, wantList) {
		t.Errorf("backup lists %+v, want %+v", gotList, wantList)
	}
	for _, id := range ids {
		want, _ := s.Get(id)
		got, err := copyStore.Get(id)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("review %s in the backup = %+v, %v; want %+v", id, got, err, want)
		}
		wantHist, _ := s.History(id)
		gotHist, _ := copyStore.History(id)
		if !reflect.DeepEqual(gotHist, wantHist) {
			t.Errorf("history of %s differs in the backup", id)
		}
	}

	// A second backup replaces the first.
	extra := mustCreate(t, s, "later")
	if err := s.Backup(dst); err != nil {
		t.Fatal(err)
	}
	if _, err := copyStore.Get(extra.ID); err != nil {
		t.Errorf("the second backup lacks the later review: %v", err)
	}

	if err := s.Backup(filepath.Join(t.TempDir(), "missing", "prr.db")); !errors.Is(err, fs.ErrNotExist) ||
		!strings.Contains(err.Error(), "does not exist") {
		t.Errorf("backup into a missing folder: %v", err)
	}
	if err := s.Backup(path); err == nil || !strings.Contains(err.Error(), "the database itself") {
		t.Errorf("backup onto the database: %v", err)
	}
}

// TestBackupWhileWriting takes backups while another goroutine keeps
// answering: each backup must be a consistent database.
func TestBackupWhileWriting(t *testing.T) {
	s, _ := openTest(t, newClock())
	r, err := s.Create(manyItemTemplate(30), testMeta("busy"))
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := s.UpdateAnswer(r.ID, fmt.Sprintf("item-%d", i%30), setStatus(review.Pass, fmt.Sprint(i))); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dir := t.TempDir()
	for i := range 5 {
		dst := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		if err := s.Backup(dst); err != nil {
			t.Fatal(err)
		}
		c, err := Open(dst, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		assertDoctorOK(t, c)
	}
	close(stop)
	wg.Wait()
}

func TestDoctorFindsSchemaProblems(t *testing.T) {
	clock := newClock()
	s, path := openTest(t, clock)
	a := mustCreate(t, s, "payments")
	b := mustCreate(t, s, "checkout")
	mustAnswer(t, s, a.ID, "owner", setStatus(review.Pass, ""))
	rep := assertDoctorOK(t, s)
	if rep.Reviews != 2 || rep.Schema != len(migrations()) || rep.Size == 0 || !strings.Contains(rep.String(), "no problems found") {
		t.Errorf("healthy report: %+v", rep)
	}

	rewrite(t, path, func(tx *bolt.Tx) error {
		// A summary that lies, an answer to an item the template lacks, an
		// invalid answer, a summary without a review, a stray key, a
		// snapshot nobody uses, a wrong use count.
		sums := tx.Bucket(bucketSummaries)
		rec, err := decodeSummary(sums.Get([]byte(a.ID)))
		if err != nil {
			return err
		}
		rec.Verdict = review.Ready
		data := encodeSummary(rec)
		if err := sums.Put([]byte(a.ID), data); err != nil {
			return err
		}
		if err := sums.Put([]byte("ghost000"), data); err != nil {
			return err
		}
		rb := tx.Bucket(bucketReviews).Bucket([]byte(b.ID))
		rev, key, err := recordInfo(rb.Get(keyRecord), b.ID)
		if err != nil {
			return err
		}
		r, _, err := decodeRecord(rb.Get(keyRecord), b.ID)
		if err != nil {
			return err
		}
		r.Answers["no-such-item"] = review.Answer{Status: review.Pass}
		r.Answers["owner"] = review.Answer{Status: review.NA}
		data, err = encodeRecord(r, rev, key)
		if err != nil {
			return err
		}
		if err := rb.Put(keyRecord, data); err != nil {
			return err
		}
		other := testTemplate()
		other.Version++
		js := review.NewHasher(&other).TemplateJSON()
		orphan := sha256.Sum256(js)
		if err := tx.Bucket(bucketTemplates).Put(orphan[:], append([]byte{snapshotFormat}, compress(js, 1)...)); err != nil {
			return err
		}
		if err := tx.Bucket(bucketTemplateRefs).Put(key[:], seqKey(7)); err != nil {
			return err
		}
		return tx.Bucket(bucketReviews).Put([]byte("stray"), []byte("x"))
	})
	rep, err := s.Doctor()
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK {
		t.Fatal("Doctor found nothing wrong")
	}
	text := rep.String()
	for _, want := range []string{
		"review " + a.ID + ": the summary does not match",
		"review ghost000: a summary of a review that does not exist",
		"review " + b.ID + `: review ` + b.ID + ` has no item "no-such-item"`,
		"review " + b.ID + ": the summary does not match",
		"review stray: a stray value",
		"is stored, but no review uses it",
		"is counted as used by 7 review(s), but 2 use it",
		"7 problems",
		"verdict is ready, the review says blocked",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Errorf("report does not encode as JSON: %v", err)
	}
}

// TestBackupRefusesDamagedSource: a backup of a damaged database fails and
// leaves any earlier backup in place.
func TestBackupRefusesDamagedSource(t *testing.T) {
	s, path := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(dst); err != nil {
		t.Fatal(err)
	}
	good := readFile(t, dst)
	rewrite(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSummaries).Delete([]byte(r.ID))
	})
	err := s.Backup(dst)
	if err == nil || !strings.Contains(err.Error(), "failed its check") || !strings.Contains(err.Error(), "summary is missing") {
		t.Errorf("backup of a damaged database: %v", err)
	}
	assertUnchanged(t, dst, good)
	entries, _ := os.ReadDir(filepath.Dir(dst))
	if len(entries) != 1 {
		t.Errorf("a failed backup left %d files behind", len(entries)-1)
	}
}
