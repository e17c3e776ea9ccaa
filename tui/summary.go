package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

// summaryModel shows where a review stands: its standing, score and
// verdict, a bar and the time spent per section, the blocking items, the
// parking lot, the open action items, the waivers, the roll call and the
// sign-offs. j/k choose among the items listed (a blocking item, a parked
// one, an action item's or a waiver's) and enter opens the chosen one on
// the walk screen. The sign-off (S) and export (x) screens start here too.
type summaryModel struct {
	c       *common
	rev     *review.Review
	assess  review.Assessment
	signoff review.SignOffStatus
	vp      pager
	w, h    int

	targets []summaryTarget // the lines that open an item, top to bottom
	sel     int             // the chosen target; -1 before any is chosen
}

// summaryTarget is a line of the summary that opens an item.
type summaryTarget struct {
	line int
	item string
}

func newSummary(c *common) *summaryModel {
	return &summaryModel{c: c, vp: textPager(c.keys)}
}

// open shows the review the walk screen had (as stored when it was last
// read), from the top.
func (s *summaryModel) open(n navMsg) (tea.Cmd, bool) {
	if n.review == nil {
		return nil, false
	}
	s.rev, s.assess, s.signoff = n.review, review.Assess(n.review, s.c.now()), review.SignOffState(n.review)
	s.sel = -1
	s.vp.SetContent(s.content())
	s.vp.GotoTop()
	return nil, true
}

func (s *summaryModel) SetSize(w, h int) {
	s.w, s.h = w, h
	s.vp.SetWidth(max(w-2, 1))
	s.vp.SetHeight(max(h, 1))
	if s.rev != nil {
		s.vp.SetContent(s.content())
	}
}

func (s *summaryModel) capturing() bool { return false }

func (s *summaryModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if s.rev != nil {
			s.vp.SetContent(s.content())
		}
	case tea.KeyPressMsg:
		k := s.c.keys
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Summary):
			return navigate(stateWalk, nil, "")
		case key.Matches(msg, k.SignOff):
			return navigate(stateSignOff, s.rev, "")
		case key.Matches(msg, k.Export):
			return navigate(stateExport, s.rev, "")
		case key.Matches(msg, k.Compare):
			return navigate(stateDiff, s.rev, "")
		case key.Matches(msg, k.History):
			return navigate(stateHistory, s.rev, "")
		case key.Matches(msg, k.OpenItem) && s.sel >= 0:
			return func() tea.Msg { return navMsg{to: stateWalk, item: s.targets[s.sel].item} }
		case len(s.targets) > 0 && key.Matches(msg, k.Down, k.Up):
			s.choose(key.Matches(msg, k.Down))
		default:
			s.vp.scroll(msg)
		}
	}
	return nil
}

// choose moves the choice to the next (or previous) item listed, and
// scrolls so that it shows; past the last one, j scrolls on.
func (s *summaryModel) choose(down bool) {
	next := s.sel - 1
	if down {
		next = s.sel + 1
	}
	if next < 0 || next >= len(s.targets) {
		if down {
			s.vp.ScrollDown(1)
		} else {
			s.vp.ScrollUp(1)
		}
		return
	}
	s.sel = next
	off := s.vp.YOffset()
	s.vp.SetContent(s.content())
	s.vp.SetYOffset(off)
	line := s.targets[next].line
	switch {
	case line < s.vp.YOffset():
		s.vp.SetYOffset(max(line-1, 0))
	case line >= s.vp.YOffset()+s.vp.Height():
		s.vp.SetYOffset(line - s.vp.Height() + 2)
	}
}

