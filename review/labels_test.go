package review

import "testing"

func TestLabels(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Pass.Label(), "pass"}, {NA.Label(), "n/a"}, {Status("").Label(), "unanswered"},
		{Pass.Glyph(), "✓"}, {Partial.Glyph(), "◐"}, {Fail.Glyph(), "✗"}, {NA.Glyph(), "–"}, {Unanswered.Glyph(), "·"},
		{Status("odd").Glyph(), "·"}, {Status("odd").Label(), "odd"},
		{Pass.Emoji(), "✅"}, {Partial.Emoji(), "⚠️"}, {Fail.Emoji(), "❌"}, {NA.Emoji(), "➖"}, {Unanswered.Emoji(), "❔"},
		{Status("odd").Emoji(), ""},
		{ReadyWithConditions.Label(), "ready with conditions"}, {Blocked.Label(), "blocked"},
		{ReadyWithConditions.ShortLabel(), "conditions"}, {Ready.ShortLabel(), "ready"},
		{Ready.Emoji(), "✅"}, {ReadyWithConditions.Emoji(), "⚠️"}, {Blocked.Emoji(), "❌"},
		{InReview.Label(), "in review"}, {SignedOff.Label(), "signed off"}, {Draft.Label(), "draft"}, {Rejected.Label(), "rejected"},
		{ApproveWithConditions.Label(), "approve with conditions"}, {Reject.Label(), "reject"},
		{Approve.Glyph(), "✓"}, {ApproveWithConditions.Glyph(), "◐"}, {Reject.Glyph(), "✗"}, {Decision("x").Glyph(), "·"},
		{LevelName(0), "none"}, {LevelName(1), "bronze"}, {LevelName(2), "silver"}, {LevelName(3), "gold"},
		{LevelLabel(0), "none"}, {LevelLabel(2), "2 (silver)"}, {LevelLabel(4), "none"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	for _, v := range []Verdict{Ready, ReadyWithConditions, Blocked} {
		if !v.Valid() {
			t.Errorf("%s is not valid", v)
		}
	}
	for _, s := range []State{Draft, InReview, SignedOff, Rejected} {
		if !s.Valid() {
			t.Errorf("%s is not valid", s)
		}
	}
	for _, d := range Decisions {
		if !d.Valid() {
			t.Errorf("%s is not valid", d)
		}
	}
	if Verdict("maybe").Valid() || State("gone").Valid() || Decision("perhaps").Valid() {
		t.Error("an unknown value is valid")
	}
}
