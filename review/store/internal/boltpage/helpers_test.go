package boltpage

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unsafe"

	bolt "go.etcd.io/bbolt"
)

// testFile builds a bbolt file with a big bucket (a tree several levels
// deep, some values spilling onto overflow pages), a bucket of nested
// buckets (inline and not) and a small one, and returns its path.
func testFile(t testing.TB) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		big, err := tx.CreateBucket([]byte("big"))
		if err != nil {
			return err
		}
		for i := range 3000 {
			v := bytes.Repeat([]byte{byte(i)}, 20+i%50)
			if i%500 == 7 {
				v = bytes.Repeat([]byte("x"), 9000)
			}
			if err := big.Put(key(i), v); err != nil {
				return err
			}
		}
		nest, err := tx.CreateBucket([]byte("nest"))
		if err != nil {
			return err
		}
		for i := range 40 {
			sub, err := nest.CreateBucket(key(i))
			if err != nil {
				return err
			}
			for j := range 1 + i*i {
				if err := sub.Put(key(j), []byte(fmt.Sprint(i, j))); err != nil {
					return err
				}
			}
		}
		small, err := tx.CreateBucket([]byte("small"))
		if err != nil {
			return err
		}
		return small.Put([]byte("k"), []byte("v"))
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func key(i int) []byte { return []byte(fmt.Sprintf("key-%06d", i*2)) }

// view runs fn in a read transaction of the file at path, with the file's
// pages as this package sees them.
func view(t testing.TB, path string, fn func(tx *bolt.Tx, p *Pages)) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		info := db.Info()
		data := unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&info.Data))), tx.Size())
		fn(tx, NewPages(data, info.PageSize))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeFile(t testing.TB, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// header reads the header of the file at path.
func header(t testing.TB, path string) *Header {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	h, err := ReadHeader(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	return h
}
