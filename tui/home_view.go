package tui

// The home screen's drawing: the table of reviews (its columns follow the
// width), the welcome on a first run, and the help.

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

func (h *homeModel) ShortHelp() []keyBinding {
	k := h.c.keys
	switch {
	case h.confirm != nil:
		return []keyBinding{k.ConfirmYes, k.ConfirmNo}
	case h.filtering:
		return []keyBinding{k.ApplyFilter, k.ClearFilter, k.Quit}
	case len(h.items) == 0:
		return []keyBinding{k.New, k.Templates, k.QuitHome, k.Help}
	}
	// Most used first: the help bar drops what does not fit from the end;
	// ? lists them all.
	return []keyBinding{k.Open, k.New, k.ReReview, k.Filter, k.QuitHome, k.Help, k.Delete, k.Templates, k.Compare, k.History}
}

func (h *homeModel) FullHelp() [][]keyBinding {
	k := h.c.keys
	return [][]keyBinding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.First, k.Last},
		{k.Open, k.New, k.ReReview, k.Delete, k.Templates},
		{k.Compare, k.History},
		{k.Filter, k.ClearFilter, k.Help, k.QuitHome, k.Quit},
	}
}

func (h *homeModel) statusInfo() string {
	if !h.loaded || h.total == 0 {
		return ""
	}
	switch {
	case h.partial && h.filter.Value() != "":
		// Matches among the newest only: at least that many match.
		return fmt.Sprintf("%d+ of %d reviews", len(h.shown), h.total)
	case len(h.shown) != len(h.items):
		return fmt.Sprintf("%d of %d reviews", len(h.shown), h.total)
	case h.total == 1:
		return "1 review"
	}
	return fmt.Sprintf("%d reviews", h.total)
}

