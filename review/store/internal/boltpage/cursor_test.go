package boltpage

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// rootTree is the tree of the file's root bucket in tx.
func rootTree(tx *bolt.Tx) Tree { return Root(uint64(tx.Cursor().Bucket().Root())) }

// subTree finds the bucket name in t through a checking cursor.
func subTree(t *testing.T, p *Pages, in Tree, name []byte) Tree {
	t.Helper()
	e, err := p.Cursor(in).Locate(name)
	if err != nil || !bytes.Equal(e.Key, name) {
		t.Fatalf("locate %q: %v, landed on %q", name, err, e.Key)
	}
	sub, err := e.Bucket()
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// TestCursorMovesLikeBbolts: on a sound file, every move lands where
// bbolt's cursor lands, on the same key and value.
func TestCursorMovesLikeBbolts(t *testing.T) {
	path := testFile(t)
	view(t, path, func(tx *bolt.Tx, p *Pages) {
		for _, name := range []string{"big", "small"} {
			tree := subTree(t, p, rootTree(tx), []byte(name))
			b := tx.Bucket([]byte(name))
			// The whole bucket, First then Next.
			c, bc := p.Cursor(tree), b.Cursor()
			e, err := c.First()
			k, v := bc.First()
			n := 0
			for ; k != nil; k, v = bc.Next() {
				if err != nil || !bytes.Equal(e.Key, k) || !bytes.Equal(e.Value, v) {
					t.Fatalf("%s element %d: checker at %q (%v), bbolt at %q", name, n, e.Key, err, k)
				}
				e, err = c.Next()
				n++
			}
			if err != nil || e.Key != nil {
				t.Fatalf("%s: checker goes on after bbolt's end: %q, %v", name, e.Key, err)
			}
			// Seeks to keys that exist, fall between, and lie past the end.
			for _, seek := range [][]byte{key(0), key(17), []byte("key-000035"), key(2999), []byte("key-9"), []byte(""), []byte("a"), []byte("zzz")} {
				e, err := p.Cursor(tree).Seek(seek)
				k, v := b.Cursor().Seek(seek)
				if err != nil || !bytes.Equal(e.Key, k) || (!e.IsBucket() && !bytes.Equal(e.Value, v)) {
					t.Errorf("%s: Seek(%q): checker %q (%v), bbolt %q", name, seek, e.Key, err, k)
				}
				e, err = p.Cursor(tree).Locate(seek)
				got := b.Get(seek)
				if err != nil || (got != nil) != bytes.Equal(e.Key, seek) {
					t.Errorf("%s: Locate(%q) landed on %q (%v); bbolt's Get says %q", name, seek, e.Key, err, got)
				}
			}
		}
		// Nested buckets, inline and not.
		nest := subTree(t, p, rootTree(tx), []byte("nest"))
		for i := range 40 {
			sub := subTree(t, p, nest, key(i))
			if (sub.root == 0) != (tx.Bucket([]byte("nest")).Bucket(key(i)).Root() == 0) {
				t.Errorf("bucket %d: inline %v, bbolt disagrees", i, sub.root == 0)
			}
			e, err := p.Cursor(sub).Seek(key(i * i / 2))
			k, _ := tx.Bucket([]byte("nest")).Bucket(key(i)).Cursor().Seek(key(i * i / 2))
			if err != nil || !bytes.Equal(e.Key, k) {
				t.Errorf("bucket %d: Seek: checker %q (%v), bbolt %q", i, e.Key, err, k)
			}
		}
		if err := p.CheckTree(nest); err != nil {
			t.Errorf("CheckTree of a sound bucket: %v", err)
		}
	})
}

// pageOf returns the id of the leaf page holding key in bucket name.
func leafOf(t *testing.T, path string, name string, k []byte) (leaf, parent uint64) {
	view(t, path, func(tx *bolt.Tx, p *Pages) {
		c := p.Cursor(subTree(t, p, rootTree(tx), []byte(name)))
		if _, err := c.Locate(k); err != nil {
			t.Fatal(err)
		}
		if len(c.ids) < 2 {
			t.Fatalf("bucket %s is one page", name)
		}
		leaf, parent = c.ids[len(c.ids)-1], c.ids[len(c.ids)-2]
	})
	return leaf, parent
}

// TestDamageOnThePathIsFound: pages a move would read are checked first;
// a damaged one is an error, a cycle ends, and damage off the path does not
// concern the move.
func TestDamageOnThePathIsFound(t *testing.T) {
	path := testFile(t)
	good := readFile(t, path)
	ps := header(t, path).PageSize
	target := key(1500)
	leaf, parent := leafOf(t, path, "big", target)
	other, _ := leafOf(t, path, "big", key(10))
	damage := func(f func(d []byte)) string {
		d := append([]byte(nil), good...)
		f(d)
		return writeFile(t, d)
	}
	// The parent's element that leads to the leaf.
	childSlot := func(d []byte) []byte {
		page := d[int(parent)*ps:]
		for i := range int(binary.LittleEndian.Uint16(page[10:])) {
			e := page[PageHeaderSize+i*elementSize:]
			if binary.LittleEndian.Uint64(e[8:]) == leaf {
				return e[8:16]
			}
		}
		t.Fatal("no element leads to the leaf")
		return nil
	}
	for _, tc := range []struct {
		name, want string
		path       string
	}{
		{"leaf id", "calls itself", damage(func(d []byte) { d[int(leaf)*ps] ^= 0x40 })},
		{"leaf type", "type", damage(func(d []byte) { d[int(leaf)*ps+8] = freelistPage })},
		{"leaf count", "more than it holds", damage(func(d []byte) { binary.LittleEndian.PutUint16(d[int(leaf)*ps+10:], 0xFFF0) })},
		{"element offset", "outside the page", damage(func(d []byte) {
			binary.LittleEndian.PutUint32(d[int(leaf)*ps+PageHeaderSize+4:], 1<<30)
		})},
		{"overflow", "past the end", damage(func(d []byte) { binary.LittleEndian.PutUint32(d[int(leaf)*ps+12:], 1<<30) })},
		{"child past the end", "outside the database", damage(func(d []byte) { binary.LittleEndian.PutUint64(childSlot(d), 1<<40) })},
		{"child is a meta page", "outside the database", damage(func(d []byte) { binary.LittleEndian.PutUint64(childSlot(d), 1) })},
		{"cycle", "reached twice", damage(func(d []byte) { binary.LittleEndian.PutUint64(childSlot(d), parent) })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			view(t, tc.path, func(tx *bolt.Tx, p *Pages) {
				root := rootTree(tx)
				c := p.Cursor(subTree(t, p, root, []byte("big")))
				_, err := c.Locate(target)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("Locate through the damage: %v, want an error about %q", err, tc.want)
				}
				// A walk of the whole bucket meets it too, and ends.
				e, err := c.First()
				for n := 0; err == nil && e.Key != nil; n++ {
					if n > 10000 {
						t.Fatal("the walk does not end")
					}
					e, err = c.Next()
				}
				if err == nil {
					t.Error("a walk of the whole bucket did not meet the damage")
				}
				if other != leaf {
					if _, err := p.Cursor(subTree(t, p, root, []byte("big"))).Locate(key(10)); err != nil && tc.name != "cycle" {
						t.Errorf("a lookup off the damaged path failed: %v", err)
					}
				}
				if err := p.Cursor(subTree(t, p, root, []byte("big"))).CheckSiblings(); err != nil {
					t.Errorf("CheckSiblings before any move: %v", err)
				}
			})
		})
	}
}

