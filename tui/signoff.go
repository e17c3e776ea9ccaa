package tui

// The sign-off screen: where the review stands (draft, in review, signed
// off, rejected), the sign-offs so far (stale ones marked), the roles whose
// approval is still missing, and a Huh form to record the next sign-off.
// Participants sign one after another: after each sign-off the form starts
// again, on the next participant who has not signed yet. A sign-off may be
// signed with a key of the ssh-agent (signoff_sign.go); each one shows what
// its signature proves.
//
// The rules (which sign-offs count, which are stale, the state) are the
// domain's: review.SignOffState, review.CurrentSignOffs and SignOff.Stale.
// The sign-off itself is made by the store, which takes the content hash
// inside its write.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

type signOffStep int

const (
	stepWho     signOffStep = iota // choose who signs
	stepDetails                    // name, role, decision, comment
	stepSaving                     // waiting for the store
)

// someoneElse is the "who signs" choice for a person not in the
// participant list.
const someoneElse = -1

type signOffModel struct {
	c    *common
	back state // the screen esc returns to

	rev      *review.Review
	revision uint64
	status   review.SignOffStatus
	current  []review.SignOff

	step signOffStep
	v    *signOffValues
	form *huh.Form

	// list holds the drawn sign-offs (built on Update); vp scrolls them
	// (pgup, pgdn) in the lines the form leaves.
	list []string
	vp   pager
	head []string

	// keys are the keys to sign with (signoff_sign.go); keysErr why
	// there are none.
	keys    []SigningKey
	keysErr error

	w, h int
}

type signOffValues struct {
	Who      int // index into the participants, or someoneElse
	Name     string
	Role     string
	Decision review.Decision
	Comment  string
	Key      int  // index into the signing keys, or noKey
	Anyway   bool // "approve anyway?" (signoff_confirm.go)
}

// signOffSavedMsg is the store's reply to a sign-off: the sign-off as
// stored and the review as it is after it.
type signOffSavedMsg struct {
	id     string
	so     review.SignOff
	review *review.Review
	rev    uint64
	err    error
}

// signedMsg tells the walk screen of a sign-off recorded here: it asks
// before a change that would make it stale.
type signedMsg signOffSavedMsg

func (signOffSavedMsg) to() state { return stateSignOff }
func (signedMsg) to() state       { return stateWalk }

func newSignOff(c *common) *signOffModel {
	return &signOffModel{c: c, vp: newPager(viewport.KeyMap{PageDown: c.keys.SignOffDown, PageUp: c.keys.SignOffUp}, key.Binding{}, key.Binding{})}
}

// open shows the sign-offs of the review the screen that asked was
// showing, and starts the form on the next participant to sign; esc comes
// back to that screen (the summary, or else the walk).
func (s *signOffModel) open(n navMsg) (tea.Cmd, bool) {
	if n.review == nil {
		return nil, false
	}
	s.back = n.from
	if s.back != stateSummary {
		s.back = stateWalk
	}
	s.setReview(n.review, 0)
	s.vp.GotoTop()
	return tea.Batch(s.startWho(nextOne), s.loadKeys()), true
}

// setReview shows r's sign-offs and state.
func (s *signOffModel) setReview(r *review.Review, rev uint64) {
	s.rev, s.revision = r, rev
	s.status = review.SignOffState(r)
	s.current = review.CurrentSignOffs(r)
	s.rebuild()
}

// signedBy returns the current sign-off of a participant, if any.
func (s *signOffModel) signedBy(p review.Participant) (review.SignOff, bool) {
	name := strings.TrimSpace(p.Name)
	var found review.SignOff
	ok := false
	for _, so := range s.current {
		if so.Name == name {
			found, ok = so, true // the latest, if they signed in several roles
		}
	}
	return found, ok
}

// nextSigner is the first participant without a current (not stale)
// sign-off, or someoneElse when everyone has signed.
func (s *signOffModel) nextSigner() int {
	for i, p := range s.rev.Participants {
		if so, ok := s.signedBy(p); !ok || so.Stale(s.status.Hash) {
			return i
		}
	}
	return someoneElse
}

