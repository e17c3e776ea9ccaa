package tui

// The risk register screen (ROS): the scenarios, highest residual risk
// first, beside a 5×5 heatmap of where they stand after the new measures.
// j/k pick a scenario, h/l a score (P, C, residual P, residual C), 1-5 set
// it (0 clears a residual score); a adds a scenario, e edits its texts, n
// adds a new measure, A accepts the residual risk, x removes it, u undoes.
// The levels and the suggested answer come from package review.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

type risksModel struct {
	assessBase
	list  []review.RiskScenario // by residual risk, highest first
	row   int
	field int // 0 P, 1 C, 2 residual P, 3 residual C
	off   int
}

var riskFields = [4]string{"probability", "consequence", "residual probability", "residual consequence"}

func newRisks(c *common, wr *writer) *risksModel {
	return &risksModel{assessBase: newAssessBase(c, wr, stateRisks, review.AssessRisks)}
}

func (m *risksModel) open(n navMsg) (tea.Cmd, bool) {
	if !m.openBase(n) {
		return nil, false
	}
	m.refresh("")
	return nil, true
}

// refresh re-sorts the list, keeping the cursor on scenario keep (or on
// the same row).
func (m *risksModel) refresh(keep string) {
	if keep == "" && m.row < len(m.list) {
		keep = m.list[m.row].ID
	}
	m.list = review.RisksByResidual(m.rev)
	for i, s := range m.list {
		if s.ID == keep {
			m.row = i
		}
	}
	m.row = min(m.row, max(len(m.list)-1, 0))
}

func (m *risksModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case answerSavedMsg:
		if m.saved(msg) {
			m.refresh(m.pendingKeep(msg))
		}
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

// pendingKeep is the scenario a save was about: the new one after an add.
func (m *risksModel) pendingKeep(msg answerSavedMsg) string {
	if strings.HasPrefix(msg.req.label, "new risk") && msg.review != nil {
		ss := msg.review.RiskScenarios()
		if len(ss) > 0 {
			return ss[len(ss)-1].ID
		}
	}
	return ""
}

func (m *risksModel) current() (review.RiskScenario, bool) {
	if m.row < len(m.list) {
		return m.list[m.row], true
	}
	return review.RiskScenario{}, false
}

func (m *risksModel) keyPress(k tea.KeyPressMsg) tea.Cmd {
	km := m.c.keys
	cur, ok := m.current()
	switch {
	case key.Matches(k, km.Down):
		m.row = min(m.row+1, max(len(m.list)-1, 0))
	case key.Matches(k, km.Up):
		m.row = max(m.row-1, 0)
	case key.Matches(k, km.GridRight):
		m.field = min(m.field+1, 3)
	case key.Matches(k, km.GridLeft):
		m.field = max(m.field-1, 0)
	case key.Matches(k, km.Back), key.Matches(k, km.SkillMatrix):
		return m.back()
	case key.Matches(k, km.Undo):
		return m.undoLast()
	case key.Matches(k, km.AddEntry):
		return m.ask([]string{"New scenario"}, nil, func(a []string) tea.Cmd {
			title := a[0]
			return m.save("new risk "+oneLine(title), func(r *review.Review) error {
				_, err := r.AddRisk(review.RiskScenario{Title: title, Probability: 3, Consequence: 3})
				return err
			})
		})
	case !ok:
		if key.Matches(k, km.Score, km.EditText, km.NewMeasure, km.AcceptRisk, km.RemoveEntry) {
			m.c.info("no scenarios yet: a adds one")
		}
	case key.Matches(k, km.Score):
		n := int(k.String()[0] - '0')
		if n == 0 && m.field < 2 {
			m.c.info("probability and consequence are 1 to 5; 0 clears only a residual score")
			return nil
		}
		field := m.field
		return m.save(fmt.Sprintf("%s %s %d", cur.ID, riskFields[field], n), func(r *review.Review) error {
			return r.UpdateRisk(cur.ID, func(s *review.RiskScenario) error {
				*[4]*int{&s.Probability, &s.Consequence, &s.ResidualProbability, &s.ResidualConsequence}[field] = n
				return nil
			})
		})
	case key.Matches(k, km.EditText):
		values := []string{cur.Title, cur.Cause, cur.Vulnerable, cur.Measures}
		return m.ask([]string{"Title", "Cause or threat", "What is vulnerable", "Existing measures"}, values, func(a []string) tea.Cmd {
			return m.save(cur.ID+" texts", func(r *review.Review) error {
				return r.UpdateRisk(cur.ID, func(s *review.RiskScenario) error {
					s.Title, s.Cause, s.Vulnerable, s.Measures = strings.TrimSpace(a[0]), a[1], a[2], a[3]
					return nil
				})
			})
		})
	case key.Matches(k, km.NewMeasure):
		return m.ask([]string{"New measure", "Owner", "Due (YYYY-MM-DD or +30d)"}, nil, func(a []string) tea.Cmd {
			due, err := review.ParseDate(a[2], m.c.now())
			if err != nil {
				m.c.fail("measure not added", err)
				return nil
			}
			return m.save(cur.ID+" new measure", func(r *review.Review) error {
				return r.UpdateRisk(cur.ID, func(s *review.RiskScenario) error {
					s.NewMeasures = append(s.NewMeasures, review.Action{Text: a[0], Owner: a[1], Due: due})
					return nil
				})
			})
		})
	case key.Matches(k, km.AcceptRisk):
		return m.ask([]string{"Why the residual risk is accepted", "Accepted by", "Until (YYYY-MM-DD or +90d)"}, nil, func(a []string) tea.Cmd {
			until, err := review.ParseDate(a[2], m.c.now())
			if err != nil {
				m.c.fail("not accepted", err)
				return nil
			}
			w := &review.Waiver{Reason: a[0], AcceptedBy: a[1], Expires: until}
			if err := w.Validate(); err != nil {
				m.c.fail("not accepted", err)
				return nil
			}
			return m.save(cur.ID+" accepted", func(r *review.Review) error {
				return r.UpdateRisk(cur.ID, func(s *review.RiskScenario) error { s.Acceptance = w; return nil })
			})
		})
	case key.Matches(k, km.RemoveEntry):
		return m.save("removed "+cur.ID, func(r *review.Review) error { return r.RemoveRisk(cur.ID) })
	}
	return nil
}

func (m *risksModel) statusInfo() string {
	if len(m.list) == 0 {
		return ""
	}
	return fmt.Sprintf("scenario %d/%d · %s", m.row+1, len(m.list), riskFields[m.field])
}

func (m *risksModel) ShortHelp() []keyBinding {
	if h, ok := m.baseHelp(); ok {
		return h
	}
	k := m.c.keys
	return []keyBinding{k.Score, k.GridLeft, k.GridRight, k.AddEntry, k.EditText, k.NewMeasure, k.AcceptRisk, k.RemoveEntry, k.Undo, k.Back, k.Help}
}

func (m *risksModel) FullHelp() [][]keyBinding {
	k := m.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.GridLeft, k.GridRight, k.Score},
		{k.AddEntry, k.EditText, k.NewMeasure, k.AcceptRisk, k.RemoveEntry, k.Undo},
		{k.Back, k.Help, k.Quit},
	}
}

func (m *risksModel) helpNotes() []string {
	return []string{
		"Probability: 1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
		"Consequence: 1 insignificant, 2 minor, 3 moderate, 4 major, 5 critical.",
		"A risk is probability × consequence; the template sets when it is medium and high.",
		"Residual scores are after the new measures; 0 clears one (unchanged).",
		"A high residual risk counts as accepted only with an acceptance in force (A).",
	}
}
