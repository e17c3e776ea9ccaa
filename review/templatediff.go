package review

import (
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"
)

// TemplateChanges is how one version of a checklist differs from another,
// item by item: a change in the method, to be told apart from a change in
// the service. Items are matched by id, wherever their section.
type TemplateChanges struct {
	FromVersion int `json:"from_version"`
	ToVersion   int `json:"to_version"`
	// New are the ids of the items the older version did not have.
	New []string `json:"new,omitempty"`
	// Changed are the items whose bar moved: what makes the same answer
	// mean something else.
	Changed []ItemChange `json:"changed,omitempty"`
	// Removed are the items the newer version dropped.
	Removed []RemovedItem `json:"removed,omitempty"`
}

// ItemChange is an item whose definition changed, and what of it did:
// "required", "level", "guidance" or "title".
type ItemChange struct {
	Item string   `json:"item"`
	What []string `json:"what"`
}

// RemovedItem is an item a newer version of the checklist dropped, with
// the status its answer had, if any.
type RemovedItem struct {
	Item    string `json:"item"`
	Title   string `json:"title"`
	Section string `json:"section,omitempty"`
	Status  Status `json:"status,omitempty"`
}

// CompareTemplates lists what changed from old to new, in new's order
// (removed items in old's).
func CompareTemplates(old, new *Template) TemplateChanges {
	ch := TemplateChanges{FromVersion: old.Version, ToVersion: new.Version}
	for _, it := range new.Items() {
		was, _, ok := old.Find(it.ID)
		if !ok {
			ch.New = append(ch.New, it.ID)
			continue
		}
		if what := itemChanges(was, it); len(what) > 0 {
			ch.Changed = append(ch.Changed, ItemChange{Item: it.ID, What: what})
		}
	}
	for _, s := range old.Sections {
		for _, it := range s.Items {
			if _, _, ok := new.Find(it.ID); !ok {
				ch.Removed = append(ch.Removed, RemovedItem{Item: it.ID, Title: it.Title, Section: s.Title})
			}
		}
	}
	return ch
}

// itemChanges says what of an item's definition differs between two
// versions. Tags, references and sources are about finding the item, not
// about its bar, and are left out.
func itemChanges(old, new Item) []string {
	var what []string
	if old.Required != new.Required {
		what = append(what, "required")
	}
	if max(old.Level, 1) != max(new.Level, 1) {
		what = append(what, "level")
	}
	if old.Guidance != new.Guidance {
		what = append(what, "guidance")
	}
	if old.Title != new.Title {
		what = append(what, "title")
	}
	return what
}

// Empty reports whether the two versions have the same items, alike.
func (c TemplateChanges) Empty() bool {
	return len(c.New) == 0 && len(c.Changed) == 0 && len(c.Removed) == 0
}

// IsNew reports whether item is new in the newer version.
func (c TemplateChanges) IsNew(item string) bool { return slices.Contains(c.New, item) }

// ChangedIn says what changed in item's definition; nil if nothing did.
func (c TemplateChanges) ChangedIn(item string) []string {
	for _, ic := range c.Changed {
		if ic.Item == item {
			return ic.What
		}
	}
	return nil
}

// then composes two steps, c (from A to B) and next (from B to C), into
// the changes from A to C: what a review carried over from A and then
// moved to C shows. An item new since A stays new whatever C did to it.
func (c TemplateChanges) then(next TemplateChanges) TemplateChanges {
	out := TemplateChanges{FromVersion: c.FromVersion, ToVersion: next.ToVersion}
	gone := map[string]bool{}
	for _, r := range next.Removed {
		gone[r.Item] = true
	}
	for _, id := range c.New {
		if !gone[id] {
			out.New = append(out.New, id)
		}
	}
	out.New = append(out.New, next.New...)
	changed := map[string][]string{}
	var order []string
	for _, ic := range slices.Concat(c.Changed, next.Changed) {
		if gone[ic.Item] || slices.Contains(out.New, ic.Item) {
			continue
		}
		if _, seen := changed[ic.Item]; !seen {
			order = append(order, ic.Item)
		}
		for _, w := range ic.What {
			if !slices.Contains(changed[ic.Item], w) {
				changed[ic.Item] = append(changed[ic.Item], w)
			}
		}
	}
	for _, id := range order {
		out.Changed = append(out.Changed, ItemChange{Item: id, What: changed[id]})
	}
	for _, r := range slices.Concat(c.Removed, next.Removed) {
		if !slices.Contains(out.New, r.Item) && !slices.ContainsFunc(out.Removed, func(x RemovedItem) bool { return x.Item == r.Item }) {
			out.Removed = append(out.Removed, r)
		}
	}
	return out
}

// changeKinds are the words ItemChange.What may hold.
var changeKinds = []string{"required", "level", "guidance", "title"}

// Validate checks template changes that came from outside (an imported
// record): bounded, ids that are slugs, words prr writes.
func (c TemplateChanges) Validate() error {
	if c.FromVersion < 0 || c.ToVersion < 0 {
		return errors.New("template changes: a version is negative")
	}
	if len(c.New)+len(c.Changed)+len(c.Removed) > 3*MaxItems {
		return fmt.Errorf("template changes: more than %d items", 3*MaxItems)
	}
	for _, id := range c.New {
		if !ValidSlug(id) {
			return fmt.Errorf("template changes: new item %q is not an item id", truncate(id, 40))
		}
	}
	for _, ic := range c.Changed {
		if !ValidSlug(ic.Item) {
			return fmt.Errorf("template changes: changed item %q is not an item id", truncate(ic.Item, 40))
		}
		for _, w := range ic.What {
			if !slices.Contains(changeKinds, w) {
				return fmt.Errorf("template changes: item %s: %q is not a kind of change (%v)", ic.Item, truncate(w, 40), changeKinds)
			}
		}
	}
	for _, r := range c.Removed {
		if !ValidSlug(r.Item) {
			return fmt.Errorf("template changes: removed item %q is not an item id", truncate(r.Item, 40))
		}
		if !r.Status.Valid() && r.Status != "" {
			return fmt.Errorf("template changes: removed item %s: unknown status %q", r.Item, truncate(string(r.Status), 40))
		}
		if len(r.Title)+len(r.Section) > maxTextBytes || !utf8.ValidString(r.Title+r.Section) {
			return fmt.Errorf("template changes: removed item %s: its title must be UTF-8 text under %d bytes", r.Item, maxTextBytes)
		}
	}
	return nil
}
