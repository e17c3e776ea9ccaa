// Package review is the domain of prr: checklists (templates), reviews of a
// service against a checklist, answers, scoring, verdicts, sign-offs and the
// content hash that ties a sign-off to what was signed.
//
// Data flows one way: template → review → answers → verdict → record. This
// package is pure Go: it knows nothing of terminals or databases, so that the
// TUI and the CLI share one set of rules. The edges live in subpackages
// (store for bbolt, export for the record, textsafe for drawing user text).
package review
