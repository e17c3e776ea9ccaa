// Package store keeps prr's reviews in one bbolt file.
//
// What it guarantees, and how:
//
//   - A change is saved when the call returns. Each change (an answer, the
//     metadata, a sign-off, a new, imported or deleted review) is one bbolt
//     write transaction, and bbolt syncs it to disk before Commit returns.
//     NoSync and NoFreelistSync are never used. A process killed at any
//     moment leaves the database at its last acknowledged change.
//   - Concurrent changes to different items never overwrite each other: an
//     answer is stored per item and read, changed and written inside the
//     transaction that serialises it, never from a copy held by a screen.
//   - A second process is never shut out for long. The database is opened
//     for one operation at a time and closed again (reads take a shared
//     lock, writes an exclusive one), and every wait for the lock is bounded
//     by Options.LockTimeout, after which the operation fails with ErrLocked.
//     Revision lets a screen notice changes made by another process. Close
//     does not wait for operations in flight: they finish on their own.
//   - Every change leaves audit events (time, actor, field, old and new) in
//     the review's history, derived by the domain (review.DiffAnswer,
//     review.DiffMeta).
//   - A file that is not a prr database, or is truncated or damaged, is
//     refused with a one-line error (ErrNotDatabase, ErrCorrupt) and is never
//     written to: its header and meta pages are checked with plain reads
//     before bbolt maps it, and bbolt runs under recover with
//     debug.SetPanicOnFault as a second line. Open and Revision read the
//     few values they need (marker, schema version, revision counters) with
//     plain, bounds-checked reads after the same lock and header check, and
//     leave anything unexpected to bbolt (peek.go). A database from a newer
//     prr (ErrNewerSchema) is refused without being opened for writing.
//   - The schema is versioned; older databases are upgraded on Open by an
//     ordered list of migrations run in one transaction (migrate.go).
//
// All rules about reviews (validation, scoring, verdicts, diffs, hashes)
// come from package review; the store only keeps what the domain decides.
// prr list reads only the summary records, which carry the verdict from
// each waiver expiry date on (summary.go), never a whole review; writes
// reuse what they decoded last time while its bytes are unchanged
// (cache.go).
// The file layout is described in layout.go.
package store
