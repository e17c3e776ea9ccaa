package mdimport

import (
	"regexp"
	"strings"
)

// A level as a checklist writes it, as prr keeps it: required items are
// what a review cannot pass without; levels 1 to 3 are prr's bronze,
// silver and gold.
type level struct {
	required bool
	level    int
}

// levelWords maps the words checklists use for how much an item matters
// (MoSCoW, priorities, "Critical / Should have / Nice to have", numbered
// levels) to prr's levels. Words are matched whole, lower-cased, with
// emoji and punctuation around them ignored.
var levelWords = []struct {
	re *regexp.Regexp
	l  level
}{
	{regexp.MustCompile(`\b(critical|must( have)?|required|mandatory|blocker|high|p0|p1|level 1|tier 1|essential)\b`), level{true, 1}},
	{regexp.MustCompile(`\b(should( have)?|important|medium|recommended|p2|level 2|tier 2)\b`), level{false, 2}},
	{regexp.MustCompile(`\b(could( have)?|nice to have|low|optional|p3|level 3|tier 3|bonus)\b`), level{false, 3}},
}

// parseLevel reads a level value ("Critical 🔴", "Should have", "Must",
// "Level 2", "2").
func parseLevel(s string) (level, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "1":
		return level{true, 1}, true
	case "2":
		return level{false, 2}, true
	case "3":
		return level{false, 3}, true
	}
	for _, w := range levelWords {
		if w.re.MatchString(s) {
			return w.l, true
		}
	}
	return level{}, false
}

// marked reports whether a per-level table cell says the item applies at
// that level: ✓, ✔, ✅, :white_check_mark:, :heavy_check_mark:, x, yes.
func marked(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "✓", "✔", "✔️", "✅", "☑", "☑️", "x", "yes", "y", "required", ":white_check_mark:", ":heavy_check_mark:", ":ballot_box_with_check:":
		return true
	}
	return false
}

// levelHeader reports whether a table column header names a level of its
// own ("Level A", "Level 2", "Bronze", "Tier 1").
var levelHeaderRE = regexp.MustCompile(`^(level|tier|stage)\s*\S+$|^(bronze|silver|gold|basic|standard|advanced|l\d)$`)

func levelHeader(h string) bool { return levelHeaderRE.MatchString(h) }
