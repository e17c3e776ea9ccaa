package tui

// A service over time: what changed since its review before (the diff
// screen), and its reviews oldest first with the trend of their scores
// (the history screen). Both read the store in the background and show a
// page of text; the words and the rules come from package review, as in
// prr diff and prr history.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

type overTimeModel struct {
	c     *common
	state state // stateDiff or stateHistory
	// id is the review the screen is about; rev is set when it was opened
	// from the summary, which back returns to.
	id   string
	rev  *review.Review
	back state
	seq  int

	loading bool
	err     error
	note    string // nothing to show, and why
	cmp     *review.Comparison
	hist    *review.History

	vp   pager
	w, h int
}

// overTimeMsg carries what the screen read from the store.
type overTimeMsg struct {
	state state
	seq   int
	cmp   *review.Comparison
	hist  *review.History
	note  string
	err   error
}

func (m overTimeMsg) to() state { return m.state }

func newOverTime(c *common, s state) *overTimeModel {
	return &overTimeModel{c: c, state: s, vp: textPager(c.keys)}
}

func (o *overTimeModel) open(n navMsg) (tea.Cmd, bool) {
	o.id, o.rev = n.id, n.review
	if n.review != nil {
		o.id = n.review.ID
	}
	if o.id == "" {
		return nil, false
	}
	o.back = stateHome
	if n.from == stateSummary && n.review != nil {
		o.back = stateSummary
	}
	o.seq++
	o.loading, o.err, o.note, o.cmp, o.hist = true, nil, "", nil, nil
	o.vp.SetContent("")
	o.vp.GotoTop()
	return o.load(), true
}

// load reads what the screen shows: for the diff, the review and the one
// of its service before it (review.Previous); for the history, every
// review of its service.
func (o *overTimeModel) load() tea.Cmd {
	st, id, seq, s := o.c.store, o.id, o.seq, o.state
	now, validFor := o.c.now(), o.c.validFor
	return func() tea.Msg {
		msg := overTimeMsg{state: s, seq: seq}
		r, err := st.Get(id)
		if err != nil {
			msg.err = err
			return msg
		}
		sums, err := st.List()
		if err != nil {
			msg.err = err
			return msg
		}
		if s == stateDiff {
			prev, ok := review.Previous(sums, review.Summary{ID: r.ID, Service: r.Service})
			if !ok {
				msg.note = fmt.Sprintf("This is the first review of %s: there is no review before it to compare it with.", oneLine(r.Service))
				return msg
			}
			p, err := st.Get(prev.ID)
			if err != nil {
				msg.err = err
				return msg
			}
			c := review.Compare(p, r, now.Location())
			msg.cmp = &c
			return msg
		}
		var reviews []*review.Review
		for _, sum := range review.ReviewsOf(sums, r.Service) {
			rr, err := st.Get(sum.ID)
			if err != nil {
				msg.err = err
				return msg
			}
			reviews = append(reviews, rr)
		}
		h := review.HistoryOf(reviews, now, validFor)
		msg.hist = &h
		return msg
	}
}

func (o *overTimeModel) SetSize(w, h int) {
	o.w, o.h = w, h
	o.vp.SetWidth(max(w-2, 1))
	o.vp.SetHeight(max(h, 1))
	o.vp.SetContent(o.content())
}

func (o *overTimeModel) capturing() bool { return false }

func (o *overTimeModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		o.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		o.vp.SetContent(o.content())
	case overTimeMsg:
		if msg.seq != o.seq {
			return nil // an answer to an earlier visit
		}
		o.loading, o.err, o.note, o.cmp, o.hist = false, msg.err, msg.note, msg.cmp, msg.hist
		if msg.err != nil {
			o.c.fail("could not read the reviews", msg.err)
		}
		o.vp.SetContent(o.content())
	case tea.KeyPressMsg:
		if key.Matches(msg, o.c.keys.Back) {
			if o.back == stateSummary {
				return navigate(stateSummary, o.rev, "")
			}
			return navigate(stateHome, nil, "")
		}
		o.vp.scroll(msg)
	}
	return nil
}

