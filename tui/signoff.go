package tui

// The sign-off screen: where the review stands (draft, in review, signed
// off, rejected), the sign-offs so far (stale ones marked), the roles whose
// approval is still missing, and a Huh form to record the next sign-off.
// Participants sign one after another: after each sign-off the form starts
// again, on the next participant who has not signed yet.
//
// The rules (which sign-offs count, which are stale, the state) are the
// domain's: review.SignOffState, review.CurrentSignOffs and SignOff.Stale.
// The sign-off itself is made by the store, which takes the content hash
// inside its write.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
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

	// list holds the drawn sign-offs (built on Update); listTop is the
	// first line shown, listH how many fit above the form.
	list    []string
	listTop int
	listH   int
	head    []string

	w, h int
}

type signOffValues struct {
	Who      int // index into the participants, or someoneElse
	Name     string
	Role     string
	Decision review.Decision
	Comment  string
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

// signOffReloadMsg carries the review reloaded after a change elsewhere.
type signOffReloadMsg struct {
	review *review.Review
	rev    uint64
	err    error
}

// signOffRevisionMsg carries the review's revision, polled.
type signOffRevisionMsg struct {
	id  string
	rev uint64
	err error
}

// signedMsg tells the walk screen of a sign-off recorded here: it asks
// before a change that would make it stale.
type signedMsg signOffSavedMsg

func (signOffSavedMsg) to() state    { return stateSignOff }
func (signOffRevisionMsg) to() state { return stateSignOff }
func (signOffReloadMsg) to() state   { return stateSignOff }
func (signedMsg) to() state          { return stateWalk }

func newSignOff(c *common) *signOffModel { return &signOffModel{c: c} }

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
	s.listTop = 0
	s.setReview(n.review, 0)
	return s.startWho(nextOne), true
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
	s.v = &signOffValues{Who: someoneElse, Decision: review.Approve}
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
	title := "Sign-off"
	if v.Who >= 0 && v.Who < len(s.rev.Participants) {
		title = "Sign-off by " + oneLine(s.rev.Participants[v.Who].Name)
	}
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
	s.form = huh.NewForm(huh.NewGroup(fields...).Title(title)).WithShowHelp(false).WithTheme(huhTheme(s.c))
	s.step = stepDetails
	s.resize()
	return s.form.Init()
}

// chose moves from "who signs" to the details, filling in the role.
func (s *signOffModel) chose() tea.Cmd {
	if s.v.Who >= 0 && s.v.Who < len(s.rev.Participants) {
		s.v.Role = oneLine(s.rev.Participants[s.v.Who].Role)
	}
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
	if _, err := review.NewSignOff(s.rev, name, role, v.Decision, comment, s.c.now()); err != nil {
		s.c.fail("sign-off not recorded", err)
		return s.startDetails()
	}
	s.step = stepSaving
	s.c.info("recording the sign-off of " + oneLine(name) + "…")
	st, id := s.c.store, s.rev.ID
	return func() tea.Msg {
		so, err := st.SignOff(id, name, role, v.Decision, comment)
		if err != nil {
			return signOffSavedMsg{id: id, err: err}
		}
		msg := signOffSavedMsg{id: id, so: so}
		if r, err := st.Get(id); err == nil {
			msg.review = r
			msg.rev, _ = st.Revision(r.ID)
		}
		return msg
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
	s.c.ok(fmt.Sprintf("signed: %s: %s · the review is %s", who, oneLine(msg.so.Decision.Label()), s.status.State.Label()))
	s.listTop = 0
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
	case signOffSavedMsg:
		if msg.id != s.rev.ID {
			return nil
		}
		return s.saved(msg)
	case pollMsg:
		if s.step == stepSaving {
			return nil
		}
		st, id := s.c.store, s.rev.ID
		return func() tea.Msg {
			rev, err := st.Revision(id)
			return signOffRevisionMsg{id: id, rev: rev, err: err}
		}
	case signOffRevisionMsg:
		if msg.err != nil || msg.id != s.rev.ID || msg.rev == s.revision || s.step == stepSaving {
			return nil
		}
		st, id := s.c.store, s.rev.ID
		return func() tea.Msg {
			r, err := st.Get(id)
			if err != nil {
				return signOffReloadMsg{err: err}
			}
			rev, err := st.Revision(r.ID)
			return signOffReloadMsg{review: r, rev: rev, err: err}
		}
	case signOffReloadMsg:
		if msg.err != nil {
			s.c.logger.Debug("reload for sign-off failed", "err", msg.err)
			return nil
		}
		if msg.review.ID == s.rev.ID && s.step != stepSaving {
			s.setReview(msg.review, msg.rev)
		}
		return nil
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
		case key.Matches(msg, k.SignOffUp):
			s.scrollList(-max(s.listH-1, 1))
			return nil
		case key.Matches(msg, k.SignOffDown):
			s.scrollList(max(s.listH-1, 1))
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
		return tea.Batch(cmd, s.record())
	case huh.StateAborted:
		return navigate(s.back, s.rev, "")
	}
	return cmd
}

