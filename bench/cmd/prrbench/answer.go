package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
)

// answerBatch is how many durable writes one sample averages.
const answerBatch = 10

// measureAnswer times one durable answer change through the store
// (UpdateAnswer on the newest of the 10,000 reviews, as the walk screen
// makes it) against bbolt alone putting the same answer bytes under one key
// in a synced transaction, in a new file in the same folder, with the
// database kept open. An informational row shows the floor opened and
// closed around each write, as the store does.
func (s *suite) measureAnswer() []row {
	const metric = "set one answer, durable (store.UpdateAnswer vs bbolt Update of the same bytes)"
	st, err := store.Open(s.db, store.Options{Actor: "bench"})
	if err != nil {
		return []row{errRow(metric, err)}
	}
	defer st.Close() // closed again below: a second Close does nothing
	r, err := st.Get(s.man.TopID)
	if err != nil {
		return []row{errRow(metric, err)}
	}
	itemID := r.Template.Items()[0].ID
	n := 0
	set := func() error {
		n++
		_, err := st.UpdateAnswer(r.ID, itemID, func(a *review.Answer) error {
			a.Status, a.Note = review.Pass, fmt.Sprintf("Checked in the meeting, take %d.", n)
			return nil
		})
		return err
	}
	value, err := json.Marshal(review.Answer{Status: review.Pass, Note: "Checked in the meeting, take 1.", UpdatedAt: time.Now().UTC(), UpdatedBy: "bench"})
	if err != nil {
		return []row{errRow(metric, err)}
	}
	rawPath := filepath.Join(filepath.Dir(s.db), "raw.db")
	db, err := bolt.Open(rawPath, 0o600, &bolt.Options{Timeout: store.DefaultLockTimeout})
	if err != nil {
		return []row{errRow(metric, err)}
	}
	kept := func() error { return putAnswer(db, value) }
	reopened := func() error {
		db, err := bolt.Open(rawPath+"2", 0o600, &bolt.Options{Timeout: store.DefaultLockTimeout})
		if err != nil {
			return err
		}
		if err := putAnswer(db, value); err != nil {
			db.Close()
			return err
		}
		return db.Close()
	}
	var sp, fp, op sample
	for i := -1; i < s.runs; i++ {
		a, err := timeBatch(answerBatch, set)
		if err != nil {
			db.Close()
			return []row{errRow(metric, err)}
		}
		b, err := timeBatch(answerBatch, kept)
		if err != nil {
			db.Close()
			return []row{errRow(metric, err)}
		}
		c, err := timeBatch(answerBatch, reopened)
		if err != nil {
			db.Close()
			return []row{errRow(metric, err)}
		}
		if i >= 0 {
			sp, fp, op = append(sp, a.Seconds()), append(fp, b.Seconds()), append(op, c.Seconds())
		}
	}
	if err := db.Close(); err != nil {
		return []row{errRow(metric, err)}
	}
	rows := []row{
		ratioRow(metric, sp, fp, dur, 1.2),
		infoRow("  same, floor opening and closing bbolt around each write (info)", sp, op, dur),
	}
	// The floor above writes a file of a few pages. The same write in the
	// 10,000-review file itself shows what the file's size costs bbolt
	// alone, whatever the store does. The store must let go of the file
	// first (it keeps it open for a moment after a write).
	if err := st.Close(); err != nil {
		return append(rows, errRow("  same, floor in the 10,000-review file (info)", err))
	}
	same, err := sameFileFloor(s.db, value, s.runs)
	if err != nil {
		return append(rows, errRow("  same, floor in the 10,000-review file (info)", err))
	}
	return append(rows, infoRow("  same, floor in the 10,000-review file (info)", sp, same, dur))
}

// sameFileFloor times the floor's write in the database file itself, in a
// bucket of its own that it removes afterwards.
func sameFileFloor(path string, value []byte, runs int) (sample, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: store.DefaultLockTimeout})
	if err != nil {
		return nil, err
	}
	var out sample
	for i := -1; i < runs; i++ {
		d, err := timeBatch(answerBatch, func() error { return putAnswer(db, value) })
		if err != nil {
			db.Close()
			return nil, err
		}
		if i >= 0 {
			out = append(out, d.Seconds())
		}
	}
	err = db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("answers")) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return out, err
}

// putAnswer is the floor's write: one key in one bucket, one synced commit.
func putAnswer(db *bolt.DB, value []byte) error {
	return db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("answers"))
		if err != nil {
			return err
		}
		return b.Put([]byte("answer"), value)
	})
}
