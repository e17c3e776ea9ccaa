package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

// newReviewModel is the form that starts a review: service, team, owner,
// checklist and participants. It creates the same thing as `prr new`: a
// review.Meta and a template, handed to Store.Create.
type newReviewModel struct {
	c    *common
	w, h int

	v        *newReviewValues
	form     *huh.Form
	creating bool
}

type newReviewValues struct {
	Service, Team, Owner string
	Template             string
	Participants         string
}

type reviewCreatedMsg struct {
	review *review.Review
	err    error
}

func (reviewCreatedMsg) to() state { return stateNewReview }

func newNewReview(c *common) *newReviewModel { return &newReviewModel{c: c} }

// open starts an empty form, on the first checklist.
func (m *newReviewModel) open(navMsg) (tea.Cmd, bool) {
	m.v, m.creating = &newReviewValues{}, false
	if len(m.c.catalog.Entries) > 0 {
		m.v.Template = m.c.catalog.Entries[0].Template.ID
	}
	m.build()
	return m.form.Init(), true
}

// huhTheme is Huh's Charm theme for our idea of the background, which is
// known before the form exists.
func huhTheme(c *common) huh.Theme {
	return huh.ThemeFunc(func(bool) *huh.Styles { return huh.ThemeCharm(c.isDark) })
}

func (m *newReviewModel) build() {
	var opts []huh.Option[string]
	for _, e := range m.c.catalog.Entries {
		t := e.Template
		label := fmt.Sprintf("%s v%d · %d items, %d required", oneLine(t.Title), t.Version, t.ItemCount(), t.RequiredCount())
		if !e.BuiltIn {
			label += " · custom"
		}
		opts = append(opts, huh.NewOption(label, t.ID))
	}
	sel := huh.NewSelect[string]().Key("template").Title("Checklist").
		Description("Built-in and custom checklists, with their number of items.").
		Options(opts...).Value(&m.v.Template)
	if len(opts) > 6 {
		sel = sel.Height(8)
	}
	m.form = huh.NewForm(
		huh.NewGroup(
			huh.NewInput().Key("service").Title("Service").
				Description("The service under review, as people call it.").
				Placeholder("e.g. payments-api").Value(&m.v.Service).Validate(validateService),
			huh.NewInput().Key("team").Title("Team").Placeholder("optional").
				Value(&m.v.Team).Validate(validateMetaField("team")),
			huh.NewInput().Key("owner").Title("Owner").Description("Who answers for the service.").
				Placeholder("optional").Value(&m.v.Owner).Validate(validateMetaField("owner")),
		).Title("New review · 1/2 · the service"),
		huh.NewGroup(
			sel,
			huh.NewText().Key("participants").Title("Participants").
				Description("Who is in the meeting: one per line as Name:role (ctrl+j for a new line).").
				Placeholder("e.g. Kari Nordmann:owner").
				Lines(4).ExternalEditor(false).Value(&m.v.Participants).Validate(validateParticipants),
		).Title("New review · 2/2 · checklist and people"),
	).WithShowHelp(false).WithTheme(huhTheme(m.c))
	m.resize()
}

func (m *newReviewModel) SetSize(w, h int) {
	m.w, m.h = w, h
	m.resize()
}

func (m *newReviewModel) resize() {
	if m.form == nil || m.w == 0 {
		return
	}
	// Huh sizes itself from a WindowSizeMsg (as tall as the tallest page
	// needs); its error lines come below, so leave room for them.
	m.form.Update(tea.WindowSizeMsg{Width: min(m.w-2, 90), Height: max(m.h-4, 6)})
}

func (m *newReviewModel) capturing() bool { return true }

func (m *newReviewModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return nil
	case reviewCreatedMsg:
		m.creating = false
		if msg.err != nil {
			m.c.fail("could not create the review", msg.err)
			m.build() // the values are kept; let the user fix and retry
			return m.form.Init()
		}
		m.c.ok(fmt.Sprintf("created the review of %s (%s)", oneLine(msg.review.Service), msg.review.ID))
		m.c.handOver(stateWalk)
		return navigate(stateWalk, msg.review, "")
	case tea.KeyPressMsg:
		if m.creating {
			return nil
		}
		if key.Matches(msg, m.c.keys.CancelForm) {
			m.c.info("no review created")
			return navigate(stateHome, nil, "")
		}
	}
	if m.creating || m.form == nil {
		return nil
	}
	f, cmd := m.form.Update(msg)
	if ff, ok := f.(*huh.Form); ok {
		m.form = ff
	}
	if m.form.State == huh.StateCompleted {
		return tea.Batch(cmd, m.create())
	}
	return cmd
}

// create checks the whole form with the domain's rules and asks the store
// to create the review.
func (m *newReviewModel) create() tea.Cmd {
	meta, err := m.v.meta()
	if err == nil {
		err = meta.Validate()
	}
	entry, ok := m.c.catalog.Lookup(m.v.Template)
	if err == nil && !ok {
		err = fmt.Errorf("no checklist %q", oneLine(m.v.Template))
	}
	if err != nil {
		m.c.fail("could not create the review", err)
		m.build()
		return m.form.Init()
	}
	m.creating = true
	m.c.info("creating the review…")
	st, t := m.c.store, *entry.Template
	return func() tea.Msg {
		r, err := st.Create(t, meta)
		return reviewCreatedMsg{review: r, err: err}
	}
}

func (v *newReviewValues) meta() (review.Meta, error) {
	ps, err := parseParticipants(v.Participants)
	if err != nil {
		return review.Meta{}, err
	}
	return review.Meta{Service: v.Service, Team: v.Team, Owner: v.Owner, Participants: ps}.Normalize(), nil
}

func parseParticipants(s string) ([]review.Participant, error) {
	var ps []review.Participant
	for line := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		p, err := review.ParseParticipant(line)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// The field validators ask the domain: Meta.Validate knows the rules.

func validateService(s string) error {
	return review.Meta{Service: s}.Normalize().Validate()
}

func validateMetaField(field string) func(string) error {
	return func(s string) error {
		m := review.Meta{Service: "x"}
		switch field {
		case "team":
			m.Team = s
		case "owner":
			m.Owner = s
		}
		return m.Normalize().Validate()
	}
}

func validateParticipants(s string) error {
	ps, err := parseParticipants(s)
	if err != nil {
		return err
	}
	return review.Meta{Service: "x", Participants: ps}.Normalize().Validate()
}

func (m *newReviewModel) View() string {
	st := m.c.styles
	if m.creating {
		return " " + st.Title.Render("New review") + "\n\n " + st.Subtle.Render("Creating the review…")
	}
	if len(m.c.catalog.Entries) == 0 {
		return " " + st.Title.Render("New review") + "\n\n " + st.ErrorText.Render("No checklist is available.")
	}
	return indentBlock(m.form.View(), " ")
}

func (m *newReviewModel) ShortHelp() []keyBinding {
	var out []keyBinding
	if m.form != nil {
		out = append(out, m.form.KeyBinds()...)
	}
	return append(out, m.c.keys.CancelForm, m.c.keys.Quit)
}

func (m *newReviewModel) FullHelp() [][]keyBinding { return [][]keyBinding{m.ShortHelp()} }

func (m *newReviewModel) statusInfo() string { return "" }
