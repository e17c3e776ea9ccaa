package store

import (
	"bytes"
	"errors"
	"unsafe"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// txn is a bbolt transaction whose every read goes through boltpage's
// checks first: before a bucket, a key or a cursor's next element is asked
// of bbolt, the pages bbolt will follow to it are checked, so that bbolt
// never meets a damaged page (see boltpage). A read of one review thus
// checks the few pages from the root down to it, not the file.
//
// A transaction on a file whose every page was checked first (a
// migration, prr doctor: boltpage.Walk) has no pages to check: pages is
// nil, and the methods go straight to bbolt.
type txn struct {
	tx    *bolt.Tx
	path  string
	pages *boltpage.Pages
}

// bkt is a bucket, with its tree for the checks.
type bkt struct {
	b    *bolt.Bucket
	tree boltpage.Tree
	name string
	// fresh: created or rewritten in this write transaction, so bbolt
	// holds it in memory and there is nothing on disk to check.
	fresh bool
}

func newTxn(tx *bolt.Tx, path string, checked bool) *txn {
	t := &txn{tx: tx, path: path}
	if checked {
		info := tx.DB().Info()
		t.pages = boltpage.NewPages(mapping(info, uint64(tx.Size())), info.PageSize)
	}
	return t
}

// mapping is the first size bytes of the file's mapping, which bbolt reads
// the file through. Info.Data is its address; reading the field through a
// pointer turns it into a pointer without converting a uintptr, which the
// garbage collector could not follow (it ignores memory outside its heap
// either way).
func mapping(info *bolt.Info, size uint64) []byte {
	return unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&info.Data))), size)
}

// root is the file's root bucket, which holds the top-level ones.
func (t *txn) root() *bkt {
	b := t.tx.Cursor().Bucket()
	return &bkt{b: b, tree: boltpage.Root(uint64(b.Root())), name: "the root bucket"}
}

// checks reports whether b's pages are to be checked.
func (t *txn) checks(b *bkt) bool { return t.pages != nil && !b.fresh }

func (t *txn) damagedAt(b *bkt, err error) error {
	return corruptError(t.path, "its pages are damaged where bbolt would read them (%s: %v)", b.name, err)
}

// cursor returns a checking cursor over b, nil when b is not checked.
func (t *txn) cursor(b *bkt) *boltpage.Cursor {
	if !t.checks(b) {
		return nil
	}
	return t.pages.Cursor(b.tree)
}

// locate checks the pages from b's root to key, the path of a Get, Put,
// Delete or bucket lookup, and returns the checking cursor on the element
// there (nil when b is not checked).
func (t *txn) locate(b *bkt, key []byte) (*boltpage.Cursor, boltpage.Element, error) {
	c := t.cursor(b)
	if c == nil {
		return nil, boltpage.Element{}, nil
	}
	e, err := c.Locate(key)
	if err != nil {
		return nil, e, t.damagedAt(b, err)
	}
	return c, e, nil
}

// bucket returns the sub-bucket name of parent, nil if there is none.
func (t *txn) bucket(parent *bkt, name []byte) (*bkt, error) {
	c, e, err := t.locate(parent, name)
	if err != nil {
		return nil, err
	}
	child := &bkt{name: string(name), fresh: parent.fresh}
	found := c != nil && bytes.Equal(e.Key, name) && e.IsBucket()
	if found {
		if child.tree, err = e.Bucket(); err != nil {
			return nil, t.damagedAt(parent, err)
		}
	}
	if child.b = parent.b.Bucket(name); child.b == nil {
		return nil, nil
	}
	if c != nil && !found {
		// bbolt knows a bucket the pages do not hold: one made in this
		// transaction (in a read the two always agree).
		if !t.tx.Writable() {
			return nil, t.damagedAt(parent, errDisagree)
		}
		child.fresh = true
	}
	return child, nil
}

// errDisagree: bbolt found what the checked pages do not hold.
var errDisagree = errors.New("bbolt and the checked pages disagree")

// get returns the value of key in b (nil if there is none, or it is a
// bucket). It lies in bbolt's memory: valid until the transaction ends.
func (t *txn) get(b *bkt, key []byte) ([]byte, error) {
	if _, _, err := t.locate(b, key); err != nil {
		return nil, err
	}
	return b.b.Get(key), nil
}

// put sets key in b.
func (t *txn) put(b *bkt, key, value []byte) error {
	if _, _, err := t.locate(b, key); err != nil {
		return err
	}
	return b.b.Put(key, value)
}

// del deletes key from b. bbolt then merges pages that became too empty
// with their siblings, reading them whole: those are checked too.
func (t *txn) del(b *bkt, key []byte) error {
	c, _, err := t.locate(b, key)
	if err != nil {
		return err
	}
	if c != nil {
		if err := c.CheckSiblings(); err != nil {
			return t.damagedAt(b, err)
		}
	}
	return b.b.Delete(key)
}

// deleteBucket deletes the sub-bucket name of parent and all it holds.
// bbolt reads every page of it to free them, so they are all checked.
func (t *txn) deleteBucket(parent *bkt, name []byte) error {
	c, e, err := t.locate(parent, name)
	if err != nil {
		return err
	}
	if c != nil && bytes.Equal(e.Key, name) && e.IsBucket() {
		tree, err := e.Bucket()
		if err == nil {
			err = t.pages.CheckTree(tree)
		}
		if err == nil {
			err = c.CheckSiblings()
		}
		if err != nil {
			return t.damagedAt(parent, err)
		}
	}
	return parent.b.DeleteBucket(name)
}

// createBucket creates the sub-bucket name of parent.
func (t *txn) createBucket(parent *bkt, name []byte) (*bkt, error) {
	if _, _, err := t.locate(parent, name); err != nil {
		return nil, err
	}
	b, err := parent.b.CreateBucket(name)
	if err != nil {
		return nil, err
	}
	return &bkt{b: b, name: string(name), fresh: true}, nil
}

// nextSequence bumps b's sequence, which makes bbolt read b's root page.
func (t *txn) nextSequence(b *bkt) (uint64, error) {
	if _, _, err := t.locate(b, nil); err != nil {
		return 0, err
	}
	return b.b.NextSequence()
}

// each calls fn with every key and value of b from the first key at or
// after from (every key, for nil) while fn returns true. A sub-bucket's
// value is nil, as bbolt gives it.
func (t *txn) each(b *bkt, from []byte, fn func(k, v []byte) (bool, error)) error {
	cc := t.cursor(b)
	bc := b.b.Cursor()
	var k, v []byte
	if cc != nil {
		var err error
		if from == nil {
			_, err = cc.First()
		} else {
			_, err = cc.Seek(from)
		}
		if err != nil {
			return t.damagedAt(b, err)
		}
	}
	if from == nil {
		k, v = bc.First()
	} else {
		k, v = bc.Seek(from)
	}
	for k != nil {
		more, err := fn(k, v)
		if err != nil || !more {
			return err
		}
		if cc != nil {
			if _, err := cc.Next(); err != nil {
				return t.damagedAt(b, err)
			}
		}
		k, v = bc.Next()
	}
	return nil
}

// topBucket returns a top-level bucket, which every database at this
// schema has.
func (t *txn) topBucket(name []byte) (*bkt, error) {
	b, err := t.bucket(t.root(), name)
	if err == nil && b == nil {
		err = corruptError(t.path, "the %q bucket is missing", name)
	}
	return b, err
}
