package review

import (
	"crypto/rand"
	"regexp"
)

// idAlphabet leaves out letters that are easily confused when read aloud
// or typed from a projector (i, l, o, u), as Crockford's base32 does.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// IDLength is the length of a review id. 8 characters of base32 give 2^40
// ids: collisions are checked on create, and a prefix is enough to type.
const IDLength = 8

var idRE = regexp.MustCompile(`^[0-9a-hjkmnp-tv-z]{1,8}$`)

// NewID returns a random, short, human-typable review id.
func NewID() string {
	var b [IDLength]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("review: no randomness: " + err.Error()) // crypto/rand never fails on supported platforms
	}
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b[:])
}

// ValidIDPrefix reports whether s could be (the start of) a review id.
func ValidIDPrefix(s string) bool { return idRE.MatchString(s) }
