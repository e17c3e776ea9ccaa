// Package boltpage checks the pages of a bbolt file before bbolt reads
// them.
//
// bbolt reads its file through a memory map and trusts every byte it finds:
// a page number is followed without a bounds check, an element's offset and
// length become a slice wherever they point, a branch page that names its
// own ancestor sends a cursor round forever. On a damaged file that ends
// the process in ways no recover catches (a runaway stack, a slice into the
// garbage collector's heap, an allocation of a wild size). This package
// reads the same bytes the way bbolt does and says, with an error, when
// bbolt must not go on:
//
//   - ReadHeader checks the meta pages and the pages they point to with
//     plain reads, before the file is opened with bbolt at all, and tells
//     when bbolt would silently fall back to an older commit (RolledBack).
//   - Cursor follows one tree the way bbolt's cursor does (Locate, Seek,
//     First, Next) and checks every page before it moves to it, so that a
//     bbolt cursor making the same moves afterwards reads only checked
//     pages. Each check costs what the move reads: a few pages for a
//     lookup.
//   - Walk checks every page reachable from the root, and the free list:
//     the full check, proportional to the file.
//
// It knows the file format of one bbolt version (BboltVersion) and nothing
// about what is stored in the file. It has no package-level state.
package boltpage

// BboltVersion is the go.etcd.io/bbolt release whose file format this
// package follows (internal/common/page.go, meta.go and cursor.go of that
// release). A test fails when go.mod names another one: the format and the
// cursor's moves must then be compared with the new release's source.
const BboltVersion = "v1.5.0"