func (o *overTimeModel) content() string {
	st := o.c.styles
	w := max(o.w-2, 10)
	switch {
	case o.loading:
		return st.Subtle.Render("Reading the reviews…")
	case o.err != nil:
		return st.ErrorText.Render("The reviews could not be read.") + "\n" + st.Subtle.Render("The status bar says why.")
	case o.note != "":
		return strings.Join(wrapLines(o.note, w), "\n")
	case o.cmp != nil:
		return strings.Join(o.diffLines(*o.cmp, w), "\n")
	case o.hist != nil:
		return strings.Join(o.historyLines(*o.hist, w), "\n")
	}
	return ""
}

// diffLines draws a comparison: the standings, the service's items that
// moved, and apart from them the changes of the checklist itself.
func (o *overTimeModel) diffLines(c review.Comparison, w int) []string {
	st := o.c.styles
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	side := func(s review.Outcome) string {
		return fmt.Sprintf("%s (%s, %s v%d)", s.ID, s.Created.In(s.AsOf.Location()).Format("2006-01-02"), oneLine(s.TemplateID), s.TemplateVersion)
	}
	add(st.Title.Render(truncate("What changed · "+oneLine(c.B.Service), w)))
	add(wrapLines(st.Subtle.Render(side(c.A)+" → "+side(c.B)), w)...)
	add("")
	add(wrapLines(fmt.Sprintf("Verdict %s → %s   Score %s → %s (%+.0f)   Level %s → %s",
		st.VerdictBadge(c.A.Verdict, false), st.VerdictBadge(c.B.Verdict, false),
		pct(c.A.Score), st.Bold.Render(pct(c.B.Score)), c.B.Score-c.A.Score,
		review.LevelLabel(c.A.Level), review.LevelLabel(c.B.Level)), w)...)

	add("", st.Label.Render("The service"))
	moved, unchanged, toConfirm := c.InService()
	for _, d := range moved {
		line := o.changeLabel(d.Change) + " " + oneLine(d.Title) + st.Subtle.Render(fmt.Sprintf(" (%s → %s)", d.From.Label(), d.To.Label()))
		if d.ToConfirm {
			line += " " + st.WarnText.Render("to confirm")
		}
		add(hangWrap(line, "  ", "    ", w)...)
		if det := d.Details(); det != "" {
			add(indentWrap(st.Subtle.Render(det), "    ", w)...)
		}
	}
	switch {
	case unchanged > 0 && toConfirm > 0:
		add(indentWrap(st.Faint.Render(fmt.Sprintf("%d item(s) as before, %d of them carried over and still to confirm", unchanged, toConfirm)), "  ", w)...)
	case unchanged > 0:
		add(indentWrap(st.Faint.Render(fmt.Sprintf("%d item(s) as before", unchanged)), "  ", w)...)
	}

	ch := c.Template
	add("", st.Label.Render(fmt.Sprintf("The checklist, v%d → v%d", ch.FromVersion, ch.ToVersion)))
	add(indentWrap(st.Faint.Render("A change of method, not of the service."), "  ", w)...)
	if ch.Empty() {
		add(st.Faint.Render("  The same items."))
	}
	for _, d := range c.Items {
		switch {
		case d.Change == review.NewItem:
			add(hangWrap(st.Accent.Render("new      ")+" "+oneLine(d.Title)+st.Subtle.Render(" ("+d.To.Label()+")"), "  ", "    ", w)...)
		case d.Change == review.Removed:
			add(hangWrap(st.Faint.Render("removed  ")+" "+oneLine(d.Title)+st.Subtle.Render(" (was "+d.From.Label()+")"), "  ", "    ", w)...)
		case len(d.Method) > 0:
			add(hangWrap(st.WarnText.Render("changed  ")+" "+oneLine(d.Title)+st.Subtle.Render(" ("+strings.Join(d.Method, ", ")+")"), "  ", "    ", w)...)
		}
	}
	return lines
}

// changeLabel is a change of an item, coloured by which way it went.
func (o *overTimeModel) changeLabel(c review.Change) string {
	st := o.c.styles
	text := fmt.Sprintf("%-9s", c)
	switch c {
	case review.Improved:
		return st.Pass.Render(text)
	case review.Regressed:
		return st.ErrorText.Render(text)
	}
	return st.Subtle.Render(text)
}

