package tui

// The DPIA screening screen: the question about personal data, then the
// nine WP248 criteria, each answered y or n with a note (e); l links the
// DPIA document. The result and the suggested answer come from package
// review.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

type dpiaModel struct {
	assessBase
	row int // 0 the personal data question, 1..9 the criteria
}

func newDPIA(c *common, wr *writer) *dpiaModel {
	return &dpiaModel{assessBase: newAssessBase(c, wr, stateDPIA, review.AssessDPIA)}
}

func (m *dpiaModel) open(n navMsg) (tea.Cmd, bool) { return nil, m.openBase(n) }

func (m *dpiaModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
	case answerSavedMsg:
		m.saved(msg)
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

func (m *dpiaModel) keyPress(k tea.KeyPressMsg) tea.Cmd {
	km := m.c.keys
	d := m.rev.DPIA()
	switch {
	case key.Matches(k, km.Down):
		m.row = min(m.row+1, len(review.DPIACriteria))
	case key.Matches(k, km.Up):
		m.row = max(m.row-1, 0)
	case key.Matches(k, km.Back), key.Matches(k, km.SkillMatrix):
		return m.back()
	case key.Matches(k, km.Undo):
		return m.undoLast()
	case key.Matches(k, km.MarkYes), key.Matches(k, km.MarkNo):
		yes := key.Matches(k, km.MarkYes)
		word := map[bool]string{true: "yes", false: "no"}[yes]
		if m.row == 0 {
			return tea.Batch(m.save("personal data: "+word, func(r *review.Review) error { r.SetPersonalData(yes); return nil }), m.move())
		}
		if d.PersonalData == nil || !*d.PersonalData {
			m.c.info("the criteria apply once personal data is processed: answer the first question yes")
			return nil
		}
		id := review.DPIACriteria[m.row-1].ID
		return tea.Batch(m.save(id+": "+word, func(r *review.Review) error { return r.SetDPIACriterion(id, yes, "") }), m.move())
	case key.Matches(k, km.EditText):
		if m.row == 0 {
			return nil
		}
		info := review.DPIACriteria[m.row-1]
		c, ok := d.Criterion(info.ID)
		if !ok {
			m.c.info("answer the criterion first (y or n), then say why")
			return nil
		}
		return m.ask([]string{"Why (" + info.ID + ")"}, []string{c.Note}, func(a []string) tea.Cmd {
			return m.save(info.ID+" note", func(r *review.Review) error { return r.SetDPIACriterion(info.ID, c.Met, a[0]) })
		})
	case key.Matches(k, km.LinkDoc):
		return m.ask([]string{"DPIA document link"}, []string{d.Document}, func(a []string) tea.Cmd {
			return m.save("DPIA document", func(r *review.Review) error { return r.SetDPIADocument(a[0]) })
		})
	}
	return nil
}

// move steps to the next question after an answer.
func (m *dpiaModel) move() tea.Cmd {
	m.row = min(m.row+1, len(review.DPIACriteria))
	return nil
}

func (m *dpiaModel) View() string {
	if m.rev == nil {
		return ""
	}
	st := m.c.styles
	w := m.w
	d := m.rev.DPIA()
	var lines []string
	add := func(l string) { lines = append(lines, truncate(l, w)) }
	res := d.Result()
	badge := st.Subtle.Render(res.Label())
	switch res {
	case review.DPIARequired:
		badge = st.Fail.Render(strings.ToUpper(res.Label()))
	case review.DPIANotRequired, review.DPIANoPersonalData:
		badge = st.Pass.Render(res.Label())
	}
	add(st.Title.Render(" DPIA screening · "+oneLine(m.rev.Service)) + "  " + badge)
	add("")
	pd := "?"
	if d.PersonalData != nil {
		pd = map[bool]string{true: "yes", false: "no"}[*d.PersonalData]
	}
	add(m.row0(fmt.Sprintf(" [%-3s] Is personal data processed at all?", pd)))
	add(st.Faint.Render(fmt.Sprintf("       If so, %d criteria; two or more met: a DPIA is required.", len(review.DPIACriteria))))
	for i, info := range review.DPIACriteria {
		c, ok := d.Criterion(info.ID)
		mark := " ? "
		if ok {
			mark = map[bool]string{true: "yes", false: "no "}[c.Met]
		}
		line := fmt.Sprintf(" [%s] %s", mark, info.Title)
		if c.Note != "" {
			line += st.Subtle.Render(" — " + oneLine(c.Note))
		}
		if i+1 == m.row {
			line = st.Selected.Render(fit(line, w))
		} else if d.PersonalData != nil && !*d.PersonalData {
			line = st.Faint.Render(line)
		}
		add(line)
	}
	add("")
	doc := "none (l links it)"
	if d.Document != "" {
		doc = oneLine(d.Document)
	}
	add(" Met: " + fmt.Sprint(len(d.Met())) + " of 9 · DPIA document: " + doc)
	for _, l := range wrapLines("Criteria: "+review.DPIASource+".", max(w-2, 10)) {
		add(" " + st.Faint.Render(l))
	}
	lines = append(lines, m.suggestionLines()...)
	lines = append(lines, m.footer()...)
	return strings.Join(lines, "\n")
}

func (m *dpiaModel) row0(s string) string {
	if m.row == 0 {
		return m.c.styles.Selected.Render(fit(s, m.w))
	}
	return s
}

func (m *dpiaModel) statusInfo() string {
	return fmt.Sprintf("question %d/%d", m.row+1, len(review.DPIACriteria)+1)
}

func (m *dpiaModel) ShortHelp() []keyBinding {
	if h, ok := m.baseHelp(); ok {
		return h
	}
	k := m.c.keys
	return []keyBinding{k.MarkYes, k.MarkNo, k.EditText, k.LinkDoc, k.Down, k.Up, k.Undo, k.Back, k.Help}
}

func (m *dpiaModel) FullHelp() [][]keyBinding {
	k := m.c.keys
	return [][]keyBinding{{k.Down, k.Up}, {k.MarkYes, k.MarkNo, k.EditText, k.LinkDoc, k.Undo}, {k.Back, k.Help, k.Quit}}
}