func (s *summaryModel) content() string {
	st := s.c.styles
	a := s.assess
	r := s.rev
	w := max(s.w-2, 10)
	now := s.c.now()
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	heading := func(t string, n int) {
		add("", st.Label.Render(fmt.Sprintf("%s (%d)", t, n)))
	}
	s.targets = s.targets[:0]
	// target makes the next line added open itemID, marked when chosen.
	target := func(itemID string) string {
		s.targets = append(s.targets, summaryTarget{line: len(lines), item: itemID})
		if len(s.targets)-1 == s.sel {
			return "› "
		}
		return "  "
	}

	add(st.Title.Render(truncate("Summary · "+oneLine(r.Service), w)))
	add(st.Subtle.Render(truncate(fmt.Sprintf("%s v%d · created %s", oneLine(r.Template.Title), r.Template.Version, r.CreatedAt.In(now.Location()).Format("2006-01-02")), w)))
	add("")
	add(wrapLines(st.StandingBadge(a.Standing, false), w)...)
	// The standing is the verdict in a meeting's words (a review not
	// finished is not "blocked"), so the bare verdict is not shown too.
	add(wrapLines(fmt.Sprintf("Score %s   Answered %d/%d   Level %s",
		st.Bold.Render(pct(a.Score)), a.Answered, a.Total, review.LevelLabel(a.Level)), w)...)
	for _, reason := range a.Reasons {
		add(indentWrap("• "+oneLine(reason), "  ", w)...)
	}
	state := "State " + st.StateBadge(s.signoff.State)
	if n := s.signoff.Stale; n > 0 {
		state += "   " + st.WarnText.Render(plural(n, "stale sign-off", "stale sign-offs"))
	}
	add(wrapLines(state, w)...)
	add(renewalLines(s.c, r, w)...)

	heading("Sections", len(a.Sections))
	rights := make([]string, len(a.Sections))
	rightW := 0
	for i, ss := range a.Sections {
		r := fmt.Sprintf("%4s  %d/%d answered", pct(ss.Percent()), ss.Answered, ss.Total)
		if ss.Failed > 0 {
			r += " " + st.Fail.Render(fmt.Sprintf("✗ %d", ss.Failed))
		}
		if ss.Blocking > 0 {
			r += " " + st.Blocked.Render(fmt.Sprintf("■ %d", ss.Blocking))
		}
		if i < len(s.rev.Template.Sections) {
			r += s.sectionTime(&s.rev.Template.Sections[i])
		}
		rights[i] = r
		rightW = max(rightW, ansi.StringWidth(r))
	}
	barW := min(max(w/5, 6), 30)
	titleW := min(max(w-2-barW-2-rightW, 8), 40)
	for i, ss := range a.Sections {
		add("  " + fit(oneLine(ss.Title), titleW) + " " + bar(ss.Percent()/100, barW, st) + " " + rights[i])
	}
	if len(a.Sections) > 0 {
		add(st.Faint.Render("  ✗ failing items · ■ blocking items"))
	}

	add(s.summaryAssessments(w)...)

	heading("Blocking items", len(a.Blocking))
	if len(a.Blocking) == 0 {
		add(st.Faint.Render("  None: every required item passes, is n/a or is waived."))
	}
	for _, f := range a.Blocking {
		add(hangWrap(st.StatusGlyph(f.Status)+" "+oneLine(f.Section)+" › "+oneLine(f.Title), target(f.ItemID), "    ", w)...)
		add(indentWrap(st.Subtle.Render(oneLine(f.Reason)), "    ", w)...)
	}

	heading("Parking lot", len(a.Parked))
	if len(a.Parked) == 0 {
		add(st.Faint.Render("  Nothing parked."))
	}
	for _, f := range a.Parked {
		line := "‖ " + oneLine(f.Title)
		if f.Required {
			line += " " + st.Required.Render("[REQUIRED]")
		}
		add(hangWrap(line, target(f.ItemID), "    ", w)...)
		if f.Parked != nil && f.Parked.Note != "" {
			add(indentWrap(st.Subtle.Render(oneLine(f.Parked.Note)), "    ", w)...)
		}
	}

	heading("Open action items", len(a.OpenActions))
	if len(a.OpenActions) == 0 {
		add(st.Faint.Render("  None."))
	}
	for _, oa := range a.OpenActions {
		line := "☐ " + oneLine(oa.Action.Text)
		var meta []string
		if oa.Action.Owner != "" {
			meta = append(meta, "owner "+oneLine(oa.Action.Owner))
		}
		if oa.Action.Due != "" {
			d := "due " + oneLine(string(oa.Action.Due))
			if oa.Overdue {
				d += " " + st.ErrorText.Render("(overdue)")
			}
			meta = append(meta, d)
		}
		if len(meta) > 0 {
			line += st.Subtle.Render(" — ") + strings.Join(meta, ", ")
		}
		add(hangWrap(line, target(oa.ItemID), "    ", w)...)
		add(indentWrap(st.Subtle.Render("for: "+oneLine(oa.Title)), "    ", w)...)
	}

	heading("Waivers", len(a.Waivers))
	if len(a.Waivers) == 0 {
		add(st.Faint.Render("  None."))
	}
	for _, f := range a.Waivers {
		line := "⚑ " + oneLine(f.Title)
		if f.Expired {
			line += " " + st.ErrorText.Render("[EXPIRED "+oneLine(string(f.Waiver.Expires))+"]")
		} else {
			line += st.Subtle.Render(" — expires " + oneLine(string(f.Waiver.Expires)))
		}
		add(hangWrap(line, target(f.ItemID), "    ", w)...)
		add(indentWrap(st.Subtle.Render(oneLine(f.Waiver.Reason)+" (accepted by "+oneLine(f.Waiver.AcceptedBy)+")"), "    ", w)...)
	}

	current := review.CurrentSignOffs(r)
	heading("Sign-offs", len(current))
	add(signOffList(s.c, r, s.signoff, current, w)...)
	add(signOffNeeds(s.c, r, s.signoff, "  ", w)...)

	add(s.meetingLines(w)...)

	if len(r.Participants) > 0 {
		heading("Participants", len(r.Participants))
		for _, p := range r.Participants {
			line := "• " + oneLine(p.Name)
			if p.Role != "" {
				line += st.Subtle.Render(" (" + oneLine(p.Role) + ")")
			}
			add(indentWrap(line, "  ", w)...)
		}
	}
	return strings.Join(lines, "\n")
}

