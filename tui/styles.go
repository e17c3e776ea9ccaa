package tui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"

	"github.com/prr-dev/prr/review"
)

// Styles holds every style the TUI draws with. It is built from the
// terminal's background (light or dark) in one place; nothing else inlines a
// colour. Colour is never the only signal: every status and verdict also has
// a text badge, so the UI stays usable in monochrome (NO_COLOR), where the
// Bubble Tea renderer drops the colours.
type Styles struct {
	IsDark bool

	Title     Paint // screen titles and the service name
	Subtle    Paint // secondary text
	Faint     Paint // hints, placeholders, rules
	Bold      Paint
	Label     Paint // "Note", "Evidence", ... headings in the item pane
	Accent    Paint
	Selected  Paint // the row under the cursor
	Rule      Paint
	ErrorText Paint
	OKText    Paint
	WarnText  Paint

	Pass       Paint
	Partial    Paint
	Fail       Paint
	NA         Paint
	Unanswered Paint
	Required   Paint

	Ready      Paint
	Conditions Paint
	Blocked    Paint
	// InProgress is a review not finished: not an alarm, just not done.
	InProgress Paint

	// Bar draws progress: a bubbles progress bar, solid, without its
	// percentage, with different characters for done and to do so that it
	// reads without colour too.
	Bar progress.Model
	// bars keeps the bars drawn, by fill and width: a bar changes only
	// when an answer does, and the walk screen draws its header on every
	// key press.
	bars map[barKey]string

	Help help.Styles

	// Raw colours for components that take a color.Color.
	AccentColor color.Color
}

// NewStyles builds the styles for a light or a dark background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		fg      = ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3"))
		subtle  = ld(lipgloss.Color("#57606A"), lipgloss.Color("#9DA7B3"))
		faint   = ld(lipgloss.Color("#8C959F"), lipgloss.Color("#6E7681"))
		accent  = ld(lipgloss.Color("#6639BA"), lipgloss.Color("#B392F0"))
		green   = ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950"))
		amber   = ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922"))
		red     = ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149"))
		blue    = ld(lipgloss.Color("#0969DA"), lipgloss.Color("#58A6FF"))
		selBg   = ld(lipgloss.Color("#EAE4F7"), lipgloss.Color("#2D2545"))
		barFull = ld(lipgloss.Color("#6639BA"), lipgloss.Color("#B392F0"))
		barEmpt = ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D"))
	)
	s := &Styles{IsDark: isDark, AccentColor: accent, bars: map[barKey]string{}}
	base := lipgloss.NewStyle()
	p := newPaint
	s.Title = p(base.Bold(true).Foreground(fg))
	s.Subtle = p(base.Foreground(subtle))
	s.Faint = p(base.Foreground(faint))
	s.Bold = p(base.Bold(true))
	s.Label = p(base.Bold(true).Foreground(accent))
	s.Accent = p(base.Foreground(accent))
	s.Selected = p(base.Bold(true).Background(selBg))
	s.Rule = p(base.Foreground(faint))
	s.ErrorText = p(base.Bold(true).Foreground(red))
	s.OKText = p(base.Foreground(green))
	s.WarnText = p(base.Foreground(amber))

	s.Pass = p(base.Bold(true).Foreground(green))
	s.Partial = p(base.Bold(true).Foreground(amber))
	s.Fail = p(base.Bold(true).Foreground(red))
	s.NA = p(base.Bold(true).Foreground(blue))
	s.Unanswered = p(base.Foreground(subtle))
	s.Required = p(base.Bold(true).Foreground(red))

	s.Ready = p(base.Bold(true).Foreground(green))
	s.Conditions = p(base.Bold(true).Foreground(amber))
	s.Blocked = p(base.Bold(true).Foreground(red))
	s.InProgress = p(base.Bold(true).Foreground(blue))

	s.Bar = progress.New(progress.WithColors(barFull), progress.WithFillCharacters('█', '░'), progress.WithoutPercentage())
	s.Bar.EmptyColor = barEmpt

	s.Help = help.DefaultStyles(isDark)
	s.Help.ShortKey = base.Bold(true).Foreground(accent)
	s.Help.FullKey = base.Bold(true).Foreground(accent)
	return s
}

func (s *Styles) status(st review.Status) Paint {
	switch st {
	case review.Pass:
		return s.Pass
	case review.Partial:
		return s.Partial
	case review.Fail:
		return s.Fail
	case review.NA:
		return s.NA
	}
	return s.Unanswered
}

