// Package export writes a review's record: the Markdown sign-off record for
// the team wiki and the JSON record for machines, and reads both back (JSON
// import, verify).
//
// Three promises shape it.
//
// Deterministic: a record describes the review as of AsOf (its last change
// or sign-off), never the wall clock, and writes every time in UTC; the
// same review gives the same bytes on any machine, in any time zone, on
// any day. Golden-file tests hold this.
//
// Safe: everything a user typed or a file imported is escaped before any
// layout sees it (see Inline, Cell, Block and Link, and Data). No input can
// make the Markdown contain raw HTML, a link other than http(s) or mailto,
// a broken table or a control character; fuzz tests hold this.
//
// Faithful: scores, verdict, state and staleness come from the review
// package (Assess, SignOffState, ContentHash), never from rules of its own,
// so the record says what the TUI and `prr check` say. Import applies the
// review package's own validation, so a JSON file cannot put into the
// database what the TUI or the CLI would refuse.
package export