// nextOne asks startWho to choose the next participant to sign.
const nextOne = -2

// startWho starts the form again at "who signs", on the participant given
// (or the next one to sign). With no participants listed, it goes straight
// to the details.
func (s *signOffModel) startWho(who int) tea.Cmd {
	s.v = &signOffValues{Who: someoneElse, Decision: review.Approve, Key: noKey}
	if s.c.self != "" {
		return s.startSelf()
	}
	if len(s.rev.Participants) == 0 {
		return s.startDetails()
	}
	if who == nextOne || who >= len(s.rev.Participants) {
		who = s.nextSigner()
	}
	s.v.Who = who
	st := s.c.styles
	var opts []huh.Option[int]
	for i, p := range s.rev.Participants {
		label := oneLine(p.Name)
		if p.Role != "" {
			label += " · " + oneLine(p.Role)
		}
		if so, ok := s.signedBy(p); ok {
			mark := "signed: " + oneLine(so.Decision.Label())
			if so.Stale(s.status.Hash) {
				mark += ", stale"
			}
			label += st.Subtle.Render("  (" + mark + ")")
		}
		opts = append(opts, huh.NewOption(label, i))
	}
	opts = append(opts, huh.NewOption("Someone else…", someoneElse))
	sel := huh.NewSelect[int]().Key("who").Title("Who signs?").
		Description("Each participant records their own decision on the review as it stands now.").
		Options(opts...).Value(&s.v.Who)
	s.form = huh.NewForm(huh.NewGroup(sel)).WithShowHelp(false).WithTheme(huhTheme(s.c))
	s.step = stepWho
	s.resize()
	return s.form.Init()
}

// startDetails asks for the rest: the name (for someone else), the role
// (filled in from the participant), the decision and a comment. The
// values already in s.v are kept, so a refused sign-off can be fixed.
func (s *signOffModel) startDetails() tea.Cmd {
	v := s.v
	title := s.detailsTitle()
	var fields []huh.Field
	if v.Who == someoneElse {
		fields = append(fields, huh.NewInput().Key("name").Title("Name").
			Placeholder("who signs").Value(&v.Name).
			Validate(func(n string) error {
				return review.SignOff{Name: n, Decision: review.Approve}.Validate()
			}))
	}
	roleDesc := "Their role in the review, e.g. owner, sre, security, dpo."
	if roles := s.rev.Template.SignoffRoles; len(roles) > 0 {
		roleDesc = "This checklist needs an approval from each of: " + oneLine(strings.Join(roles, ", ")) + "."
	}
	var suggest []string
	for _, r := range s.rev.Template.SignoffRoles {
		suggest = append(suggest, oneLine(r))
	}
	fields = append(fields,
		huh.NewInput().Key("role").Title("Role").Description(roleDesc).
			Suggestions(suggest).Value(&v.Role).
			Validate(func(r string) error {
				return review.SignOff{Name: "x", Role: r, Decision: review.Approve}.Validate()
			}),
		huh.NewSelect[review.Decision]().Key("decision").Title("Decision").
			Options(
				huh.NewOption("approve", review.Approve),
				huh.NewOption("approve with conditions (say which in the comment)", review.ApproveWithConditions),
				huh.NewOption("reject", review.Reject),
			).Value(&v.Decision),
		huh.NewInput().Key("comment").Title("Comment").Placeholder("optional").
			Value(&v.Comment).
			Validate(func(c string) error {
				return review.SignOff{Name: "x", Comment: c, Decision: review.Approve}.Validate()
			}),
	)
	fields = append(fields, s.signFields()...)
	s.form = huh.NewForm(s.withApprovalCheck(huh.NewGroup(fields...).Title(title))...).WithShowHelp(false).WithTheme(huhTheme(s.c))
	s.step = stepDetails
	s.resize()
	return s.form.Init()
}

// chose moves from "who signs" to the details, filling in the role.
func (s *signOffModel) chose() tea.Cmd {
	if s.v.Who >= 0 && s.v.Who < len(s.rev.Participants) {
		s.v.Role = oneLine(s.rev.Participants[s.v.Who].Role)
	}
	s.v.Key = s.defaultKey(s.v.Role)
	return s.startDetails()
}