func (h *homeModel) View() string {
	st := h.c.styles
	var b strings.Builder
	title := st.Title.Render("prr") + st.Subtle.Render(" · production readiness reviews")
	if h.c.version != "" {
		v := st.Faint.Render(oneLine(h.c.version))
		title = pad(title, h.w-ansi.StringWidth(v)-3) + " " + v
	}
	b.WriteString(" " + title + "\n")
	// The line under the title: what is due, once there are reviews.
	if h.loaded && len(h.items) > 0 {
		b.WriteString(" " + truncate(h.dueLine(), h.w-2))
	}
	b.WriteString("\n")
	switch {
	case !h.loaded:
		b.WriteString(st.Subtle.Render("  Loading reviews…"))
		return b.String()
	case h.loadErr != nil:
		b.WriteString("  " + st.ErrorText.Render("The reviews could not be read.") + "\n")
		b.WriteString(st.Subtle.Render("  The status bar below says why; the log file has the details."))
		return b.String()
	case len(h.items) == 0 && !h.c.catalogReady:
		// The welcome counts the checklists, which are being read: a few
		// milliseconds, not worth a frame of their own.
		return strings.TrimRight(b.String(), "\n")
	case len(h.items) == 0:
		b.WriteString(h.welcome())
		return b.String()
	}
	if h.filtering || h.filter.Value() != "" {
		b.WriteString(" " + h.filter.View() + "\n")
	}
	cols := h.columns()
	b.WriteString(st.Faint.Render(cols.head()) + "\n")
	switch {
	case len(h.shown) == 0 && h.partial:
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  Looking through all %d reviews…", h.total)))
	case len(h.shown) == 0:
		b.WriteString(st.Subtle.Render(fmt.Sprintf("  No review matches “%s”; esc clears the filter.", oneLine(h.filter.Value()))))
	}
	rows := h.rows()
	for i := h.offset; i < len(h.shown) && i < h.offset+rows; i++ {
		b.WriteString(cols.row(h.items[h.shown[i]], i == h.cursor, h.c) + "\n")
	}
	if h.confirm != nil {
		s := h.confirm
		b.WriteString("\n " + st.ErrorText.Render(truncate(fmt.Sprintf("Delete the review of %s (%s)? It cannot be undone.", oneLine(s.Service), s.ID), h.w-14)) +
			st.Bold.Render("  y/n") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (h *homeModel) welcome() string {
	st := h.c.styles
	w := max(h.w-4, 20)
	para := func(s string) string { return strings.Join(indentWrap(s, "  ", w+2), "\n") + "\n" }
	var b strings.Builder
	b.WriteString(para(st.Title.Render("Welcome to prr.")))
	b.WriteString("\n")
	b.WriteString(para("There are no reviews yet. A production readiness review walks a service through a checklist (ownership, SLOs, alerts, backups, runbooks, security, …) with the team, and saves every answer the moment it is given."))
	b.WriteString("\n")
	// The keys as bound, so that the welcome never names a key that does
	// something else.
	k := h.c.keys
	b.WriteString(para(st.Label.Render(k.New.Help().Key) + "  start a review of a service"))
	b.WriteString(para(st.Label.Render(k.Templates.Help().Key) + fmt.Sprintf("  browse the checklists (%d available)", len(h.c.catalog.Entries))))
	b.WriteString(para(st.Label.Render(k.QuitHome.Help().Key) + "  quit"))
	b.WriteString("\n")
	b.WriteString(st.Subtle.Render(para("From a shell, prr new creates a review and prr open REVIEW jumps straight into it (see prr --help).")))
	return b.String()
}

// homeColumns lays out the review table for a width: the service and
// checklist columns share what the fixed columns leave.
type homeColumns struct {
	service, template, progress, verdict, state, changed int
}

func (h *homeModel) columns() homeColumns {
	c := homeColumns{progress: 8, verdict: 13, state: 10, changed: 10}
	rest := h.w - 2 - c.progress - c.verdict - c.state - c.changed - 5
	if rest < 40 { // the service's name and the sign-off state matter more
		c.changed = 0
		rest = h.w - 2 - c.progress - c.verdict - c.state - 4
	}
	if rest < 24 {
		c.state = 0
		rest = h.w - 2 - c.progress - c.verdict - 3
	}
	if rest < 24 {
		c.template = 0
		c.service = max(rest, 4)
		return c
	}
	c.service = rest * 55 / 100
	c.template = rest - c.service - 1
	return c
}

func (c homeColumns) head() string {
	s := "  " + fit("SERVICE", c.service)
	if c.template > 0 {
		s += " " + fit("CHECKLIST", c.template)
	}
	s += " " + fit("ANSWERED", c.progress) + " " + fit("STANDING", c.verdict)
	if c.state > 0 {
		s += " " + fit("SIGN-OFF", c.state)
	}
	if c.changed > 0 {
		s += " " + fit("CHANGED", c.changed)
	}
	return s
}

func (c homeColumns) row(s review.Summary, selected bool, cm *common) string {
	st := cm.styles
	// The selected row is drawn as one highlighted run of plain text: styles
	// nested inside it would cut the highlight short.
	sty := func(style Paint, text string) string {
		if selected {
			return text
		}
		return style.Render(text)
	}
	service := oneLine(s.Service)
	if s.Team != "" {
		service += sty(st.Faint, " · "+oneLine(s.Team))
	}
	line := fit(service, c.service)
	if c.template > 0 {
		tt := oneLine(s.TemplateTitle)
		if tt == "" {
			tt = oneLine(s.TemplateID)
		}
		line += " " + fit(fmt.Sprintf("%s v%d", tt, s.TemplateVersion), c.template)
	}
	line += " " + fit(fmt.Sprintf("%d/%d", s.Answered, s.Total), c.progress)
	// Where it stands, not the bare verdict: a review nobody has finished
	// is not the same as one that fails.
	standing := s.FullStanding()
	line += " " + pad(sty(st.standing(standing.Kind), standingBadge(standing, true)), c.verdict)
	if c.state > 0 {
		text := "—"
		if s.State != "" {
			text = oneLine(s.State.Label())
		}
		style := st.state(s.State)
		if s.Expired { // past its renewal date: no longer counts as signed off
			text, style = "expired", st.ErrorText
		}
		line += " " + pad(sty(style, truncate(text, c.state)), c.state)
	}
	if c.changed > 0 {
		line += " " + fit(ago(s.UpdatedAt, cm.now()), c.changed)
	}
	if selected {
		return st.Accent.Render("› ") + st.Selected.Render(line)
	}
	return "  " + line
}
