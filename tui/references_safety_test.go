package tui

import (
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

// references are character references that decode to what must never
// reach a terminal: a carriage return that let an imported checklist draw
// a fake verdict over the item list, raw C1 DCS, OSC and CSI, ESC (which
// with the text after it would be styling), bidi marks, a tab and a line
// break; with and without the semicolon, decimal, hex and named.
const references = "&#13;\u2713 PASS (verified by SRE) dcs&#144;q osc&#157;0;pwned&#7; csi&#155;2J esc&#27;[2J&#x1b;[31mred " +
	"&#0000013; &#13 &#x0D; &lrm;&rlm;&#x202e;rev &NewLine;&Tab; `code&#13;span` **bold&#144;** [link&#157;](https://x.example/&#13;)"

func referencesTemplate() review.Template {
	return review.Template{
		ID: "refs", Version: 1, Title: "Refs",
		Description: "Checklist " + references,
		Sections: []review.Section{{
			ID: "s", Title: "Section", Description: "Section " + references,
			Items: []review.Item{
				{ID: "a", Title: "First", Required: true, Guidance: "Guidance " + references + "\n\n- item " + references + "\n\n> quote " + references + "\n\n    code " + references + "\n"},
				{ID: "b", Title: "Second", Guidance: "| a | b |\n| --- | --- |\n| " + references + " | x |\n"},
			},
		}},
	}
}

// Character references in template text are decoded by Glamour after the
// source was cleaned; what it draws must be as safe as the source.
func TestCharacterReferencesNeverReachTheTerminal(t *testing.T) {
	st := newFakeStore()
	tp := referencesTemplate()
	r, err := st.Create(tp, review.Meta{Service: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	st.set(r.ID, "a", review.Answer{Status: review.Fail, Note: "note " + references})
	cat := &review.Catalog{Entries: []review.CatalogEntry{{Template: &tp, Source: "/tmp/refs.yaml"}}}
	for _, sz := range sizes {
		h := newHarness(t, st, sz.w, sz.h, func(c *Config) { c.Catalog = cat })
		check := func(where string) {
			t.Helper()
			assertTerminalSafe(t, sz.name+" "+where, h.raw())
			if strings.ContainsRune(h.raw(), '\u200e') || strings.ContainsRune(h.raw(), '\u200f') {
				t.Fatalf("%s %s: a bidi mark reaches the screen", sz.name, where)
			}
		}
		h.press("enter")
		h.wantState(stateWalk)
		h.wantInView("First")
		check("walk")
		h.press("j")
		check("walk second item")
		h.press("x")
		check("export preview")
		h.press("G")
		check("export preview end")
		h.press("esc", "esc", "esc", "t", "enter")
		check("template view")
		h.press("G")
		check("template view end")
	}
}
