package tui

// Finding and jumping on the walk screen: / searches the items by title,
// id and tag (the search box takes every key, so no status key can fire
// while typing), 1–9 go to a section, tab to the next unanswered item and
// ! to the next required one, and a jump from the summary lands on its
// item.

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// walkSearch is the search box and what it found.
type walkSearch struct {
	input   textinput.Model
	results []int // indices into items, in template order
	sel     int   // index into results
}

// buildHay lowercases what / searches in, once per load of the review and
// only if someone searches (a terminal of a meeting loads the review again
// with every change anyone makes).
func (w *walkModel) buildHay() {
	if len(w.hay) == len(w.items) {
		return
	}
	w.hay = w.hay[:0]
	for _, fi := range w.items {
		it := fi.item
		w.hay = append(w.hay, strings.ToLower(it.Title+"\x00"+it.ID+"\x00"+strings.Join(it.Tags, "\x00")))
	}
}

func (w *walkModel) openSearch() tea.Cmd {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "title, id or tag"
	ti.CharLimit = 100
	s := textinput.DefaultStyles(w.c.isDark)
	s.Cursor.Blink = false
	ti.SetStyles(s)
	ti.SetWidth(max(w.contentW-4, 10))
	w.search = &walkSearch{input: ti}
	w.mode = modeSearch
	w.c.info("")
	w.findMatches()
	w.rebuild()
	return w.search.input.Focus()
}

// findMatches lists the items whose title, id or tags hold every word
// typed.
func (w *walkModel) findMatches() {
	s := w.search
	words := strings.Fields(strings.ToLower(s.input.Value()))
	s.results = s.results[:0]
	w.buildHay()
	for i, h := range w.hay {
		ok := true
		for _, word := range words {
			if !strings.Contains(h, word) {
				ok = false
				break
			}
		}
		if ok {
			s.results = append(s.results, i)
		}
	}
	s.sel = min(s.sel, max(len(s.results)-1, 0))
}

func (w *walkModel) updateSearch(msg tea.Msg) tea.Cmd {
	s := w.search
	if k, ok := msg.(tea.KeyPressMsg); ok {
		km := w.c.keys
		switch {
		case key.Matches(k, km.SearchCancel):
			w.closeSearch()
			return w.refresh()
		case key.Matches(k, km.SearchGo):
			if len(s.results) == 0 {
				w.c.info("nothing found; esc leaves the search")
				return nil
			}
			target := s.results[s.sel]
			w.closeSearch()
			return w.moveToAny(target)
		case key.Matches(k, km.SearchDown):
			s.sel = min(s.sel+1, max(len(s.results)-1, 0))
			w.rebuild()
			return nil
		case key.Matches(k, km.SearchUp):
			s.sel = max(s.sel-1, 0)
			w.rebuild()
			return nil
		}
	}
	var cmd tea.Cmd
	before := s.input.Value()
	s.input, cmd = s.input.Update(msg)
	if s.input.Value() != before {
		s.sel = 0
		w.findMatches()
	}
	w.rebuild()
	return cmd
}

func (w *walkModel) closeSearch() {
	w.search = nil
	w.mode = modeBrowse
}

// searchPane draws the search box and the items found.
func (w *walkModel) searchPane(height int) []string {
	st := w.c.styles
	s := w.search
	cw := w.contentW
	lines := []string{st.Label.Render("Find an item") + st.Subtle.Render(" · by title, id or tag; enter goes to it"), "", s.input.View(), ""}
	room := max(height-len(lines)-1, 1)
	switch {
	case len(s.results) == 0:
		lines = append(lines, st.Faint.Render("No item matches."))
	default:
		first := min(max(s.sel-room/2, 0), max(len(s.results)-room, 0))
		for i := first; i < len(s.results) && i < first+room; i++ {
			fi := w.items[s.results[i]]
			a := w.answer(fi.item.ID)
			num := fmt.Sprintf("%d.%d ", fi.section+1, fi.index+1)
			text := num + oneLine(fi.item.Title) + st.Faint.Render(" · "+fi.item.ID)
			if i == s.sel {
				lines = append(lines, st.Accent.Render("› ")+st.StatusGlyph(a.Status)+" "+st.Selected.Render(truncate(num+oneLine(fi.item.Title), cw-4)))
			} else {
				lines = append(lines, "  "+st.StatusGlyph(a.Status)+" "+text)
			}
		}
		lines = append(lines, st.Faint.Render(fmt.Sprintf("%d found · ↑/↓ choose", len(s.results))))
	}
	for i, l := range lines {
		lines[i] = truncate(l, cw)
	}
	return lines
}

// moveToAny goes to item i, showing every item if the filter hides it.
func (w *walkModel) moveToAny(i int) tea.Cmd {
	if i < 0 || i >= len(w.items) {
		return nil
	}
	if !w.matches(i) {
		w.filter = filterAll
		w.c.info("filter: all (the item was hidden by the filter)")
	}
	return w.moveTo(i)
}

// jumpTo goes to the item with the given id.
func (w *walkModel) jumpTo(itemID string) tea.Cmd {
	for i, fi := range w.items {
		if fi.item.ID == itemID {
			return w.moveToAny(i)
		}
	}
	return nil
}

// gotoSection goes to the first item of section n (1-based).
func (w *walkModel) gotoSection(n int) tea.Cmd {
	if n < 1 || n > len(w.secFirst) {
		w.c.info(fmt.Sprintf("there is no section %d; this checklist has %d", n, len(w.secFirst)))
		return nil
	}
	return w.moveToAny(w.secFirst[n-1])
}

// nextOpen goes to the next unanswered item after the cursor (the next
// required one if required), from the top again after the last.
func (w *walkModel) nextOpen(required bool) tea.Cmd {
	for k := 1; k <= len(w.items); k++ {
		i := (w.cursor + k) % len(w.items)
		fi := w.items[i]
		if w.answer(fi.item.ID).Status == review.Unanswered && (!required || fi.item.Required) {
			return w.moveToAny(i)
		}
	}
	if required {
		w.c.info("every required item is answered")
	} else {
		w.c.info("every item is answered")
	}
	return nil
}
