package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the TUI, in one place. Screens match keys
// against these bindings and build their help bars from the same ones (with
// bubbles/help), so the help never lies.
type KeyMap struct {
	// Everywhere.
	Quit key.Binding // ctrl+c: quit from anywhere
	Help key.Binding // ?: full help

	// Moving around.
	Up          key.Binding
	Down        key.Binding
	NextSection key.Binding
	PrevSection key.Binding
	First       key.Binding
	Last        key.Binding
	PageUp      key.Binding
	PageDown    key.Binding

	// Home.
	Filter       key.Binding
	ClearFilter  key.Binding
	ApplyFilter  key.Binding
	New          key.Binding
	Open         key.Binding
	OpenItem     key.Binding // enter on the summary: the chosen item
	Delete       key.Binding
	Templates    key.Binding
	QuitHome     key.Binding
	ConfirmYes   key.Binding
	ConfirmNo    key.Binding
	TemplateView key.Binding
	ReReview     key.Binding // r: the next review of the service, from the selected one

	// Over time: from the home and summary screens.
	Compare key.Binding // c: what changed since the review before
	History key.Binding // h: the service's reviews, oldest first

	// Walk: answering.
	Pass      key.Binding
	Partial   key.Binding
	Fail      key.Binding
	NA        key.Binding
	Unanswer  key.Binding
	Confirm   key.Binding // c: confirm an answer carried over from the last review
	Note      key.Binding
	Evidence  key.Binding
	Action    key.Binding
	Waive     key.Binding
	Manage    key.Binding // d: mark an action item done, remove evidence, an action item or the waiver
	Undo      key.Binding
	CycleView key.Binding // f: all / unanswered / failing / required / parked
	Summary   key.Binding
	Back      key.Binding

	// Walk: finding and jumping.
	Find         key.Binding // /: search items by title, id and tag
	SearchGo     key.Binding
	SearchCancel key.Binding
	SearchUp     key.Binding
	SearchDown   key.Binding
	Section      key.Binding // 1-9: go to section N
	NextOpen     key.Binding // tab: the next unanswered item
	NextRequired key.Binding // !: the next unanswered required item

	// Walk: the meeting.
	Park     key.Binding
	Unpark   key.Binding
	RollCall key.Binding

	// Roll call screen.
	MarkPresent key.Binding
	MarkAbsent  key.Binding
	AddPerson   key.Binding
	AddConfirm  key.Binding // enter in the "who joined?" input
	AddCancel   key.Binding
	Facilitator key.Binding
	Scribe      key.Binding
	RollDone    key.Binding

	// Sign-off and export start from the walk and summary screens.
	SignOff key.Binding
	Export  key.Binding

	// Walk: the question before changing a signed review.
	EditYes key.Binding
	EditNo  key.Binding

	// Sign-off screen.
	SignOffBack   key.Binding // esc: leave the form (back to "who signs", or off the screen)
	SignOffScroll key.Binding // pgup/pgdn: scroll the list of sign-offs (help only)
	SignOffUp     key.Binding
	SignOffDown   key.Binding

	// Export screen.
	Write        key.Binding
	EditPath     key.Binding
	Layout       key.Binding // the record's layout: default or compact
	PathWrite    key.Binding // enter in the file name input
	PathDone     key.Binding // esc or tab: leave the file name input
	OverwriteYes key.Binding
	OverwriteNo  key.Binding

	// Editors and forms.
	SaveNote   key.Binding
	CancelForm key.Binding
	FormNext   key.Binding
	FormPrev   key.Binding
	NewLine    key.Binding

	// Assessments (skills.go): from the walk, the skill matrix and the
	// acceptance of a computed answer; on the grid, moving and levels.
	SkillMatrix key.Binding
	Accept      key.Binding
	GridLeft    key.Binding
	GridRight   key.Binding
	SetLevel    key.Binding
	AddArea     key.Binding
	SkillPerson key.Binding
	InputDone   key.Binding
	InputCancel key.Binding
	// The risk register, DPIA and runbook screens.
	AddEntry    key.Binding
	RemoveEntry key.Binding
	EditText    key.Binding
	Score       key.Binding
	NewMeasure  key.Binding
	AcceptRisk  key.Binding
	MarkYes     key.Binding
	MarkNo      key.Binding
	LinkDoc     key.Binding
	ImportFile  key.Binding
}

