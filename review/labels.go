package review

import "strconv"

// The words and marks of statuses, verdicts, sign-off states, decisions and
// levels, in one place for every front end: the TUI draws them (with its
// own colours), prr show prints them, the record writes them. A value this
// package does not know (from a damaged or hand-edited file) is given back
// as it is, so callers escape labels like any other stored text.

// Label is the status in words: "pass", "partial", "fail", "n/a" or
// "unanswered".
func (s Status) Label() string {
	if s == "" {
		return string(Unanswered)
	}
	return string(s)
}

// Glyph is the one-cell mark of a status in a terminal: ✓ pass, ◐ partial,
// ✗ fail, – n/a, · unanswered (or unknown).
func (s Status) Glyph() string {
	switch s {
	case Pass:
		return "✓"
	case Partial:
		return "◐"
	case Fail:
		return "✗"
	case NA:
		return "–"
	}
	return "·"
}

// Emoji is the mark of a status in the Markdown record, which has no
// colour: ✅ pass, ⚠️ partial, ❌ fail, ➖ n/a, ❔ unanswered.
func (s Status) Emoji() string {
	switch s {
	case Pass:
		return "✅"
	case Partial:
		return "⚠️"
	case Fail:
		return "❌"
	case NA:
		return "➖"
	case Unanswered, "":
		return "❔"
	}
	return ""
}

// Valid reports whether v is one of the three verdicts.
func (v Verdict) Valid() bool { return v == Ready || v == ReadyWithConditions || v == Blocked }

// Label is the verdict in words: "ready", "ready with conditions" or
// "blocked".
func (v Verdict) Label() string {
	if v == ReadyWithConditions {
		return "ready with conditions"
	}
	return string(v)
}

// ShortLabel is the verdict in one word, for narrow columns: "ready",
// "conditions" or "blocked".
func (v Verdict) ShortLabel() string {
	if v == ReadyWithConditions {
		return "conditions"
	}
	return string(v)
}

// Emoji is the mark of a verdict in the record: ✅ ready, ⚠️ ready with
// conditions, ❌ blocked.
func (v Verdict) Emoji() string {
	switch v {
	case Ready:
		return "✅"
	case ReadyWithConditions:
		return "⚠️"
	case Blocked:
		return "❌"
	}
	return ""
}

// Valid reports whether s is one of the four states.
func (s State) Valid() bool {
	return s == Draft || s == InReview || s == SignedOff || s == Rejected
}

// Label is the state in words: "draft", "in review", "signed off" or
// "rejected".
func (s State) Label() string {
	switch s {
	case InReview:
		return "in review"
	case SignedOff:
		return "signed off"
	}
	return string(s)
}

// Valid reports whether d is one of the three decisions.
func (d Decision) Valid() bool { return d == Approve || d == ApproveWithConditions || d == Reject }

// Label is the decision in words: "approve", "approve with conditions" or
// "reject".
func (d Decision) Label() string {
	if d == ApproveWithConditions {
		return "approve with conditions"
	}
	return string(d)
}

// Glyph is the one-cell mark of a decision: ✓ approve, ◐ with conditions,
// ✗ reject, · unknown.
func (d Decision) Glyph() string {
	switch d {
	case Approve:
		return "✓"
	case ApproveWithConditions:
		return "◐"
	case Reject:
		return "✗"
	}
	return "·"
}

// LevelName names a maturity level: "bronze", "silver" or "gold"; "none"
// for a review that has not reached level 1.
func LevelName(level int) string {
	switch level {
	case 1:
		return "bronze"
	case 2:
		return "silver"
	case 3:
		return "gold"
	}
	return "none"
}

// LevelLabel is a level as screens and prr show print it: "2 (silver)",
// or "none" below level 1.
func LevelLabel(level int) string {
	if level < 1 || level > 3 {
		return "none"
	}
	return strconv.Itoa(level) + " (" + LevelName(level) + ")"
}
