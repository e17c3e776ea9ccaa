package boltpage

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// commits adds n small commits to the file at path.
func commits(t *testing.T, path string, n int) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range n {
		err := db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("small")).Put([]byte("k"), []byte{byte(i)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func flip(data []byte, page, pageSize, offset int, mask byte) []byte {
	d := append([]byte(nil), data...)
	d[page*pageSize+offset] ^= mask
	return d
}

func TestRolledBack(t *testing.T) {
	path := testFile(t)
	commits(t, path, 3)
	good := readFile(t, path)
	h := header(t, path)
	ps, newest := h.PageSize, h.Use
	txid := h.Current().Txid
	for _, tc := range []struct {
		name       string
		data       []byte
		rolledBack bool
		lost       uint64
	}{
		{"sound", good, false, 0},
		{"a bit of the newest meta page's root", flip(good, newest, ps, PageHeaderSize+16, 0x02), true, txid},
		{"a bit of the newest meta page's txid", flip(good, newest, ps, PageHeaderSize+48, 0x02), true, txid},
		{"a bit of the newest meta page's checksum", flip(good, newest, ps, PageHeaderSize+60, 0x80), true, txid},
		{"the newest meta page's magic zeroed", func() []byte {
			d := append([]byte(nil), good...)
			copy(d[newest*ps+PageHeaderSize:], []byte{0, 0, 0, 0})
			return d
		}(), true, txid},
		{"a bit of the older meta page", flip(good, 1-newest, ps, PageHeaderSize+16, 0x02), false, 0},
		{"the older meta page's root, two bits", flip(flip(good, 1-newest, ps, PageHeaderSize+16, 0x02), 1-newest, ps, PageHeaderSize+24, 0x01), false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, err := ReadHeader(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err != nil {
				t.Fatal(err)
			}
			if got := h.RolledBack(); got != tc.rolledBack {
				t.Errorf("RolledBack = %v, want %v (using meta page %d, txid %d)", got, tc.rolledBack, h.Use, h.Current().Txid)
			}
			if got := h.LostTxid(); got != tc.lost {
				t.Errorf("LostTxid = %d, want %d", got, tc.lost)
			}
		})
	}
}

// TestRestoreMeta: after the damaged meta page is restored from the sound
// one, the file is sound, no longer rolled back, and bbolt opens it at the
// older commit and writes on from there.
func TestRestoreMeta(t *testing.T) {
	path := testFile(t)
	commits(t, path, 3)
	h := header(t, path)
	d := flip(readFile(t, path), h.Use, h.PageSize, PageHeaderSize+20, 0x10)
	damagedPath := writeFile(t, d)
	before := header(t, damagedPath)
	if !before.RolledBack() {
		t.Fatal("the damaged copy does not count as rolled back")
	}
	f, err := os.OpenFile(damagedPath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := RestoreMeta(f, before); err != nil {
		t.Fatal(err)
	}
	f.Close()
	after := header(t, damagedPath)
	if after.MetaErr[0] != nil || after.MetaErr[1] != nil || after.RolledBack() || after.Current().Txid != before.Current().Txid {
		t.Fatalf("after the restore: errors %v, rolled back %v, txid %d (was %d)", after.MetaErr, after.RolledBack(), after.Current().Txid, before.Current().Txid)
	}
	if problems := Walk(bytes.NewReader(readFile(t, damagedPath)), after); len(problems) > 0 {
		t.Errorf("Walk after the restore: %v", problems)
	}
	commits(t, damagedPath, 2)
	if h := header(t, damagedPath); h.MetaErr[0] != nil || h.MetaErr[1] != nil || h.Current().Txid != before.Current().Txid+2 {
		t.Errorf("after two more commits: %v, txid %d", h.MetaErr, h.Current().Txid)
	}
	if err := RestoreMeta(f, after); err == nil || !strings.Contains(err.Error(), "nothing to restore") {
		t.Errorf("RestoreMeta of a sound file: %v", err)
	}
}

// TestWalk: the full walk passes a sound file and reports damage anywhere
// in it, including in a nested bucket no lookup goes through.
func TestWalk(t *testing.T) {
	path := testFile(t)
	good := readFile(t, path)
	h := header(t, path)
	if problems := Walk(bytes.NewReader(good), h); len(problems) > 0 {
		t.Fatalf("Walk of a sound file: %v", problems)
	}
	if err := CheckFreelist(bytes.NewReader(good), h); err != nil {
		t.Fatalf("CheckFreelist of a sound file: %v", err)
	}
	var deep uint64
	view(t, path, func(tx *bolt.Tx, p *Pages) {
		deep = uint64(tx.Bucket([]byte("nest")).Bucket(key(39)).Root())
	})
	d := append([]byte(nil), good...)
	d[int(deep)*h.PageSize+8] = freelistPage
	if problems := Walk(bytes.NewReader(d), h); len(problems) == 0 || !strings.Contains(problems[0], "type") {
		t.Errorf("Walk of a file with a damaged nested bucket: %v", problems)
	}
}

// TestReadHeaderRefusals: files bbolt must not open are refused, telling
// a foreign file from a damaged one.
func TestReadHeaderRefusals(t *testing.T) {
	good := readFile(t, testFile(t))
	h, _ := ReadHeader(bytes.NewReader(good), int64(len(good)))
	for _, tc := range []struct {
		name    string
		data    []byte
		notBolt bool
		want    string
	}{
		{"empty", nil, true, "empty"},
		{"text", []byte(strings.Repeat("not a database\n", 500)), true, "no bbolt"},
		{"truncated", good[:int(h.Current().HWM-1)*h.PageSize], false, "truncated"},
		{"odd size", good[:len(good)-100], false, "truncated"},
		{"both meta pages", flip(flip(good, 0, h.PageSize, PageHeaderSize+20, 1), 1, h.PageSize, PageHeaderSize+20, 1), false, "both meta pages"},
		{"root page", func() []byte {
			d := append([]byte(nil), good...)
			clear(d[int(h.Current().Root)*h.PageSize : int(h.Current().Root+1)*h.PageSize])
			return d
		}(), false, "root page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHeader(bytes.NewReader(tc.data), int64(len(tc.data)))
			e, ok := err.(*Error)
			if !ok || e.NotBolt != tc.notBolt || !strings.Contains(e.Reason, tc.want) {
				t.Errorf("ReadHeader: %#v, want NotBolt %v and %q", err, tc.notBolt, tc.want)
			}
		})
	}
}
