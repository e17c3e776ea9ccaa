package tui

// The runbook screen: the service's alerts with their runbook links and
// the coverage. a adds an alert, l links its runbook, x removes it, i
// imports alert names from a Prometheus rules file or a plain list (read
// in a command, through userfile).

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/userfile"
)

type runbooksModel struct {
	assessBase
	row, off int
}

// alertsReadMsg carries the alerts read from a file.
type alertsReadMsg struct {
	path   string
	alerts []review.AlertRunbook
	err    error
}

func (alertsReadMsg) to() state { return stateRunbooks }

func newRunbooks(c *common, wr *writer) *runbooksModel {
	return &runbooksModel{assessBase: newAssessBase(c, wr, stateRunbooks, review.AssessRunbooks)}
}

func (m *runbooksModel) open(n navMsg) (tea.Cmd, bool) { return nil, m.openBase(n) }

func (m *runbooksModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case answerSavedMsg:
		if m.saved(msg) {
			m.row = min(m.row, max(len(m.rev.Alerts())-1, 0))
		}
	case alertsReadMsg:
		if msg.err != nil {
			m.c.fail("could not import "+oneLine(msg.path), msg.err)
			return nil
		}
		alerts := msg.alerts
		return m.save(fmt.Sprintf("%d alerts from %s", len(alerts), oneLine(msg.path)), func(r *review.Review) error {
			for _, a := range alerts {
				if err := r.SetAlert(a); err != nil {
					return err
				}
			}
			return nil
		})
	case tea.KeyPressMsg:
		if m.rev == nil {
			return nil
		}
		if cmd, ok := m.baseKey(msg); ok {
			return cmd
		}
		return m.keyPress(msg)
	}
	return nil
}

func (m *runbooksModel) keyPress(k tea.KeyPressMsg) tea.Cmd {
	km := m.c.keys
	alerts := m.rev.Alerts()
	switch {
	case key.Matches(k, km.Down):
		m.row = min(m.row+1, max(len(alerts)-1, 0))
	case key.Matches(k, km.Up):
		m.row = max(m.row-1, 0)
	case key.Matches(k, km.Back), key.Matches(k, km.SkillMatrix):
		return m.back()
	case key.Matches(k, km.Undo):
		return m.undoLast()
	case key.Matches(k, km.AddEntry):
		return m.ask([]string{"Alert name", "Runbook link (may be empty)"}, nil, func(a []string) tea.Cmd {
			m.row = len(alerts)
			return m.save("alert "+oneLine(a[0]), func(r *review.Review) error {
				return r.SetAlert(review.AlertRunbook{Alert: a[0], Runbook: a[1]})
			})
		})
	case key.Matches(k, km.ImportFile):
		return m.ask([]string{"Import alerts from (Prometheus rules or a list)"}, nil, func(a []string) tea.Cmd {
			path := strings.TrimSpace(a[0])
			return func() tea.Msg {
				data, err := userfile.Read(path, review.MaxAlertsFile)
				if err != nil {
					return alertsReadMsg{path: path, err: err}
				}
				alerts, err := review.ParseAlerts(data)
				return alertsReadMsg{path: path, alerts: alerts, err: err}
			}
		})
	case len(alerts) == 0:
		if key.Matches(k, km.LinkDoc, km.EditText, km.RemoveEntry) {
			m.c.info("no alerts yet: a adds one, i imports a rules file")
		}
	case key.Matches(k, km.LinkDoc), key.Matches(k, km.EditText):
		cur := alerts[m.row]
		return m.ask([]string{"Runbook for " + oneLine(cur.Alert)}, []string{cur.Runbook}, func(a []string) tea.Cmd {
			return m.save("runbook of "+oneLine(cur.Alert), func(r *review.Review) error { return r.SetRunbook(cur.Alert, a[0]) })
		})
	case key.Matches(k, km.RemoveEntry):
		cur := alerts[m.row]
		return m.save("removed "+oneLine(cur.Alert), func(r *review.Review) error { return r.RemoveAlert(cur.Alert) })
	}
	return nil
}

func (m *runbooksModel) View() string {
	if m.rev == nil {
		return ""
	}
	st := m.c.styles
	w := m.w
	c := review.Coverage(m.rev)
	var lines []string
	add := func(l string) { lines = append(lines, truncate(l, w)) }
	cov := fmt.Sprintf("%d of %d alerts have a runbook (%s)", c.Covered, c.Alerts, pct(c.Percent()))
	add(st.Title.Render(" Runbooks · "+oneLine(m.rev.Service)) + "  " + st.Subtle.Render(cov))
	add("")
	alerts := m.rev.Alerts()
	rowsH := max(m.h-4-len(m.suggestionLines())-len(m.footer()), 3)
	m.off = clampOffset(m.off, m.row, rowsH, len(alerts))
	if len(alerts) == 0 {
		add(st.Faint.Render(" No alerts yet: a adds one, i imports a Prometheus rules file or a list."))
	}
	nameW := min(max(w/3, 12), 40)
	for i := m.off; i < min(m.off+rowsH, len(alerts)); i++ {
		a := alerts[i]
		link := st.Fail.Render("✗ no runbook")
		if a.Runbook != "" {
			link = st.OKText.Render("✓ ") + oneLine(a.Runbook)
		}
		line := " " + fit(oneLine(a.Alert), nameW) + " " + link
		if i == m.row {
			line = st.Selected.Render(fit(" "+fit(oneLine(a.Alert), nameW), nameW+1)) + " " + link
		}
		add(line)
	}
	add("")
	if len(c.Uncovered) > 0 {
		add(st.WarnText.Render(fmt.Sprintf(" Without a runbook: %d", len(c.Uncovered))) + st.Subtle.Render(" ("+oneLine(strings.Join(c.Uncovered, ", "))+")"))
	}
	lines = append(lines, m.suggestionLines()...)
	lines = append(lines, m.footer()...)
	return strings.Join(lines, "\n")
}

func (m *runbooksModel) statusInfo() string {
	if m.rev == nil {
		return ""
	}
	if n := len(m.rev.Alerts()); n > 0 {
		return fmt.Sprintf("alert %d/%d", m.row+1, n)
	}
	return ""
}

func (m *runbooksModel) ShortHelp() []keyBinding {
	if h, ok := m.baseHelp(); ok {
		return h
	}
	k := m.c.keys
	return []keyBinding{k.AddEntry, k.LinkDoc, k.ImportFile, k.RemoveEntry, k.Down, k.Up, k.Undo, k.Back, k.Help}
}

func (m *runbooksModel) FullHelp() [][]keyBinding {
	k := m.c.keys
	return [][]keyBinding{{k.Down, k.Up}, {k.AddEntry, k.LinkDoc, k.ImportFile, k.RemoveEntry, k.Undo}, {k.Back, k.Help, k.Quit}}
}
