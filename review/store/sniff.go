package store

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// sniff names what a file that is not a bbolt database probably is, so the
// error says "it is a PNG image" rather than only "invalid".
func sniff(b []byte) string {
	formats := []struct {
		magic []byte
		name  string
	}{
		{[]byte("\x89PNG\r\n\x1a\n"), "is a PNG image"},
		{[]byte("SQLite format 3\x00"), "is an SQLite database"},
		{[]byte("\xff\xd8\xff"), "is a JPEG image"},
		{[]byte("GIF8"), "is a GIF image"},
		{[]byte("%PDF-"), "is a PDF document"},
		{[]byte("PK\x03\x04"), "is a zip archive"},
		{[]byte("\x1f\x8b"), "is gzip-compressed"},
		{[]byte("\x7fELF"), "is a program (ELF)"},
	}
	for _, f := range formats {
		if bytes.HasPrefix(b, f.magic) {
			return f.name
		}
	}
	if looksLikeText(b) {
		return "is a text file"
	}
	if len(b) < 20 {
		return fmt.Sprintf("is too short to be a database (%d bytes)", len(b))
	}
	return "has no bbolt database header"
}

// looksLikeText reports whether b is UTF-8 without NUL bytes, forgiving a
// character cut in half at the end of the sample.
func looksLikeText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for cut := 0; cut < utf8.UTFMax && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}
