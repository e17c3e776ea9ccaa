// Package floor is the floor under `prr answer`: bbolt alone, in the same
// database file, writing what one answer writes — the same keys, in the
// same buckets, with bytes of the same size — and nothing else: no
// checks, no decoding, no validation, no summary computed.
//
// What an answer writes depends on the store's layout, which changes; it
// is described once, in AnswerWrites, and Schema says which layout that
// description follows. bench/cmd/prrbench refuses to compare against a
// floor written for another schema, and the package's test fails when a
// described key is not where the store puts it.
package floor

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Schema is the store's schema version AnswerWrites describes.
const Schema = 6

// AnswerWrites is what one `prr answer` writes, in one transaction, in
// the layout of schema 6 (review/store/layout.go): one line per write, a
// path of buckets ending in a key. {review} is the review's id and {item}
// the item's; {new} stands for the bucket's last keys, one for each audit
// event the answer appended (one per field it changed); #sequence is the
// bucket's sequence counter (the history's numbering, the database
// revision). Each key is written again with the bytes it holds, which
// dirties the same pages as writing new bytes of that size, and leaves the
// database as it was.
const AnswerWrites = `
reviews/{review}/record
reviews/{review}/history/{new}
reviews/{review}/history/#sequence
reviews/#sequence
summaries/{review}
`

// write is one line of AnswerWrites, with the review and item filled in.
type write struct {
	buckets []string
	key     string // "#sequence", "{new}" or a key
}

// parse reads AnswerWrites for one review and item.
func parse(desc, reviewID, itemID string) ([]write, error) {
	var out []write
	for _, line := range strings.Split(desc, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = strings.NewReplacer("{review}", reviewID, "{item}", itemID).Replace(line)
		parts := strings.Split(line, "/")
		if len(parts) < 2 {
			return nil, fmt.Errorf("floor: %q names no bucket", line)
		}
		out = append(out, write{buckets: parts[:len(parts)-1], key: parts[len(parts)-1]})
	}
	return out, nil
}

// Rewrite makes, in tx, the writes of one answer to item of review that
// appended events audit events: every key of AnswerWrites is put again
// with the bytes it holds. A key or bucket that is not there is an error:
// the description no longer fits the file.
func Rewrite(tx *bolt.Tx, reviewID, itemID string, events int) error {
	writes, err := parse(AnswerWrites, reviewID, itemID)
	if err != nil {
		return err
	}
	for _, w := range writes {
		b := tx.Bucket([]byte(w.buckets[0]))
		for _, name := range w.buckets[1:] {
			if b == nil {
				break
			}
			b = b.Bucket([]byte(name))
		}
		if b == nil {
			return fmt.Errorf("floor: no bucket %s", strings.Join(w.buckets, "/"))
		}
		switch w.key {
		case "#sequence":
			err = b.SetSequence(b.Sequence())
		case "{new}":
			err = rewriteLast(b, events)
		default:
			v := b.Get([]byte(w.key))
			if v == nil {
				return fmt.Errorf("floor: no key %s in %s", w.key, strings.Join(w.buckets, "/"))
			}
			err = b.Put([]byte(w.key), bytes.Clone(v))
		}
		if err != nil {
			return fmt.Errorf("floor: write %s/%s: %w", strings.Join(w.buckets, "/"), w.key, err)
		}
	}
	return nil
}

// rewriteLast puts the last n keys of b again with the bytes they hold.
func rewriteLast(b *bolt.Bucket, n int) error {
	type kv struct{ k, v []byte }
	var last []kv
	c := b.Cursor()
	for k, v := c.Last(); k != nil && len(last) < n; k, v = c.Prev() {
		last = append(last, kv{bytes.Clone(k), bytes.Clone(v)})
	}
	if len(last) < n {
		return fmt.Errorf("floor: %d keys to write again, the bucket holds %d", n, len(last))
	}
	for _, e := range last {
		if err := b.Put(e.k, e.v); err != nil {
			return err
		}
	}
	return nil
}
