// Package store keeps prr's reviews in one bbolt file.
//
// What it guarantees, and how:
//
//   - A change is saved when the call returns. Each change (an answer, the
//     metadata, a sign-off, a new, imported or deleted review) is one bbolt
//     write transaction, and bbolt syncs it to disk before Commit returns.
//     NoSync and NoFreelistSync are never used. A process killed at any
//     moment leaves the database at its last acknowledged change.
//   - Concurrent changes never overwrite each other: a change reads the
//     review, changes it and writes it back inside the transaction that
//     serialises writes (Update), never from a copy held by a screen.
//   - A second process is never shut out for long. Each operation opens
//     the file once, runs one transaction and closes it (reads under a
//     shared lock, writes under an exclusive one), unless the store keeps it
//     open (Options.KeepOpen, for a server); every wait for the lock is
//     bounded by Options.LockTimeout, after which the operation fails with
//     ErrLocked. Revision lets a screen notice changes made by another
//     process.
//   - Operations on one review cost the same whatever the number of
//     reviews: an id prefix is resolved with one seek, a review is one
//     record and a template snapshot read through a cache, and a write
//     rewrites that record, appends to its history and replaces its
//     summary. Only List (every summary), Doctor and migrations read in
//     proportion to the file.
//   - Every change leaves audit events (time, actor, field, old and new) in
//     the review's history, derived by the domain (review.DiffReview).
//   - A file that is not a prr database, or is truncated or damaged, is
//     refused with a one-line error (ErrNotDatabase, ErrCorrupt) and is never
//     written to. bbolt trusts every byte of its file, so before bbolt reads
//     a page it is checked (internal/boltpage): the header and meta pages
//     before the file is opened, and on each operation the pages bbolt's
//     cursor will follow to what it reads or writes (bounds, kind, element
//     offsets inside the page, no page reached twice). bbolt also runs
//     under recover with debug.SetPanicOnFault, as a second line.
//   - A file whose newest meta page is damaged opens, as bbolt does, at the
//     commit before, losing the newest change. Reads go on and say so
//     (Warnings); writes are refused with ErrCorrupt and ErrRolledBack,
//     since the next one would make the loss permanent, until the loss is
//     accepted (AcceptRollback).
//   - The schema is versioned; older databases are upgraded on Open by an
//     ordered list of migrations run in one transaction (migrate.go), after
//     a check of every page, and the file is compacted afterwards when the
//     upgrade left much of it free. A database from a newer prr
//     (ErrNewerSchema) is refused without being opened for writing.
//
// All rules about reviews (validation, scoring, verdicts, diffs, hashes)
// come from package review; the store only keeps what the domain decides.
// Errors say what happened; what to do about it (a flag, a command) is the
// front end's to say. The file layout is described in layout.go.
package store