// DefaultKeyMap returns prr's key bindings.
func DefaultKeyMap() *KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	km := &KeyMap{
		Quit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Help: b([]string{"?"}, "?", "help"),

		Up:          b([]string{"k", "up"}, "k/↑", "previous"),
		Down:        b([]string{"j", "down"}, "j/↓", "next"),
		NextSection: b([]string{"]"}, "]", "next section"),
		PrevSection: b([]string{"["}, "[", "previous section"),
		First:       b([]string{"g", "home"}, "g", "first"),
		Last:        b([]string{"G", "end"}, "G", "last"),
		PageUp:      b([]string{"pgup", "ctrl+u"}, "pgup", "scroll up"),
		PageDown:    b([]string{"pgdown", "ctrl+d", "space"}, "pgdn", "scroll down"),

		Filter:       b([]string{"/"}, "/", "filter"),
		ClearFilter:  b([]string{"esc"}, "esc", "clear filter"),
		ApplyFilter:  b([]string{"enter"}, "enter", "apply filter"),
		New:          b([]string{"n"}, "n", "new review"),
		Open:         b([]string{"enter"}, "enter", "open"),
		OpenItem:     b([]string{"enter"}, "enter", "open the chosen item"),
		Delete:       b([]string{"d"}, "d", "delete"),
		Templates:    b([]string{"t"}, "t", "templates"),
		QuitHome:     b([]string{"q"}, "q", "quit"),
		ConfirmYes:   b([]string{"y"}, "y", "yes, delete"),
		ConfirmNo:    b([]string{"n", "esc"}, "n/esc", "keep it"),
		TemplateView: b([]string{"enter"}, "enter", "show checklist"),
		ReReview:     b([]string{"r"}, "r", "re-review"),

		Compare: b([]string{"c"}, "c", "what changed"),
		History: b([]string{"h"}, "h", "history"),

		Pass:      b([]string{"y"}, "y", "pass"),
		Partial:   b([]string{"p"}, "p", "partial"),
		Fail:      b([]string{"n"}, "n", "fail"),
		NA:        b([]string{"a"}, "a", "n/a"),
		Unanswer:  b([]string{"0"}, "0", "unanswered"),
		Confirm:   b([]string{"c"}, "c", "confirm"),
		Note:      b([]string{"e"}, "e", "note"),
		Evidence:  b([]string{"l"}, "l", "evidence link"),
		Action:    b([]string{"t"}, "t", "action item"),
		Waive:     b([]string{"w"}, "w", "waive"),
		Manage:    b([]string{"d"}, "d", "done/remove…"),
		Undo:      b([]string{"u"}, "u", "undo"),
		CycleView: b([]string{"f"}, "f", "filter"),
		Summary:   b([]string{"s"}, "s", "summary"),
		Back:      b([]string{"esc", "q"}, "esc/q", "back"),

		Find:         b([]string{"/"}, "/", "find"),
		SearchGo:     b([]string{"enter"}, "enter", "go to it"),
		SearchCancel: b([]string{"esc"}, "esc", "close"),
		SearchUp:     b([]string{"up", "ctrl+p"}, "↑", "previous"),
		SearchDown:   b([]string{"down", "ctrl+n"}, "↓", "next"),
		Section:      b([]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "section N"),
		NextOpen:     b([]string{"tab"}, "tab", "next unanswered"),
		NextRequired: b([]string{"!"}, "!", "next required unanswered"),

		Park:     b([]string{"P"}, "P", "park"),
		Unpark:   b([]string{"U"}, "U", "unpark"),
		RollCall: b([]string{"r"}, "r", "roll call"),

		MarkPresent: b([]string{"y", "space"}, "y/space", "present"),
		MarkAbsent:  b([]string{"n"}, "n", "absent"),
		AddPerson:   b([]string{"a"}, "a", "add someone"),
		AddConfirm:  b([]string{"enter"}, "enter", "add as present"),
		AddCancel:   b([]string{"esc"}, "esc", "cancel"),
		Facilitator: b([]string{"f"}, "f", "facilitator"),
		Scribe:      b([]string{"s"}, "s", "scribe"),
		RollDone:    b([]string{"esc", "enter"}, "esc/enter", "done"),

		SignOff: b([]string{"S"}, "S", "sign off"),
		Export:  b([]string{"x"}, "x", "export"),

		EditYes: b([]string{"y"}, "y", "yes, change it"),
		EditNo:  b([]string{"n", "esc"}, "n/esc", "leave it"),

		SignOffBack:   b([]string{"esc"}, "esc", "back"),
		SignOffScroll: b([]string{"pgup", "pgdown"}, "pgup/pgdn", "scroll sign-offs"),
		SignOffUp:     b([]string{"pgup"}, "pgup", "scroll sign-offs up"),
		SignOffDown:   b([]string{"pgdown"}, "pgdn", "scroll sign-offs down"),

		Write:        b([]string{"w"}, "w", "write file"),
		EditPath:     b([]string{"tab"}, "tab", "edit file name"),
		Layout:       b([]string{"l"}, "l", "layout"),
		PathWrite:    b([]string{"enter"}, "enter", "write file"),
		PathDone:     b([]string{"esc", "tab"}, "esc/tab", "done editing"),
		OverwriteYes: b([]string{"y"}, "y", "overwrite"),
		OverwriteNo:  b([]string{"n", "esc"}, "n/esc", "keep the file"),

		SaveNote:   b([]string{"esc"}, "esc", "save & close"),
		CancelForm: b([]string{"esc"}, "esc", "cancel"),
		FormNext:   b([]string{"enter", "tab"}, "enter", "next/submit"),
		FormPrev:   b([]string{"shift+tab"}, "shift+tab", "back"),
		NewLine:    b([]string{"enter"}, "enter", "new line"),

		SkillMatrix: b([]string{"m"}, "m", "assess"),
		Accept:      b([]string{"C"}, "C", "computed"),
		GridLeft:    b([]string{"h", "left"}, "h/←", "left"),
		GridRight:   b([]string{"l", "right"}, "l/→", "right"),
		SetLevel:    b([]string{"0", "1", "2", "3"}, "0-3", "level"),
		AddArea:     b([]string{"A"}, "A", "add area"),
		SkillPerson: b([]string{"P"}, "P", "add person"),
		InputDone:   b([]string{"enter"}, "enter", "add"),
		InputCancel: b([]string{"esc"}, "esc", "cancel"),
		AddEntry:    b([]string{"a"}, "a", "add"),
		RemoveEntry: b([]string{"x"}, "x", "remove"),
		EditText:    b([]string{"e"}, "e", "edit"),
		Score:       b([]string{"0", "1", "2", "3", "4", "5"}, "1-5", "score"),
		NewMeasure:  b([]string{"n"}, "n", "new measure"),
		AcceptRisk:  b([]string{"A"}, "A", "accept"),
		MarkYes:     b([]string{"y"}, "y", "yes"),
		MarkNo:      b([]string{"n"}, "n", "no"),
		LinkDoc:     b([]string{"l"}, "l", "link"),
		ImportFile:  b([]string{"i"}, "i", "import"),
	}
	return km
}

// keyHelp adapts a list of bindings to help.KeyMap.
type keyHelp struct {
	short []key.Binding
	full  [][]key.Binding
}

func (k keyHelp) ShortHelp() []key.Binding  { return k.short }
func (k keyHelp) FullHelp() [][]key.Binding { return k.full }

// keyBinding is a bubbles key binding; the alias keeps screen signatures short.
type keyBinding = key.Binding
