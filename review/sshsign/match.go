package sshsign

import "strings"

// MatchList reports whether s matches the comma-separated pattern list as
// OpenSSH's match_pattern_list does (case-sensitively): some pattern
// matches and no negated one ("!pattern") does. In a pattern, '*' stands
// for any run of characters and '?' for any one.
func MatchList(s, list string) bool {
	matched := false
	for _, p := range strings.Split(list, ",") {
		negated := strings.HasPrefix(p, "!")
		if negated {
			p = p[1:]
		}
		if !Match(s, p) {
			continue
		}
		if negated {
			return false
		}
		matched = true
	}
	return matched
}

// Match reports whether s matches the one pattern p ('*' and '?').
// It runs in time proportional to len(s)*len(p), whatever the pattern: a
// pattern is read from a file anyone may have written.
func Match(s, p string) bool {
	// The classic greedy matcher with one backtrack point: on a mismatch,
	// let the last '*' swallow one more character.
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			mark++
			si, pi = mark, star+1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
