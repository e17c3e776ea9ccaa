package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

// summaryModel shows where a review stands: score and verdict, a bar per
// section, the blocking items, the open action items, the waivers and the
// sign-offs. The sign-off (S) and export (x) screens start from here too.
type summaryModel struct {
	c       *common
	rev     *review.Review
	assess  review.Assessment
	signoff review.SignOffStatus
	vp      pager
	w, h    int
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
		default:
			s.vp.scroll(msg)
		}
	}
	return nil
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

	add(st.Title.Render(truncate("Summary · "+oneLine(r.Service), w)))
	add(st.Subtle.Render(truncate(fmt.Sprintf("%s v%d · created %s", oneLine(r.Template.Title), r.Template.Version, r.CreatedAt.In(now.Location()).Format("2006-01-02")), w)))
	add("")
	add(wrapLines(fmt.Sprintf("Verdict %s   Score %s   Answered %d/%d   Level %s",
		st.VerdictBadge(a.Verdict, false), st.Bold.Render(pct(a.Score)), a.Answered, a.Total, review.LevelLabel(a.Level)), w)...)
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
		add(hangWrap(st.StatusGlyph(f.Status)+" "+oneLine(f.Section)+" › "+oneLine(f.Title), "  ", "    ", w)...)
		add(indentWrap(st.Subtle.Render(oneLine(f.Reason)), "    ", w)...)
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
		add(hangWrap(line, "  ", "    ", w)...)
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
		add(hangWrap(line, "  ", "    ", w)...)
		add(indentWrap(st.Subtle.Render(oneLine(f.Waiver.Reason)+" (accepted by "+oneLine(f.Waiver.AcceptedBy)+")"), "    ", w)...)
	}

	current := review.CurrentSignOffs(r)
	heading("Sign-offs", len(current))
	add(signOffList(s.c, r, s.signoff, current, w)...)
	add(signOffNeeds(s.c, r, s.signoff, "  ", w)...)

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
	return []keyBinding{k.Down, k.Up, k.PageDown, k.SignOff, k.Export, k.Back, k.Help, k.Compare, k.History, k.Quit}
}

func (s *summaryModel) FullHelp() [][]keyBinding {
	k := s.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.PageDown, k.PageUp, k.First, k.Last},
		{k.SignOff, k.Export, k.Compare, k.History, k.Back, k.Help, k.Quit},
	}
}
