package export

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// checkJSONText refuses a record that encoding/json would read other than
// a person reads it: it starts with a byte-order mark (which encoding/json
// calls "invalid character 'ï'"), it is not UTF-8 or holds a lone UTF-16
// surrogate (encoding/json silently reads either as U+FFFD), or an object
// has two keys that encoding/json takes for the same one (the last wins,
// while someone reading the file in git sees the first; keys match without
// regard to case, so "id", "ID" and "\u0069d" are one key).
//
// data must be syntactically valid JSON; the scan is one pass, allocating
// only for the keys it compares.
func checkJSONText(data []byte) error {
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		return errors.New("invalid record: it starts with a byte-order mark (U+FEFF); save it as UTF-8 without one")
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			off += size
		}
		return positionError(data, off, "not valid UTF-8 text")
	}
	var st keyStack
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			st.open(true)
		case '[':
			st.open(false)
		case '}', ']':
			st.close()
		case '"':
			end, escaped, err := scanString(data, i)
			if err != nil {
				return err
			}
			if st.inObject() && isKey(data, end) {
				text := unquote(data[i:end], escaped)
				if prev, dup := st.add(text); dup {
					msg := "the key " + strconv.Quote(string(text)) + " appears twice in one object"
					if !bytes.Equal(prev, text) {
						msg += " (as " + strconv.Quote(string(prev)) + " too)"
					}
					return positionError(data, i, msg+"; keep one")
				}
			}
			i = end - 1
		}
	}
	return nil
}

// keyStack holds the keys of the objects being read, innermost last.
type keyStack struct {
	keys [][]byte
	// levels are the open objects and arrays: where an object's keys
	// start in keys (-1 for an array), and, once it has many keys, a set
	// of them by folded name.
	levels []level
}

type level struct {
	start int
	set   map[string][]byte
}

// manyKeys is where comparing a new key with each earlier one gives way
// to a set: the answers of a big review are thousands of keys.
const manyKeys = 32

func (s *keyStack) open(object bool) {
	start := -1
	if object {
		start = len(s.keys)
	}
	s.levels = append(s.levels, level{start: start})
}

func (s *keyStack) close() {
	if n := len(s.levels); n > 0 {
		if l := s.levels[n-1]; l.start >= 0 {
			s.keys = s.keys[:l.start]
		}
		s.levels = s.levels[:n-1]
	}
}

func (s *keyStack) inObject() bool { return len(s.levels) > 0 && s.levels[len(s.levels)-1].start >= 0 }

// add records key in the innermost object, or returns the earlier key
// that encoding/json would take for the same one.
func (s *keyStack) add(key []byte) (prev []byte, dup bool) {
	l := &s.levels[len(s.levels)-1]
	own := s.keys[l.start:]
	if l.set == nil && len(own) >= manyKeys {
		l.set = make(map[string][]byte, 2*len(own))
		for _, k := range own {
			l.set[fold(k)] = k
		}
	}
	if l.set != nil {
		f := fold(key)
		if prev, dup := l.set[f]; dup {
			return prev, true
		}
		l.set[f] = key
	} else {
		for _, k := range own {
			if bytes.EqualFold(k, key) {
				return k, true
			}
		}
	}
	s.keys = append(s.keys, key)
	return nil, false
}

// isKey reports whether the string that ends at data[end] is a key: the
// next thing after it is a colon.
func isKey(data []byte, end int) bool {
	for ; end < len(data); end++ {
		switch data[end] {
		case ' ', '\t', '\r', '\n':
		case ':':
			return true
		default:
			return false
		}
	}
	return false
}

// scanString reads the JSON string that starts at data[start] == '"' and
// returns the index just past its closing quote and whether it has
// escapes. A lone surrogate escape is an error.
func scanString(data []byte, start int) (end int, escaped bool, err error) {
	i := start + 1
	for i < len(data) {
		j := bytes.IndexAny(data[i:], `"\`)
		if j < 0 {
			i = len(data)
			break
		}
		i += j
		if data[i] == '"' {
			break
		}
		escaped = true
		if i+1 < len(data) && data[i+1] == 'u' {
			r, ok := hex4(data, i+2)
			switch {
			case !ok:
			case utf16.IsSurrogate(r) && r < 0xdc00 && i+11 < len(data) && data[i+6] == '\\' && data[i+7] == 'u':
				if lo, ok := hex4(data, i+8); ok && utf16.DecodeRune(r, lo) != utf8.RuneError {
					i += 12
					continue
				}
				fallthrough
			case utf16.IsSurrogate(r):
				return 0, false, positionError(data, i, fmt.Sprintf(`\u%04x is half of a UTF-16 surrogate pair, not a character`, r))
			}
			i += 6
			continue
		}
		i += 2
	}
	return i + 1, escaped, nil
}

// unquote returns the text of a JSON string, quotes included in quoted:
// the bytes between them unless it has escapes.
func unquote(quoted []byte, escaped bool) []byte {
	raw := quoted[1 : len(quoted)-1]
	if !escaped {
		return raw
	}
	// Valid JSON: strconv reads its escapes alike, but for \/ (which Go
	// lacks); scanString refused lone surrogates.
	s, err := strconv.Unquote(strings.ReplaceAll(string(quoted), `\/`, `/`))
	if err != nil {
		return raw
	}
	return []byte(s)
}

// hex4 reads the four hex digits of a \u escape at data[i:].
func hex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			c = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// fold maps s to the same string as every string encoding/json would
// match with it (as bytes.EqualFold does): each letter becomes the least
// of its case-folding orbit, so "k", "K" and the Kelvin sign K are one
// letter, and "s", "S" and "ſ".
func fold(s []byte) string {
	if ascii := bytes.IndexFunc(s, func(r rune) bool { return r >= utf8.RuneSelf }) < 0; ascii {
		return string(bytes.ToUpper(s)) // the least of each ASCII letter's orbit is its capital
	}
	return string(bytes.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s))
}

// positionError is an "invalid record" error at byte offset off.
func positionError(data []byte, off int, msg string) error {
	line, col := position(data, int64(off))
	return fmt.Errorf("invalid record: line %d, column %d: %s", line, col, msg)
}
