package tui

// The sign-off screen's layout and drawing: the header, the list of
// sign-offs (which scrolls), the form under it, and the help.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

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
	s.vp.SetHeight(max(min(s.h-signOffHeadH-1-s.formLines(), len(s.list)), 1))
	s.vp.SetContentLines(s.list)
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
	standing := review.Assess(r, s.c.now()).Standing
	info := " " + st.StandingBadge(standing, w < 70) +
		st.Subtle.Render(" · content "+shortHash(s.status.Hash))
	s.head = []string{
		pad(truncate(left, w-bw-2), w-bw-1) + badge,
		truncate(info, w),
		rule(w, st),
	}

	// What stands between the review and "signed off" first, then who
	// signed what.
	lines := signOffNeeds(s.c, r, s.status, "", cw)
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
		note, fingerprint := signatureNote(c, r, so)
		meta := so.At.In(c.now().Location()).Format("2006-01-02 15:04") + " · " + note
		if stale {
			meta += " · for content " + shortHash(so.Hash) + ", changed since"
		}
		if so.Comment != "" {
			meta += " · “" + oneLine(so.Comment) + "”"
		}
		lines = append(lines, indentWrap(st.Subtle.Render(meta), "    ", w)...)
		if fingerprint != "" {
			lines = append(lines, "    "+st.Subtle.Render("key "+fingerprint))
		}
	}
	if n := len(r.SignOffs) - len(current); n > 0 {
		lines = append(lines, indentWrap(st.Faint.Render(plural(n, "earlier sign-off was", "earlier sign-offs were")+
			" replaced by a later one from the same person."), "  ", w)...)
	}
	return lines
}

// signOffNeeds says what stands between the review and "signed off": the
// roles still to approve, the domain's other reasons, and the signatures
// the signing policy asks for and does not have (or that do not verify).
func signOffNeeds(c *common, r *review.Review, status review.SignOffStatus, indent string, w int) []string {
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
	for _, problem := range review.SigningProblems(r, c.signing) {
		lines = append(lines, hangWrap(st.WarnText.Render("• "+oneLine(problem)), indent, indent+"  ", w)...)
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
	for _, l := range s.vp.window(s.list) {
		b.WriteString("\n " + l)
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
	switch {
	case !s.vp.AtBottom():
		return "pgdn more sign-offs"
	case !s.vp.AtTop():
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
	if !s.vp.AtTop() || !s.vp.AtBottom() {
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
		"Sign with a key of your ssh-agent to prove the approval is yours: anyone holding the record can check it with ssh-keygen (docs/signatures.md).",
	}
}
