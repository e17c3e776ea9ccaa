package store

import (
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	"github.com/prr-dev/prr/review"
)

// A template snapshot is stored once, under the sha256 of its canonical
// JSON (review.TemplateHash), however many reviews use it; a count beside
// it says how many do, and the last review to go takes it along. Its value
// is a format byte and that JSON, compressed.
const snapshotFormat = 1

// maxCachedTemplates bounds the snapshots a Store keeps decoded. A process
// works with a handful: the checklists in use.
const maxCachedTemplates = 32

// snapshot is a decoded template snapshot, shared by every review of it in
// this process. Nothing changes it: reviews handed to callers get a copy
// (cloneTemplate), and a write reads it only.
type snapshot struct {
	key      templateKey
	template *review.Template
	// hasher hashes its reviews without encoding the snapshot again; made
	// when a write first needs it (a read does not).
	hasher func() *review.Hasher
}

// templateCache keeps snapshots decoded, so a process decodes each one
// once: the snapshot is most of the work of reading a review.
type templateCache struct {
	mu sync.Mutex
	m  map[templateKey]*snapshot
}

func (c *templateCache) get(key templateKey) *snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[key]
}

func (c *templateCache) add(s *snapshot) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[templateKey]*snapshot{}
	}
	if len(c.m) >= maxCachedTemplates {
		for k := range c.m {
			delete(c.m, k) // any one: the cache is a convenience
			break
		}
	}
	c.m[s.key] = s
}

// newSnapshot decodes a snapshot's canonical JSON, which must hash to key.
func newSnapshot(key templateKey, js []byte) (*snapshot, error) {
	if sha256.Sum256(js) != key {
		return nil, fmt.Errorf("its bytes do not match its hash")
	}
	var t review.Template
	if err := json.Unmarshal(js, &t); err != nil {
		return nil, fmt.Errorf("it does not decode (%v)", err)
	}
	return &snapshot{key: key, template: &t, hasher: sync.OnceValue(func() *review.Hasher { return review.NewHasher(&t) })}, nil
}

// loadSnapshot returns the snapshot stored under key, decoding it only if
// this process has not yet.
func (s *Store) loadSnapshot(t *txn, key templateKey, id string) (*snapshot, error) {
	if snap := s.templates.get(key); snap != nil {
		return snap, nil
	}
	b, err := t.topBucket(bucketTemplates)
	if err != nil {
		return nil, err
	}
	data, err := t.get(b, key[:])
	switch {
	case err != nil:
		return nil, err
	case data == nil:
		return nil, damaged(id, "its template snapshot %x is missing", key[:6])
	case data[0] != snapshotFormat:
		return nil, damaged(id, "its template snapshot %x is not one this prr wrote", key[:6])
	}
	js, err := inflate(data[1:])
	if err != nil {
		return nil, damaged(id, "its template snapshot %x: %v", key[:6], err)
	}
	snap, err := newSnapshot(key, js)
	if err != nil {
		return nil, damaged(id, "its template snapshot %x: %v", key[:6], err)
	}
	s.templates.add(snap)
	return snap, nil
}

// addSnapshot counts one more review of the snapshot whose canonical JSON
// is js (review.Hasher.TemplateJSON), storing it if no review used it yet,
// and returns it as every later read will see it (decoded from js).
func (s *Store) addSnapshot(t *txn, js []byte) (*snapshot, error) {
	key := templateKey(sha256.Sum256(js))
	refs, n, err := snapshotRefs(t, key)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		b, err := t.topBucket(bucketTemplates)
		if err != nil {
			return nil, err
		}
		value := append([]byte{snapshotFormat}, compress(js, flate.BestCompression)...)
		if err := t.put(b, key[:], value); err != nil {
			return nil, err
		}
	}
	if err := t.put(refs, key[:], binary.BigEndian.AppendUint64(nil, n+1)); err != nil {
		return nil, err
	}
	if snap := s.templates.get(key); snap != nil {
		return snap, nil
	}
	snap, err := newSnapshot(key, js)
	if err != nil {
		return nil, err
	}
	s.templates.add(snap)
	return snap, nil
}

// dropSnapshot counts one review fewer of the snapshot key, deleting it
// with its last review.
func dropSnapshot(t *txn, key templateKey, id string) error {
	refs, n, err := snapshotRefs(t, key)
	switch {
	case err != nil:
		return err
	case n == 0:
		return damaged(id, "its template snapshot %x is not counted as used", key[:6])
	case n > 1:
		return t.put(refs, key[:], binary.BigEndian.AppendUint64(nil, n-1))
	}
	if err := t.del(refs, key[:]); err != nil {
		return err
	}
	b, err := t.topBucket(bucketTemplates)
	if err != nil {
		return err
	}
	return t.del(b, key[:])
}

// snapshotRefs returns the count bucket and how many reviews use key.
func snapshotRefs(t *txn, key templateKey) (*bkt, uint64, error) {
	refs, err := t.topBucket(bucketTemplateRefs)
	if err != nil {
		return nil, 0, err
	}
	v, err := t.get(refs, key[:])
	if err != nil || v == nil {
		return refs, 0, err
	}
	n, err := decodeUint(v)
	if err != nil {
		return nil, 0, corruptError(t.path, "the use count of template snapshot %x does not decode (%v)", key[:6], err)
	}
	return refs, n, nil
}

// cloneTemplate copies a shared snapshot for a caller, who may change it.
// TestCloneTemplateSharesNothing fails when the domain adds a slice, map
// or pointer to the template that this does not copy.
func cloneTemplate(t *review.Template) review.Template {
	c := *t
	c.SignoffRoles = slices.Clone(t.SignoffRoles)
	c.SignoffRules = slices.Clone(t.SignoffRules)
	for i := range c.SignoffRules {
		c.SignoffRules[i].Principals = slices.Clone(c.SignoffRules[i].Principals)
	}
	c.Sections = slices.Clone(t.Sections)
	c.Assessments = t.Assessments.Clone()
	for i := range c.Sections {
		s := &c.Sections[i]
		s.Items = slices.Clone(s.Items)
		for j := range s.Items {
			it := &s.Items[j]
			it.Tags, it.Refs, it.Sources = slices.Clone(it.Tags), slices.Clone(it.Refs), slices.Clone(it.Sources)
		}
	}
	return c
}

// Template returns the checklist snapshot stored under hash
// (review.TemplateHash), or nil if no review in the database uses it.
// prr import reads a Markdown record's checklist from here when it is
// neither built in nor in the templates folder.
func (s *Store) Template(hash string) (*review.Template, error) {
	if !review.ValidHash(hash) {
		return nil, nil
	}
	var key templateKey
	if _, err := hex.Decode(key[:], []byte(hash[len("sha256:"):])); err != nil {
		return nil, nil
	}
	var out *review.Template
	err := s.view(func(t *txn) error {
		b, err := t.topBucket(bucketTemplates)
		if err != nil {
			return err
		}
		if data, err := t.get(b, key[:]); err != nil || data == nil {
			return err
		}
		snap, err := s.loadSnapshot(t, key, "")
		if err != nil {
			return err
		}
		c := cloneTemplate(snap.template)
		out = &c
		return nil
	})
	return out, err
}