// historyLines draws the reviews of a service, oldest first, the one the
// screen was opened on marked.
func (o *overTimeModel) historyLines(h review.History, w int) []string {
	st := o.c.styles
	var lines []string
	add := func(ls ...string) { lines = append(lines, ls...) }
	add(st.Title.Render(truncate("History · "+oneLine(h.Service), w)))
	add(wrapLines(st.Subtle.Render(fmt.Sprintf("%s, oldest first · score trend ", plural(len(h.Reviews), "review", "reviews")))+st.Bold.Render(h.Trend), w)...)
	add("")
	// A row fits 80 cells with the longest renewal; the checklist's name
	// takes what a wider screen has to spare.
	cw := min(max(10, 10+w-78), 24)
	add(st.Faint.Render(truncate(fmt.Sprintf("  %-8s %-10s %s %-10s %5s  %-8s %s", "REVIEW", "STARTED", fit("CHECKLIST", cw), "VERDICT", "SCORE", "LEVEL", "RENEWAL"), w)))
	for _, e := range h.Reviews {
		mark := "  "
		if e.ID == o.id {
			mark = st.Accent.Render("› ")
		}
		renewal := "—"
		switch {
		case e.Renewal.Expired:
			renewal = st.ErrorText.Render("expired " + string(e.Renewal.ValidUntil))
		case e.Renewal.ValidUntil != "":
			renewal = "until " + string(e.Renewal.ValidUntil)
		case e.State == review.SignedOff:
			renewal = "no limit"
		}
		checklist := fit(fmt.Sprintf("%s v%d", oneLine(e.TemplateID), e.TemplateVersion), cw)
		add(truncate(mark+fmt.Sprintf("%-8s %-10s %s %s %5s  %s ", e.ID, e.Created.In(e.AsOf.Location()).Format("2006-01-02"),
			checklist, pad(st.VerdictBadge(e.Verdict, true), 10), pct(e.Score), fit(review.LevelLabel(e.Level), 8))+renewal, w))
	}
	return lines
}

func (o *overTimeModel) View() string {
	lines := strings.Split(o.vp.View(), "\n")
	for i := range lines {
		lines[i] = " " + lines[i]
	}
	return strings.Join(lines, "\n")
}

func (o *overTimeModel) statusInfo() string { return o.vp.position() }

func (o *overTimeModel) ShortHelp() []keyBinding {
	k := o.c.keys
	return []keyBinding{k.Down, k.Up, k.PageDown, k.Back, k.Help, k.Quit}
}

func (o *overTimeModel) FullHelp() [][]keyBinding {
	k := o.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.PageDown, k.PageUp, k.First, k.Last},
		{k.Back, k.Help, k.Quit},
	}
}

// renewalLines say, for the summary, until when the review is valid (or
// since when it has expired) and where its answers came from.
func renewalLines(c *common, r *review.Review, w int) []string {
	st := c.styles
	var out []string
	rn := review.RenewalOf(r, c.validFor, c.now())
	switch {
	case rn.Expired:
		out = append(out, wrapLines(st.ErrorText.Render(fmt.Sprintf("Expired on %s", rn.ValidUntil.AddDays(1)))+
			st.Subtle.Render(fmt.Sprintf(": valid until %s (%s from the sign-off on %s); r on the home screen starts the next review from it", rn.ValidUntil, rn.ValidFor, rn.Signed)), w)...)
	case rn.ValidUntil != "":
		out = append(out, wrapLines(fmt.Sprintf("Valid until %s", st.Bold.Render(string(rn.ValidUntil)))+
			st.Subtle.Render(fmt.Sprintf(" (%s from the sign-off on %s)", rn.ValidFor, rn.Signed)), w)...)
	}
	if o := r.Origin; o != nil {
		from := "Moved to a newer checklist"
		if o.From != "" {
			from = "Carried over from review " + o.From
		}
		if ch := o.Template; !ch.Empty() {
			from += fmt.Sprintf("; checklist v%d → v%d: %d new, %d changed, %d removed", ch.FromVersion, ch.ToVersion, len(ch.New), len(ch.Changed), len(ch.Removed))
		}
		out = append(out, wrapLines(st.Subtle.Render(from+" (c: what changed)"), w)...)
	}
	return out
}
