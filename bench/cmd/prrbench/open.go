package main

import (
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review/store"
)

// openBatch is how many opens one sample averages.
const openBatch = 20

// measureOpen times store.Open of the 10,000-review database, which is not
// lazy: it checks the file's header, opens it with bbolt read-only under a
// shared lock, reads the schema version (the migration check) and closes it
// again. The floor is bbolt's own read-only Open and Close of the same
// file. A second, informational row adds what the store's first operation
// costs on top (Revision, the cheapest read, opens the file again).
func (s *suite) measureOpen() []row {
	const metric = "open the database (store.Open incl. migration check vs bbolt.Open+Close)"
	var st, raw, stFirst, rawFirst sample
	for i := -1; i < s.runs; i++ {
		a, err := timeBatch(openBatch, func() error {
			_, err := store.Open(s.db, store.Options{})
			return err
		})
		if err != nil {
			return []row{errRow(metric, err)}
		}
		b, err := timeBatch(openBatch, func() error { return boltOpenClose(s.db, nil) })
		if err != nil {
			return []row{errRow(metric, err)}
		}
		c, err := timeBatch(openBatch, func() error {
			st, err := store.Open(s.db, store.Options{})
			if err != nil {
				return err
			}
			defer st.Close()
			_, err = st.Revision("")
			return err
		})
		if err != nil {
			return []row{errRow(metric, err)}
		}
		d, err := timeBatch(openBatch, func() error {
			return boltOpenClose(s.db, func(tx *bolt.Tx) error {
				_ = tx.Bucket([]byte("reviews")).Sequence()
				return nil
			})
		})
		if err != nil {
			return []row{errRow(metric, err)}
		}
		if i >= 0 {
			st, raw = append(st, a.Seconds()), append(raw, b.Seconds())
			stFirst, rawFirst = append(stFirst, c.Seconds()), append(rawFirst, d.Seconds())
		}
	}
	return []row{
		ratioRow(metric, st, raw, dur, 1.2),
		infoRow("  store.Open + first read (Revision) vs bbolt Open+View+Close (info)", stFirst, rawFirst, dur),
	}
}

// boltOpenClose opens path read-only with bbolt, runs view if given, and
// closes it.
func boltOpenClose(path string, view func(tx *bolt.Tx) error) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: store.DefaultLockTimeout})
	if err != nil {
		return err
	}
	if view != nil {
		if err := db.View(view); err != nil {
			db.Close()
			return err
		}
	}
	return db.Close()
}

// timeBatch runs fn n times and returns the mean time of one call.
func timeBatch(n int, fn func() error) (time.Duration, error) {
	start := time.Now()
	for range n {
		if err := fn(); err != nil {
			return 0, err
		}
	}
	return time.Since(start) / time.Duration(n), nil
}
