package review

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestAnswerEditApply(t *testing.T) {
	waiver := Waiver{Reason: "booked for Q1", AcceptedBy: "CTO", Expires: "2030-03-31"}
	other := Waiver{Reason: "something else", AcceptedBy: "CEO", Expires: "2030-01-01"}
	runbook := Action{Text: "Write the runbook", Owner: "Ola", Due: "2030-01-31"}
	deputy := Action{Text: "Name a deputy"}
	restore := Action{Text: "Run a restore test", Done: true}
	failing := Answer{Status: Fail, Note: "never tested", Evidence: []string{"https://a.example", "https://b.example"},
		Actions: []Action{runbook, deputy, restore}, Waiver: &waiver}

	tests := []struct {
		name    string
		before  Answer
		edit    Edits
		want    Answer
		wantErr string // a part of the error; empty for none
	}{
		{name: "pass clears the waiver", before: failing, edit: Edits{SetStatus(Pass)},
			want: with(failing, func(a *Answer) { a.Status, a.Waiver = Pass, nil })},
		{name: "n/a clears the waiver", before: failing, edit: Edits{SetStatus(NA)},
			want: with(failing, func(a *Answer) { a.Status, a.Waiver = NA, nil })},
		{name: "unanswered clears the waiver", before: failing, edit: Edits{SetStatus(Unanswered)},
			want: with(failing, func(a *Answer) { a.Status, a.Waiver = Unanswered, nil })},
		{name: "partial keeps the waiver", before: failing, edit: Edits{SetStatus(Partial)},
			want: with(failing, func(a *Answer) { a.Status = Partial })},
		{name: "fail keeps the waiver", before: failing, edit: Edits{SetStatus(Fail)}, want: failing},
		{name: "unknown status", before: failing, edit: Edits{SetStatus("maybe")}, wantErr: `unknown status "maybe"`},
		{name: "note", before: failing, edit: Edits{SetNote("tested in May")},
			want: with(failing, func(a *Answer) { a.Note = "tested in May" })},
		{name: "n/a with its reason", before: Answer{Status: Unanswered}, edit: Edits{SetStatus(NA), SetNote("no data")},
			want: Answer{Status: NA, Note: "no data"}},
		{name: "evidence added", before: failing, edit: Edits{AddEvidence("https://c.example")},
			want: with(failing, func(a *Answer) { a.Evidence = []string{"https://a.example", "https://b.example", "https://c.example"} })},
		{name: "evidence added once", before: failing, edit: Edits{AddEvidence("https://a.example"), AddEvidence("https://c.example"), AddEvidence("https://c.example")},
			want: with(failing, func(a *Answer) { a.Evidence = []string{"https://a.example", "https://b.example", "https://c.example"} })},
		{name: "evidence removed", before: failing, edit: Edits{RemoveEvidence("https://a.example")},
			want: with(failing, func(a *Answer) { a.Evidence = []string{"https://b.example"} })},
		{name: "missing evidence", before: failing, edit: Edits{RemoveEvidence("https://nope.example")},
			wantErr: `the item has no evidence link "https://nope.example"`},
		{name: "action added last", before: failing, edit: Edits{AddAction(Action{Text: "Page the DBA"})},
			want: with(failing, func(a *Answer) { a.Actions = []Action{runbook, deputy, restore, {Text: "Page the DBA"}} })},
		{name: "action done", before: failing, edit: Edits{MarkAction(1, true)},
			want: with(failing, func(a *Answer) { a.Actions = []Action{done(runbook, true), deputy, restore} })},
		{name: "action not done", before: failing, edit: Edits{MarkAction(3, false)},
			want: with(failing, func(a *Answer) { a.Actions = []Action{runbook, deputy, done(restore, false)} })},
		{name: "action removed", before: failing, edit: Edits{RemoveAction(2)},
			want: with(failing, func(a *Answer) { a.Actions = []Action{runbook, restore} })},
		{name: "action number too high", before: failing, edit: Edits{MarkAction(4, true)},
			wantErr: "the item has 3 action item(s); there is no number 4"},
		{name: "action number zero", before: failing, edit: Edits{RemoveAction(0)},
			wantErr: "the item has 3 action item(s); there is no number 0"},
		{name: "several removed by the numbers shown", before: failing, edit: RemoveActions(1, 3, 1),
			want: with(failing, func(a *Answer) { a.Actions = []Action{deputy} })},
		{name: "done then removed by the numbers shown", before: failing, edit: append(Edits{MarkAction(2, true)}, RemoveActions(1, 3)...),
			want: with(failing, func(a *Answer) { a.Actions = []Action{done(deputy, true)} })},
		{name: "seen action found where it was", before: failing, edit: Edits{MarkAction(2, true).Seen(deputy)},
			want: with(failing, func(a *Answer) { a.Actions = []Action{runbook, done(deputy, true), restore} })},
		{name: "seen action found after it moved", before: with(failing, func(a *Answer) { a.Actions = []Action{deputy, restore} }),
			edit: Edits{RemoveAction(2).Seen(deputy)},
			want: with(failing, func(a *Answer) { a.Actions = []Action{restore} })},
		{name: "seen action gone", before: with(failing, func(a *Answer) { a.Actions = []Action{restore} }),
			edit: Edits{MarkAction(1, true).Seen(deputy)}, wantErr: ErrChangedMeanwhile.Error()},
		{name: "waiver set", before: Answer{Status: Partial}, edit: Edits{Waive(waiver)},
			want: Answer{Status: Partial, Waiver: &waiver}},
		{name: "waiver refused on a pass", before: Answer{Status: Pass}, edit: Edits{Waive(waiver)},
			wantErr: "only a failing or partial item can be waived (it is pass now)"},
		{name: "status then waiver", before: Answer{Status: Unanswered}, edit: Edits{SetStatus(Fail), Waive(waiver)},
			want: Answer{Status: Fail, Waiver: &waiver}},
		{name: "waiver cleared", before: failing, edit: Edits{ClearWaiver()},
			want: with(failing, func(a *Answer) { a.Waiver = nil })},
		{name: "no waiver to clear", before: Answer{Status: Fail}, edit: Edits{ClearWaiver()}, want: Answer{Status: Fail}},
		{name: "seen waiver cleared", before: failing, edit: Edits{ClearWaiver().SeenWaiver(waiver)},
			want: with(failing, func(a *Answer) { a.Waiver = nil })},
		{name: "seen waiver replaced meanwhile", before: with(failing, func(a *Answer) { a.Waiver = &other }),
			edit: Edits{ClearWaiver().SeenWaiver(waiver)}, wantErr: ErrChangedMeanwhile.Error()},
		{name: "restore", before: Answer{Status: Pass}, edit: Edits{Restore(failing)}, want: failing},
		{name: "all or nothing", before: failing, edit: Edits{SetStatus(Pass), SetNote("x"), MarkAction(9, true)},
			wantErr: "there is no number 9"},
		{name: "unknown change", before: failing, edit: Edits{{Op: "rename"}}, wantErr: `unknown change "rename"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.before.Clone()
			got := tt.before // shares its slices with tt.before, as a caller's copy may
			var err error
			if len(tt.edit) == 1 {
				err = tt.edit[0].Apply(&got) // one edit alone, without Edits' copy
			} else {
				err = tt.edit.Apply(&got)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				if !reflect.DeepEqual(got, before) {
					t.Fatalf("a refused edit changed the answer:\n%+v\nwas\n%+v", got, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got\n%+v\nwant\n%+v", got, tt.want)
			}
			if !reflect.DeepEqual(tt.before, before) {
				t.Fatal("the edit wrote through slices shared with another copy of the answer")
			}
		})
	}
}

// An undo is the inverse edit: Restore of the answer an edit replaced
// gives it back exactly, whatever the edit was.
func TestRestoreUndoesEveryEdit(t *testing.T) {
	waiver := Waiver{Reason: "r", AcceptedBy: "b", Expires: "2030-01-01"}
	start := Answer{Status: Fail, Note: "n", Evidence: []string{"e1"}, Actions: []Action{{Text: "a1"}, {Text: "a2", Done: true}}, Waiver: &waiver}
	for _, e := range []AnswerEdit{SetStatus(Pass), SetNote("other"), AddEvidence("e2"), RemoveEvidence("e1"),
		AddAction(Action{Text: "a3"}), MarkAction(1, true), MarkAction(2, false), RemoveAction(1), Waive(Waiver{Reason: "x", AcceptedBy: "y", Expires: "2031-01-01"}), ClearWaiver()} {
		t.Run(e.Label(), func(t *testing.T) {
			a := start.Clone()
			if err := e.Apply(&a); err != nil {
				t.Fatal(err)
			}
			if reflect.DeepEqual(a, start) {
				t.Fatal("the edit changed nothing: this case tests nothing")
			}
			if err := Restore(start).Apply(&a); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a, start) {
				t.Fatalf("after undo %+v, want %+v", a, start)
			}
		})
	}
}

// Edits are data: they survive a round trip through JSON (how a shared
// session will send them) and mean the same afterwards.
func TestEditsAreData(t *testing.T) {
	es := Edits{SetStatus(Fail), Waive(Waiver{Reason: "r", AcceptedBy: "b", Expires: "2030-01-01"}),
		MarkAction(1, true).Seen(Action{Text: "a1"}), Restore(Answer{Status: Pass})}
	b, err := json.Marshal(es)
	if err != nil {
		t.Fatal(err)
	}
	var back Edits
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, es) {
		t.Fatalf("%s came back as %+v", b, back)
	}
	if es.Label() != "fail" || (Edits{}).Label() != "nothing" {
		t.Fatalf("labels %q %q", es.Label(), Edits{}.Label())
	}
	if !errors.Is(Edits{ClearWaiver().SeenWaiver(Waiver{Reason: "gone"})}.Apply(&Answer{Status: Fail}), ErrChangedMeanwhile) {
		t.Fatal("a missing waiver the user saw is not ErrChangedMeanwhile")
	}
}

func with(a Answer, change func(*Answer)) Answer {
	b := a.Clone()
	change(&b)
	return b
}

func done(a Action, d bool) Action {
	a.Done = d
	return a
}
