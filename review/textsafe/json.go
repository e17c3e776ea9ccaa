package textsafe

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// JSON escapes, in encoded JSON, what encoding/json writes as itself but a
// terminal showing the JSON would act on or that hides or reorders text:
// DEL, the C1 controls (U+0080 to U+009F) and the Unicode format
// characters (bidi controls, zero-width characters, the byte-order mark,
// tags). Each becomes a \uXXXX escape (a surrogate pair above U+FFFF),
// which every JSON reader decodes back to the same text. In valid JSON
// such characters can only be inside strings, where an escape is valid.
// b is returned as it is when there is nothing to escape.
func JSON(b []byte) []byte {
	i := nextToEscape(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/16+12)
	for i >= 0 {
		r, size := utf8.DecodeRune(b[i:])
		out = append(out, b[:i]...)
		if r > 0xffff {
			hi, lo := utf16Pair(r)
			out = appendEscape(appendEscape(out, hi), lo)
		} else {
			out = appendEscape(out, r)
		}
		b = b[i+size:]
		i = nextToEscape(b)
	}
	return append(out, b...)
}

// nextToEscape finds the first rune in b that JSON escapes. Runs of ASCII
// other than DEL, nearly all of any JSON prr writes, are skipped eight
// bytes at a time.
func nextToEscape(b []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(b); {
		if i+8 <= len(b) {
			w := binary.LittleEndian.Uint64(b[i:])
			del := w ^ 0x7f*ones // a zero byte where b has DEL
			if w&highs == 0 && (del-ones)&^del&highs == 0 {
				i += 8
				continue
			}
		}
		c := b[i]
		if c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || r != utf8.RuneError && unicode.Is(unicode.Cf, r) {
			return i
		}
		i += size
	}
	return -1
}

func appendEscape(out []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(out, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

func utf16Pair(r rune) (hi, lo rune) {
	r -= 0x10000
	return 0xd800 + r>>10&0x3ff, 0xdc00 + r&0x3ff
}