func (s *signOffModel) scrollList(d int) {
	s.listTop = max(min(s.listTop+d, len(s.list)-s.listH), 0)
}

// The layout: the header (three lines), the list of sign-offs, a blank
// line, the form. The form takes what it needs; the list what is left,
// and scrolls.

const signOffHeadH = 3

func (s *signOffModel) contentW() int { return min(max(s.w-2, 10), maxMeasure) }

func (s *signOffModel) SetSize(w, h int) {
	s.w, s.h = w, h
	s.resize()
	s.rebuild()
}

func (s *signOffModel) resize() {
	if s.form == nil || s.w == 0 {
		return
	}
	// Huh sizes itself from a WindowSizeMsg: as tall as its fields need,
	// up to what we give it. The list keeps at least four lines.
	s.form.Update(tea.WindowSizeMsg{Width: s.contentW(), Height: max(s.h-signOffHeadH-1-4-1, 5)})
	s.fitList()
}

func (s *signOffModel) formLines() int {
	if s.form == nil || s.step == stepSaving {
		return 1
	}
	return strings.Count(s.form.View(), "\n") + 1
}

// fitList gives the list the lines the form leaves: the form sits right
// under the list, and the list scrolls when it is longer.
func (s *signOffModel) fitList() {
	s.listH = max(min(s.h-signOffHeadH-1-s.formLines(), len(s.list)), 1)
	s.scrollList(0)
}

// rebuild draws the header and the list again.
func (s *signOffModel) rebuild() {
	if s.w == 0 || s.rev == nil {
		return
	}
	st := s.c.styles
	w := s.w
	cw := s.contentW()
	r := s.rev
	badge := st.Subtle.Render("state ") + st.StateBadge(s.status.State)
	bw := width(badge)
	left := " " + st.Title.Render("Sign-off · "+oneLine(r.Service)) +
		st.Subtle.Render(fmt.Sprintf(" · %s v%d", oneLine(r.Template.Title), r.Template.Version))
	verdict := review.Assess(r, s.c.now()).Verdict
	info := st.Subtle.Render("  verdict ") + st.VerdictBadge(verdict, w < 70) +
		st.Subtle.Render(" · content "+shortHash(s.status.Hash))
	s.head = []string{
		pad(truncate(left, w-bw-2), w-bw-1) + badge,
		truncate(info, w),
		rule(w, st),
	}

	// What stands between the review and "signed off" first, then who
	// signed what.
	lines := signOffNeeds(s.c, s.status, "", cw)
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, st.Label.Render(fmt.Sprintf("Sign-offs (%d)", len(s.current))))
	lines = append(lines, signOffList(s.c, r, s.status, s.current, cw)...)
	for i, l := range lines {
		lines[i] = truncate(l, cw)
	}
	s.list = lines
	s.fitList()
}

// shortHash is the first 12 hex digits of a content hash.
func shortHash(h string) string {
	h = strings.TrimPrefix(h, "sha256:")
	return oneLine(h[:min(12, len(h))])
}

