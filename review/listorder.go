package review

import "strings"

// NewestFirst is the order in which reviews are listed (prr list, the
// TUI's home screen): the most recently changed first and, among reviews
// changed at the same moment, by id. It compares like cmp.Compare, for
// slices.SortFunc; a store that keeps its own index must list in this
// order (review/storetest checks it).
func NewestFirst(a, b Summary) int {
	if c := b.UpdatedAt.Compare(a.UpdatedAt); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