// TestCheckSiblingsReadsTheNeighbours: a damaged sibling of a page on the
// path is found by CheckSiblings, not by the move itself.
func TestCheckSiblingsReadsTheNeighbours(t *testing.T) {
	path := testFile(t)
	good := readFile(t, path)
	ps := header(t, path).PageSize
	leaf, _ := leafOf(t, path, "big", key(1500))
	d := append([]byte(nil), good...)
	var sibling uint64
	view(t, path, func(tx *bolt.Tx, p *Pages) {
		c := p.Cursor(subTree(t, p, rootTree(tx), []byte("big")))
		if _, err := c.Locate(key(1500)); err != nil {
			t.Fatal(err)
		}
		parent := c.stack[len(c.stack)-2]
		_, sibling = branchElement(parent.buf, (parent.index+1)%parent.count)
	})
	if sibling == leaf {
		t.Fatal("no sibling")
	}
	d[int(sibling)*ps+8] = metaPage
	view(t, writeFile(t, d), func(tx *bolt.Tx, p *Pages) {
		c := p.Cursor(subTree(t, p, rootTree(tx), []byte("big")))
		if _, err := c.Locate(key(1500)); err != nil {
			t.Fatalf("the move itself does not read the sibling: %v", err)
		}
		if err := c.CheckSiblings(); err == nil || !strings.Contains(err.Error(), "type") {
			t.Errorf("CheckSiblings: %v, want the damaged sibling", err)
		}
	})
}