func (s *summaryModel) View() string {
	lines := strings.Split(s.vp.View(), "\n")
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	return strings.Join(lines, "\n")
}

func (s *summaryModel) statusInfo() string { return s.vp.position() }

func (s *summaryModel) ShortHelp() []keyBinding {
	k := s.c.keys
	return []keyBinding{k.Down, k.Up, k.OpenItem, k.PageDown, k.SignOff, k.Export, k.Back, k.Help, k.Compare, k.History, k.Quit}
}

func (s *summaryModel) FullHelp() [][]keyBinding {
	k := s.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.OpenItem, k.PageDown, k.PageUp, k.First, k.Last},
		{k.SignOff, k.Export, k.Compare, k.History, k.Back, k.Help, k.Quit},
	}
}

// sectionTime is the time spent on a section, against its timebox:
// " · 12m", " · 12m of 10m" (marked when over); "" if none was counted.
func (s *summaryModel) sectionTime(sec *review.Section) string {
	spent := s.rev.Meeting.SectionTime(sec.ID)
	if spent == 0 && sec.Timebox == 0 {
		return ""
	}
	t := review.FormatDuration(spent)
	if sec.Timebox > 0 {
		t += fmt.Sprintf(" of %dm", sec.Timebox)
	}
	if s.rev.Meeting.Over(sec) {
		return " " + s.c.styles.WarnText.Render("· "+t)
	}
	return s.c.styles.Subtle.Render(" · " + t)
}

// meetingLines are the roll call and the sittings: who was there, who
// ran the meeting, and for how long.
func (s *summaryModel) meetingLines(w int) []string {
	st := s.c.styles
	m := s.rev.Meeting
	var present, absent []string
	for _, p := range s.rev.People() {
		switch {
		case p.Marked && p.Present:
			present = append(present, oneLine(p.Name))
		case p.Marked:
			absent = append(absent, oneLine(p.Name))
		}
	}
	lines := []string{"", st.Label.Render("Meeting")}
	if len(present)+len(absent) == 0 {
		lines = append(lines, st.Faint.Render("  No roll call yet (r on the walk screen takes it)."))
	} else {
		lines = append(lines, hangWrap("Present: "+orNone(present), "  ", "    ", w)...)
		lines = append(lines, hangWrap("Absent: "+orNone(absent), "  ", "    ", w)...)
	}
	var roles []string
	if m.Facilitator != "" {
		roles = append(roles, "facilitator "+oneLine(m.Facilitator))
	}
	if m.Scribe != "" {
		roles = append(roles, "scribe "+oneLine(m.Scribe))
	}
	if len(roles) > 0 {
		lines = append(lines, hangWrap(strings.Join(roles, " · "), "  ", "    ", w)...)
	}
	if n := len(m.Sittings); n > 0 {
		lines = append(lines, hangWrap(fmt.Sprintf("%s, %s in all", plural(n, "sitting", "sittings"), review.FormatDuration(m.MeetingTime())), "  ", "    ", w)...)
	}
	return lines
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "nobody"
	}
	return strings.Join(names, ", ")
}
