package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// templatesModel browses the checklists: a list of the catalog, and a
// Glamour-rendered view of the one chosen.
type templatesModel struct {
	c      *common
	w, h   int
	cursor int

	viewing  bool
	vp       pager
	rendered map[tmplKey]string
	asked    map[tmplKey]bool
}

type tmplKey struct {
	id      string
	version int
	source  string
	width   int
	dark    bool
}

type templateRenderedMsg struct {
	key tmplKey
	out string
	err error
}

func (templateRenderedMsg) to() state { return stateTemplates }

func newTemplates(c *common) *templatesModel {
	return &templatesModel{c: c, vp: textPager(c.keys), rendered: map[tmplKey]string{}, asked: map[tmplKey]bool{}}
}

// open shows the list, where it was left.
func (t *templatesModel) open(navMsg) (tea.Cmd, bool) {
	t.viewing = false
	return nil, true
}

func (t *templatesModel) SetSize(w, h int) {
	t.w, t.h = w, h
	t.vp.SetWidth(max(w-2, 1))
	t.vp.SetHeight(max(h-2, 1))
}

func (t *templatesModel) capturing() bool { return false }

func (t *templatesModel) entries() []review.CatalogEntry { return t.c.catalog.Entries }

func (t *templatesModel) key(e review.CatalogEntry) tmplKey {
	return tmplKey{id: e.Template.ID, version: e.Template.Version, source: e.Source, width: max(t.w-4, 10), dark: t.c.isDark}
}

// show opens the checklist under the cursor, rendering it if needed.
func (t *templatesModel) show() tea.Cmd {
	es := t.entries()
	if t.cursor >= len(es) {
		return nil
	}
	t.viewing = true
	e := es[t.cursor]
	k := t.key(e)
	if out, ok := t.rendered[k]; ok {
		t.vp.SetContent(out)
		t.vp.GotoTop()
		return nil
	}
	t.vp.SetContent(t.c.styles.Subtle.Render("Rendering the checklist…"))
	if t.asked[k] {
		return nil
	}
	t.asked[k] = true
	md := t.c.md
	src := checklistMarkdown(e)
	return func() tea.Msg {
		out, err := md.Render(src, k.width, k.dark)
		return templateRenderedMsg{key: k, out: out, err: err}
	}
}

func (t *templatesModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		t.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if t.viewing {
			return t.show()
		}
	case templateRenderedMsg:
		delete(t.asked, msg.key)
		if msg.err != nil {
			t.c.fail("could not render the checklist", msg.err)
			return nil
		}
		t.rendered[msg.key] = msg.out
		if t.viewing && t.cursor < len(t.entries()) && t.key(t.entries()[t.cursor]) == msg.key {
			t.vp.SetContent(msg.out)
			t.vp.GotoTop()
		}
	case tea.KeyPressMsg:
		k := t.c.keys
		if t.viewing {
			if key.Matches(msg, k.Back) {
				t.viewing = false
			} else {
				t.vp.scroll(msg)
			}
			return nil
		}
		switch {
		case key.Matches(msg, k.Back):
			return navigate(stateHome, nil, "")
		case key.Matches(msg, k.Down):
			t.cursor = min(t.cursor+1, max(len(t.entries())-1, 0))
		case key.Matches(msg, k.Up):
			t.cursor = max(t.cursor-1, 0)
		case key.Matches(msg, k.First):
			t.cursor = 0
		case key.Matches(msg, k.Last):
			t.cursor = max(len(t.entries())-1, 0)
		case key.Matches(msg, k.TemplateView):
			return t.show()
		}
	}
	return nil
}

// checklistMarkdown writes a template as Markdown for reading. The text is
// made terminal-safe by the renderer.
func checklistMarkdown(e review.CatalogEntry) string {
	t := e.Template
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", oneLine(t.Title))
	fmt.Fprintf(&b, "`%s` version %d · %d items, %d required · %s\n\n", oneLine(t.ID), t.Version, t.ItemCount(), t.RequiredCount(), oneLine(e.Source))
	if t.Description != "" {
		b.WriteString(t.Description + "\n\n")
	}
	if len(t.SignoffRoles) > 0 {
		fmt.Fprintf(&b, "Sign-off needed from: %s\n\n", oneLine(strings.Join(t.SignoffRoles, ", ")))
	}
	for _, s := range t.Sections {
		fmt.Fprintf(&b, "## %s\n\n", oneLine(s.Title))
		if s.Description != "" {
			b.WriteString(s.Description + "\n\n")
		}
		for _, it := range s.Items {
			req := ""
			if it.Required {
				req = " **(required)**"
			}
			fmt.Fprintf(&b, "### %s%s\n\n", oneLine(it.Title), req)
			if it.Guidance != "" {
				b.WriteString(it.Guidance + "\n\n")
			}
		}
	}
	return b.String()
}

func (t *templatesModel) View() string {
	st := t.c.styles
	if t.viewing {
		lines := strings.Split(t.vp.View(), "\n")
		for i := range lines {
			lines[i] = " " + lines[i]
		}
		return strings.Join(lines, "\n")
	}
	var b strings.Builder
	b.WriteString(" " + st.Title.Render("Checklists") + st.Subtle.Render(" · enter shows one") + "\n\n")
	es := t.entries()
	if len(es) == 0 {
		b.WriteString(" " + st.Subtle.Render("No checklist is available."))
		return b.String()
	}
	rows := max(t.h-2, 1)
	per := 2
	first := 0
	if len(es)*per > rows {
		first = min(max(t.cursor-rows/per/2, 0), len(es)-rows/per)
	}
	for i := first; i < len(es) && (i-first)*per < rows; i++ {
		e := es[i]
		tp := e.Template
		src := "built-in"
		if !e.BuiltIn {
			src = "custom: " + oneLine(e.Source)
		}
		title := oneLine(tp.Title)
		meta := fmt.Sprintf("%s v%d · %d sections · %d items (%d required) · %s", oneLine(tp.ID), tp.Version, len(tp.Sections), tp.ItemCount(), tp.RequiredCount(), src)
		if i == t.cursor {
			b.WriteString(st.Accent.Render(" › ") + st.Selected.Render(truncate(title, t.w-4)) + "\n")
		} else {
			b.WriteString("   " + st.Bold.Render(truncate(title, t.w-4)) + "\n")
		}
		b.WriteString("   " + st.Subtle.Render(truncate(meta, t.w-4)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (t *templatesModel) statusInfo() string {
	if p := t.vp.position(); t.viewing && p != "" {
		return p
	}
	return fmt.Sprintf("%d checklists", len(t.entries()))
}

func (t *templatesModel) ShortHelp() []keyBinding {
	k := t.c.keys
	if t.viewing {
		return []keyBinding{k.Down, k.Up, k.PageDown, k.PageUp, k.Back, k.Quit}
	}
	return []keyBinding{k.Down, k.Up, k.TemplateView, k.Back, k.Help, k.Quit}
}

func (t *templatesModel) FullHelp() [][]keyBinding {
	k := t.c.keys
	return [][]keyBinding{
		{k.Down, k.Up, k.First, k.Last, k.PageDown, k.PageUp},
		{k.TemplateView, k.Back, k.Help, k.Quit},
	}
}
