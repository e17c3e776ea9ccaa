package store

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
	"time"
)

// Values the store writes are either compressed JSON of the domain types
// (a review's record, a template snapshot: large, and read whole) or small
// binary records (summaries, history events: many, and read in bulk).

// maxInflated bounds what one compressed value may inflate to, so that a
// damaged value cannot ask for unbounded memory. A record or a snapshot is
// at most export.MaxJSONBytes (32 MiB) when imported; this leaves room.
const maxInflated = 128 << 20

// recordLevel is how hard a review's record is compressed on every
// change. flate's default rather than its fastest: a fully answered
// review's record shrinks from some 4.1 KB to 3.5 KB, under a page of the
// file, for some 100 µs a change.
const recordLevel = flate.DefaultCompression

// compress deflates data at the given level (compress/flate). A record is
// compressed on every change, so its writers are reused: a new one
// allocates some 600 KB of tables.
func compress(data []byte, level int) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data)/3 + 64)
	var w *flate.Writer
	if level == recordLevel {
		w = recordWriters.Get().(*flate.Writer)
		defer recordWriters.Put(w)
		w.Reset(&buf)
	} else {
		var err error
		if w, err = flate.NewWriter(&buf, level); err != nil {
			panic(err) // only an invalid level fails, and the levels are constants
		}
	}
	_, _ = w.Write(data) // a bytes.Buffer does not fail
	_ = w.Close()
	return buf.Bytes()
}

var recordWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, recordLevel)
	return w
}}

var readers = sync.Pool{New: func() any { return flate.NewReader(nil) }}

// inflate undoes compress, copying out of data (which may be bbolt's).
func inflate(data []byte) ([]byte, error) {
	r := readers.Get().(io.ReadCloser)
	defer readers.Put(r)
	if err := r.(flate.Resetter).Reset(bytes.NewReader(data), nil); err != nil {
		return nil, fmt.Errorf("it does not decompress (%v)", err)
	}
	var out bytes.Buffer
	out.Grow(4 * len(data))
	n, err := out.ReadFrom(io.LimitReader(r, maxInflated+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("it does not decompress (%v)", err)
	case n > maxInflated:
		return nil, fmt.Errorf("it decompresses to more than %d MiB", maxInflated>>20)
	}
	return out.Bytes(), nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendTime(b []byte, t time.Time) []byte {
	_, offset := t.Zone()
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(offset))
}

// decoder reads the fields of a binary record from src; after the first
// error every read returns a zero value, and err says what went wrong.
type decoder struct {
	src string
	off int
	err error
}

var errTruncated = errors.New("truncated")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.off >= len(d.src) {
			d.err = errTruncated
			return 0
		}
		c := d.src[d.off]
		d.off++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.err = errors.New("a number is too long")
	return 0
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// count reads a non-negative number that must fit an int32 (counts,
// lengths), so that no damaged value can ask for a huge allocation.
func (d *decoder) count() int {
	v := d.uvarint()
	if v > math.MaxInt32 && d.err == nil {
		d.err = fmt.Errorf("a count of %d", v)
	}
	if d.err != nil {
		return 0
	}
	return int(v)
}

func (d *decoder) int() int {
	v := d.varint()
	if (v > math.MaxInt32 || v < math.MinInt32) && d.err == nil {
		d.err = fmt.Errorf("a number of %d", v)
	}
	if d.err != nil {
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.count()
	if d.err != nil {
		return ""
	}
	if n > len(d.src)-d.off {
		d.err = errTruncated
		return ""
	}
	s := d.src[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.src)-d.off < 8 {
		d.err = errTruncated
		return 0
	}
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(d.src[d.off+i])
	}
	d.off += 8
	return math.Float64frombits(v)
}

func (d *decoder) time() time.Time {
	sec, nsec, offset := d.varint(), d.uvarint(), d.varint()
	if d.err != nil {
		return time.Time{}
	}
	if nsec >= 1e9 || offset <= -24*3600 || offset >= 24*3600 {
		d.err = fmt.Errorf("an impossible time (%d s, %d ns, offset %d s)", sec, nsec, offset)
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	if offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", int(offset)))
}
