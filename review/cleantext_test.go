package review

import "testing"

func TestCleanLineAndNote(t *testing.T) {
	for in, want := range map[string]string{
		"  Route\tthe alert \x1b[31m\r\n now\u2028 ": "Route the alert   now",
		"\u202eevil": "evil",
	} {
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"\n\n  first line  \r\n    second\x07\n\n\n\nthird \n\n": "first line\nsecond\n\nthird",
		"":         "",
		" \n\t\n ": "",
	} {
		if got := CleanNote(in); got != want {
			t.Errorf("CleanNote(%q) = %q, want %q", in, got, want)
		}
	}
	var a Answer
	if err := (Edits{SetNote("  a  \n\n\n b"), AddEvidence(" https://x.example/\t"), AddAction(Action{Text: " do it\n", Owner: " kari "})}).Apply(&a); err != nil {
		t.Fatal(err)
	}
	if a.Note != "a\n\nb" || a.Evidence[0] != "https://x.example/" || a.Actions[0].Text != "do it" || a.Actions[0].Owner != "kari" {
		t.Errorf("edits did not clean the text: %+v", a)
	}
}