// StatusBadge renders a status as coloured text with its glyph and name:
// "✓ PASS".
func (s *Styles) StatusBadge(st review.Status) string {
	return s.status(st).Render(st.Glyph() + " " + badgeText(st.Label(), st == "" || st.Valid()))
}

// StatusGlyph renders the one-cell status mark.
func (s *Styles) StatusGlyph(st review.Status) string {
	return s.status(st).Render(st.Glyph())
}

func (s *Styles) verdict(v review.Verdict) Paint {
	switch v {
	case review.Ready:
		return s.Ready
	case review.ReadyWithConditions:
		return s.Conditions
	}
	return s.Blocked
}

// VerdictBadge renders a verdict as a coloured text badge: "[READY WITH
// CONDITIONS]", or "[CONDITIONS]" where it must be short.
func (s *Styles) VerdictBadge(v review.Verdict, short bool) string {
	return s.verdict(v).Render(verdictBadge(v, short))
}

func (s *Styles) standing(k review.StandingKind) Paint {
	switch k {
	case review.StandingReady:
		return s.Ready
	case review.StandingConditions:
		return s.Conditions
	case review.NotStarted, review.InProgress:
		return s.InProgress
	}
	return s.Blocked
}

// StandingBadge renders where a review stands as a coloured badge: "[IN
// PROGRESS — 12 REQUIRED LEFT]", or "[12 LEFT]" where it must be short.
func (s *Styles) StandingBadge(st review.Standing, short bool) string {
	return s.standing(st.Kind).Render(standingBadge(st, short))
}

// standingBadge is the standing's badge as plain text.
func standingBadge(st review.Standing, short bool) string {
	l := st.Label()
	if short {
		l = st.ShortLabel()
	}
	return "[" + badgeText(l, st.Kind.Valid()) + "]"
}

// badgeText is a label in capitals. A label of a value prr knows is its
// own text; anything else came from a stored file and is made safe first.
func badgeText(label string, known bool) string {
	if !known {
		label = oneLine(label)
	}
	return strings.ToUpper(label)
}

// verdictBadge is the verdict's badge as plain text.
func verdictBadge(v review.Verdict, short bool) string {
	l := v.Label()
	if short {
		l = v.ShortLabel()
	}
	return "[" + badgeText(l, v.Valid()) + "]"
}

// Paint is a Lip Gloss style that renders one line of text fast. Lip Gloss
// renders through a general machinery (wrapping, padding, borders) that
// costs microseconds a call; the walk screen draws a hundred styled pieces
// per key press. For the plain colour-and-attribute styles used here, the
// result is always the same escape codes around the text, so Paint works
// them out once and reuses them. Text with a line break, or a style with
// layout (width, padding), goes through Lip Gloss as usual.
type Paint struct {
	lipgloss.Style
	pre, post string
	fast      bool
}

const paintMarker = "\uE000"

func newPaint(st lipgloss.Style) Paint {
	p := Paint{Style: st}
	out := st.Render(paintMarker)
	if pre, post, ok := strings.Cut(out, paintMarker); ok && !strings.Contains(out, "\n") &&
		st.GetWidth() == 0 && st.GetHorizontalFrameSize() == 0 {
		p.pre, p.post, p.fast = pre, post, true
	}
	return p
}

// Render styles the text.
func (p Paint) Render(strs ...string) string {
	if p.fast && len(strs) == 1 && !strings.Contains(strs[0], "\n") {
		if strs[0] == "" {
			return ""
		}
		return p.pre + strs[0] + p.post
	}
	return p.Style.Render(strs...)
}

func (s *Styles) state(st review.State) Paint {
	switch st {
	case review.SignedOff:
		return s.Ready
	case review.Rejected:
		return s.Blocked
	case review.InReview:
		return s.Conditions
	}
	return s.Unanswered
}

// StateBadge renders a review's sign-off state as a coloured text badge:
// "[SIGNED OFF]".
func (s *Styles) StateBadge(st review.State) string {
	return s.state(st).Render("[" + badgeText(st.Label(), st.Valid()) + "]")
}

func (s *Styles) decision(d review.Decision) Paint {
	switch d {
	case review.Approve:
		return s.Pass
	case review.ApproveWithConditions:
		return s.Partial
	case review.Reject:
		return s.Fail
	}
	return s.Unanswered
}