// record asks the store to record the sign-off.
func (s *signOffModel) record() tea.Cmd {
	v := *s.v
	name := v.Name
	if v.Who >= 0 && v.Who < len(s.rev.Participants) {
		name = s.rev.Participants[v.Who].Name
	}
	role, comment := strings.TrimSpace(v.Role), strings.TrimSpace(v.Comment)
	so, err := review.NewSignedSignOff(s.rev, name, role, v.Decision, comment, s.c.now())
	if err != nil {
		s.c.fail("sign-off not recorded", err)
		return s.startDetails()
	}
	s.step = stepSaving
	if v.Key >= 0 && v.Key < len(s.keys) {
		return s.recordSigned(so, s.keys[v.Key])
	}
	s.c.info("recording the sign-off of " + oneLine(name) + "…")
	st, id := s.c.store, s.rev.ID
	return func() tea.Msg {
		so, err := st.SignOff(id, name, role, v.Decision, comment)
		return reloaded(st, signOffSavedMsg{id: id, so: so, err: err})
	}
}

func (s *signOffModel) saved(msg signOffSavedMsg) tea.Cmd {
	if msg.err != nil {
		s.c.fail("sign-off not recorded", msg.err)
		return s.startDetails()
	}
	if msg.review != nil {
		s.setReview(msg.review, msg.rev)
	} else {
		r := *s.rev
		r.SignOffs = append(append([]review.SignOff(nil), s.rev.SignOffs...), msg.so)
		s.setReview(&r, s.revision)
	}
	who := oneLine(msg.so.Name)
	if msg.so.Role != "" {
		who += " (" + oneLine(msg.so.Role) + ")"
	}
	signed := ""
	if msg.so.Signature != "" {
		note, fingerprint := signatureNote(s.c, s.rev, msg.so)
		signed = " · " + note + ", key " + fingerprint
	}
	s.c.ok(fmt.Sprintf("signed: %s: %s%s · the review is %s", who, oneLine(msg.so.Decision.Label()), signed, s.status.State.Label()))
	s.vp.GotoTop()
	return tea.Batch(s.startWho(nextOne), func() tea.Msg { return signedMsg(msg) })
}

// filtering reports whether the "who signs" list is being filtered (/),
// where esc ends the filter rather than the screen.
func (s *signOffModel) filtering() bool {
	if s.step != stepWho || s.form == nil {
		return false
	}
	f, ok := s.form.GetFocusedField().(interface{ GetFiltering() bool })
	return ok && f.GetFiltering()
}

func (s *signOffModel) capturing() bool {
	// "Who signs?" is a list: ? still opens the help there, unless the
	// list is being filtered.
	return s.step != stepWho || s.filtering()
}

func (s *signOffModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.SetSize(msg.Width, msg.Height)
		return nil
	case tea.BackgroundColorMsg:
		s.rebuild()
		return nil
	}
	if s.rev == nil {
		return nil // never opened
	}
	switch msg := msg.(type) {
	case signOffKeysMsg:
		return s.keysLoaded(msg)
	case signOffSavedMsg:
		if msg.id != s.rev.ID {
			return nil
		}
		return s.saved(msg)
	case signOffRevisionMsg, signOffReloadMsg:
		return s.follow(msg)
	case tea.KeyPressMsg:
		k := s.c.keys
		switch {
		case s.step == stepSaving:
			return nil
		case key.Matches(msg, k.SignOffBack) && !s.filtering():
			if s.step == stepDetails && len(s.rev.Participants) > 0 {
				return s.startWho(s.v.Who)
			}
			return navigate(s.back, s.rev, "")
		case s.vp.scroll(msg):
			return nil
		}
	}
	if s.form == nil || s.step == stepSaving {
		return nil
	}
	f, cmd := s.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		s.form = ff
	}
	switch s.form.State {
	case huh.StateCompleted:
		if s.step == stepWho {
			return tea.Batch(cmd, s.chose())
		}
		return tea.Batch(cmd, s.recordIfMeant())
	case huh.StateAborted:
		return navigate(s.back, s.rev, "")
	}
	return cmd
}