// signOffList draws the current sign-offs, one or two lines each: the
// decision, who and in which role, STALE when the review changed since;
// then when and the comment.
func signOffList(c *common, r *review.Review, status review.SignOffStatus, current []review.SignOff, w int) []string {
	st := c.styles
	if len(current) == 0 {
		return []string{st.Faint.Render("  No sign-offs yet.")}
	}
	var lines []string
	for _, so := range current {
		stale := so.Stale(status.Hash)
		who := oneLine(so.Name)
		if so.Role != "" {
			who += " (" + oneLine(so.Role) + ")"
		}
		line := st.decision(so.Decision).Render(so.Decision.Glyph()) + " "
		if stale {
			line += st.ErrorText.Render("[STALE]") + " " + st.Subtle.Render(who+": "+oneLine(so.Decision.Label()))
		} else {
			line += st.Bold.Render(who) + ": " + st.decision(so.Decision).Render(oneLine(so.Decision.Label()))
		}
		lines = append(lines, hangWrap(line, "  ", "    ", w)...)
		meta := so.At.In(c.now().Location()).Format("2006-01-02 15:04")
		if stale {
			meta += " · for content " + shortHash(so.Hash) + ", changed since"
		}
		if so.Comment != "" {
			meta += " · “" + oneLine(so.Comment) + "”"
		}
		lines = append(lines, indentWrap(st.Subtle.Render(meta), "    ", w)...)
	}
	if n := len(r.SignOffs) - len(current); n > 0 {
		lines = append(lines, indentWrap(st.Faint.Render(plural(n, "earlier sign-off was", "earlier sign-offs were")+
			" replaced by a later one from the same person."), "  ", w)...)
	}
	return lines
}

// signOffNeeds says what stands between the review and "signed off": the
// roles still to approve, and the domain's other reasons.
func signOffNeeds(c *common, status review.SignOffStatus, indent string, w int) []string {
	st := c.styles
	var lines []string
	if len(status.MissingRoles) > 0 {
		roles := make([]string, len(status.MissingRoles))
		for i, r := range status.MissingRoles {
			roles[i] = oneLine(r)
		}
		lines = append(lines, hangWrap(st.WarnText.Render("Still to approve: ")+strings.Join(roles, ", "), indent, indent+"  ", w)...)
	}
	for _, reason := range status.Reasons {
		if len(status.MissingRoles) > 0 && strings.HasPrefix(reason, "no approval yet from the role") {
			continue // said above, more readably
		}
		lines = append(lines, hangWrap(st.Subtle.Render("• "+oneLine(reason)), indent, indent+"  ", w)...)
	}
	return lines
}

// plural says "1 thing is" or "3 things are".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (s *signOffModel) View() string {
	st := s.c.styles
	if s.rev == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(strings.Join(s.head, "\n"))
	end := min(s.listTop+s.listH, len(s.list))
	for i := s.listTop; i < s.listTop+s.listH; i++ {
		b.WriteString("\n")
		if i < end {
			b.WriteString(" " + s.list[i])
		}
	}
	b.WriteString("\n")
	switch s.step {
	case stepSaving:
		b.WriteString("\n " + st.Subtle.Render("Recording the sign-off…"))
	default:
		b.WriteString("\n" + indentBlock(s.form.View(), " "))
	}
	return b.String()
}

func (s *signOffModel) statusInfo() string {
	if s.listTop+s.listH < len(s.list) {
		return "pgdn more sign-offs"
	}
	if s.listTop > 0 {
		return "pgup back to the top"
	}
	return ""
}

func (s *signOffModel) ShortHelp() []keyBinding {
	k := s.c.keys
	var out []keyBinding
	if s.form != nil && s.step != stepSaving {
		out = append(out, s.form.KeyBinds()...)
	}
	back := k.SignOffBack
	if s.step == stepDetails && len(s.rev.Participants) > 0 {
		back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "who signs"))
	}
	out = append(out, back)
	if s.listTop+s.listH < len(s.list) || s.listTop > 0 {
		out = append(out, k.SignOffScroll)
	}
	if !s.capturing() {
		out = append(out, k.Help)
	}
	return append(out, k.Quit)
}

func (s *signOffModel) FullHelp() [][]keyBinding {
	k := s.c.keys
	var form []keyBinding
	if s.form != nil {
		form = s.form.KeyBinds()
	}
	return [][]keyBinding{form, {k.SignOffUp, k.SignOffDown, k.SignOffBack, k.Quit}}
}

func (s *signOffModel) helpNotes() []string {
	return []string{
		"A sign-off records the review's content hash: change an answer afterwards and the sign-off becomes stale.",
		"The review is signed off with at least one approval, no rejection, no stale sign-off, and an approval from every role the checklist names.",
		"Someone who changes their mind signs again; their latest decision counts.",
	}
}
