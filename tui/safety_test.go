package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
)

// hostile is text that tries to drive the terminal: write the clipboard
// (OSC 52), retitle the window, clear the screen and move the cursor,
// return the carriage, backspace, C1 controls raw and UTF-8 encoded, a DCS
// string, and bidi overrides that reorder what is shown.
// hostileLine is hostile as valid UTF-8 without line breaks, as the domain
// accepts it for one-line fields such as names.
var hostileLine = strings.NewReplacer("\r", "", "\n", "").Replace(strings.ToValidUTF8(hostile, ""))

const hostile = "evil\x1b]52;c;cHduZWQ=\x07 \x1b]0;pwned\x07title\x1b[2J\x1b[H\rover\bwrite\x7f" +
	"\x9b31m raw-c1 \u009b2J\u009d52;c;eA==\u009c utf8-c1 \x1bPq#0;2;0;0;0\x1b\\ dcs " +
	"\u202eesrever\u202c \u2066isolate\u2069 end"

// sgr matches the styling our own renderers emit; everything else that
// looks like control must come from user text, and must not be there.
var sgr = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func assertTerminalSafe(t *testing.T, where, frame string) {
	t.Helper()
	rest := sgr.ReplaceAllString(frame, "")
	if !utf8.ValidString(rest) {
		t.Fatalf("%s: the frame is not valid UTF-8 (raw C1 bytes?)", where)
	}
	for i, r := range rest {
		bad := ""
		switch {
		case r < 0x20 && r != '\n':
			bad = fmt.Sprintf("C0 control %#x", r)
		case r == 0x7f:
			bad = "DEL"
		case r >= 0x80 && r <= 0x9f:
			bad = fmt.Sprintf("C1 control %#x", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			bad = fmt.Sprintf("bidi control %U", r)
		}
		if bad != "" {
			lo := max(i-40, 0)
			t.Fatalf("%s: %s reaches the screen near %q", where, bad, rest[lo:min(i+40, len(rest))])
		}
	}
	for _, s := range []string{"\x1b]52", "\x1b]0;", "\x1b[2J", "\x1b[H"} {
		if strings.Contains(frame, s) {
			t.Fatalf("%s: %q reaches the screen", where, s)
		}
	}
}

func hostileTemplate() review.Template {
	return review.Template{
		ID: "hostile", Version: 1, Title: "Checklist " + hostile,
		Description: "desc " + hostile,
		Sections: []review.Section{{
			ID: "s", Title: "Section " + hostile,
			Items: []review.Item{
				{ID: "a", Title: "Item " + hostile, Required: true,
					Guidance: "Guidance " + hostile + "\n\n- list " + hostile + "\n\n[link](javascript:alert(1)) `" + hostile + "`\n",
					Refs:     []string{"https://example.com/" + hostile}, Sources: []string{hostile}},
				{ID: "b", Title: "Second " + hostile, Guidance: hostile},
			},
		}},
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	st := newFakeStore()
	tp := hostileTemplate()
	r, err := st.Create(tp, review.Meta{Service: "svc evil\x1b]0;x\x07", Team: "team\u202e", Owner: "o\u009b1m",
		Participants: []review.Participant{{Name: "p\x1b[31m", Role: "sre"}}})
	if err != nil {
		t.Fatal(err)
	}
	// The store keeps the raw text; only drawing sanitises it.
	st.set(r.ID, "a", review.Answer{Status: review.Fail, Note: "note " + hostile + "\nline two",
		Evidence: []string{"ev " + hostile},
		Actions:  []review.Action{{Text: "act " + hostile, Owner: "own " + hostile, Due: "2026-01-01"}},
		Waiver:   &review.Waiver{Reason: "why " + hostile, AcceptedBy: "by " + hostile, Expires: "2026-12-31"}})

	cat := &review.Catalog{Entries: []review.CatalogEntry{{Template: &tp, Source: "/tmp/" + hostile}}}
	withCat := func(c *Config) { c.Catalog = cat }
	for _, sz := range sizes {
		h := newHarness(t, st, sz.w, sz.h, withCat)
		check := func(where string) {
			t.Helper()
			assertTerminalSafe(t, sz.name+" "+where, h.raw())
		}
		check("home")
		h.press("/")
		h.typeText("svc")
		check("home filter")
		h.press("esc", "enter")
		h.wantState(stateWalk)
		h.wantInView("Item evil")
		check("walk")
		h.press("j")
		check("walk second item")
		h.press("k", "d")
		h.wantInView("Which one?", "[ ] act evil")
		check("done/remove form")
		h.press("enter")
		h.wantInView("This action item:")
		check("done/remove form, what to do")
		h.press("esc", "d", "G", "enter")
		h.wantInView("This waiver:")
		check("done/remove form, waiver")
		h.press("esc")
		h.press("k", "e")
		check("note editor")
		h.press("esc", "a")
		check("n/a form")
		h.press("esc", "w")
		check("waiver form")
		h.press("esc", "s")
		check("summary")
		h.press("G")
		check("summary end")
		h.press("esc", "?")
		check("help")
		h.press("esc", "esc", "t")
		check("templates")
		h.press("enter")
		check("template view")
		h.press("esc", "esc", "n")
		check("new review form")
		h.press("enter")
		h.typeText("x")
		h.press("enter", "enter", "enter")
		check("new review form, page 2")
	}
	if got := st.answers(r.ID)["a"].Note; !strings.Contains(got, "\x1b]52") {
		t.Fatal("the stored note lost its raw text")
	}
}

// Sign-off names, roles and comments are user text too: on the sign-off
// screen, the summary, the walk header, the export preview and the list.
func TestHostileSignOffsNeverReachTheTerminal(t *testing.T) {
	st := newFakeStore()
	tp := loadTemplate(t, "checklist.yaml")
	r, err := st.Create(*tp, review.Meta{Service: "svc",
		Participants: []review.Participant{{Name: "p " + hostileLine, Role: "owner\x1b[31m"}, {Name: "Ola", Role: "sre"}}})
	if err != nil {
		t.Fatal(err)
	}
	// Stored raw, as another front end (or an import) could.
	if _, err := st.SignOff(r.ID, "name "+hostileLine, "role\u202e", review.Approve, "comment "+strings.ToValidUTF8(hostile, "")); err != nil {
		t.Fatal(err)
	}
	st.set(r.ID, "alerts", review.Answer{Status: review.Pass}) // the first one is stale now
	if _, err := st.SignOff(r.ID, "Ola", "sre", review.Reject, "why "+strings.ToValidUTF8(hostile, "")); err != nil {
		t.Fatal(err)
	}
	for _, sz := range sizes {
		h := newHarness(t, st, sz.w, sz.h)
		check := func(where string) {
			t.Helper()
			assertTerminalSafe(t, sz.name+" "+where, h.raw())
			h.checkWidths(sz.w)
		}
		check("home")
		h.press("enter")
		h.wantInView("rejected")
		check("walk")
		h.press("S")
		h.wantInView("[STALE]", "name evil")
		check("sign-off")
		h.press("enter")
		check("sign-off form")
		h.typeText(hostile) // typed into the role
		check("sign-off form, typed")
		h.press("esc", "esc", "s", "G")
		check("summary")
		h.press("x")
		h.wantInView("Record · svc")
		check("export")
		h.press("G")
		check("export end")
		h.press("tab")
		h.typeText(hostile)
		check("export path")
		h.press("esc", "esc", "esc", "esc")
	}
	// A sign-off typed with hostile text (the text inputs drop the control
	// characters as they are typed) is stored and drawn safely.
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("S", "down", "down", "enter")
	h.typeText("Someone " + hostileLine)
	h.press("enter")
	h.typeText("dpo")
	h.press("enter", "enter")
	h.typeText("ok " + hostileLine)
	h.press("enter")
	h.approveAnyway()
	sos := st.signOffs(r.ID)
	if len(sos) != 3 || !strings.HasPrefix(sos[2].Name, "Someone evil") || !strings.HasPrefix(sos[2].Comment, "ok evil") {
		t.Fatalf("stored %+v", sos)
	}
	h.wantInView("Someone evil")
	assertTerminalSafe(t, "after signing", h.raw())
}

// Bidi controls typed or pasted into an editor are drawn by the Bubbles
// textarea itself; the frame's safety net removes them.
func TestBidiTypedIntoEditorIsRemoved(t *testing.T) {
	h, _ := openFresh(t, 80, 24)
	h.press("e")
	h.typeText("abc\u202edef\u2066")
	assertTerminalSafe(t, "editor", h.raw())
	if !strings.Contains(h.view(), "abcdef") {
		t.Fatalf("typed text not shown:\n%s", h.view())
	}
}

// Every screen, at every size, fits the terminal: no line is wider than the
// width, and there are never more lines than the height.
func TestResizeNeverOverflows(t *testing.T) {
	paths := map[string][]string{
		"home":          {},
		"filter":        {"/", "p"},
		"delete":        {"d"},
		"new review":    {"n"},
		"walk":          {"enter"},
		"walk 2nd item": {"enter", "j"},
		"note":          {"enter", "e"},
		"action":        {"enter", "t"},
		"na":            {"enter", "a"},
		"summary":       {"enter", "s"},
		"help":          {"enter", "?"},
		"templates":     {"t"},
		"template":      {"t", "enter"},
		"sign-off":      {"enter", "S"},
		"sign-off form": {"enter", "S", "enter"},
		"export":        {"enter", "x"},
		"export path":   {"enter", "x", "tab"},
	}
	dims := [][2]int{{80, 24}, {40, 12}, {200, 60}, {120, 40}, {100, 30}, {99, 30}, {20, 6}, {10, 3}, {1, 1}, {300, 5}, {5, 100}, {0, 0}}
	for name, keys := range paths {
		st, _ := seededStore(t)
		h := newHarness(t, st, 80, 24)
		h.press(keys...)
		for _, d := range dims {
			h.send(sizeMsg(d[0], d[1]))
			frame := h.raw()
			lines := strings.Split(frame, "\n")
			if d[1] > 0 && len(lines) > d[1] {
				t.Fatalf("%s at %dx%d: %d lines", name, d[0], d[1], len(lines))
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w > d[0] {
					t.Fatalf("%s at %dx%d: line %d is %d cells: %q", name, d[0], d[1], i, w, ansi.Strip(l))
				}
			}
		}
		// Keys still work after all that.
		h.send(sizeMsg(120, 40))
		h.press("ctrl+c")
		if !h.quit {
			t.Fatalf("%s: ctrl+c did not quit after resizing", name)
		}
	}
}

// Wide characters (CJK, emoji) take two cells: the panes stay aligned.
func TestWideCharactersKeepAlignment(t *testing.T) {
	st := newFakeStore()
	tp := review.Template{ID: "wide", Version: 1, Title: "检查表 ✅", Sections: []review.Section{
		{ID: "s1", Title: "可观测性 📈 监控和告警", Items: []review.Item{
			{ID: "a", Title: "服务有负责团队 👩‍💻 并且值班表覆盖全天候", Required: true, Guidance: "中文说明 **重要**。每个告警都必须可以处理。"},
			{ID: "b", Title: "日本語のタイトル", Guidance: "説明"},
		}},
		{ID: "s2", Title: "Données et sécurité", Items: []review.Item{{ID: "c", Title: "Ünïcödé façade"}}},
	}}
	r, err := st.Create(tp, review.Meta{Service: "支付服务 💳", Team: "团队"})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, 120, 40, withOpen(r.ID))
	h.wantInView("支付服务 💳", "服务有负责团队")
	col := -1
	for i, l := range strings.Split(h.view(), "\n")[headerHeight : 40-footerHeight] {
		idx := strings.Index(l, "│")
		if idx < 0 {
			t.Fatalf("body line %d has no pane separator: %q", i, l)
		}
		c := ansi.StringWidth(l[:idx])
		if col >= 0 && c != col {
			t.Fatalf("separator at column %d on line %d, %d above:\n%s", c, i, col, h.view())
		}
		col = c
	}
	h.checkWidths(120)
	h.send(sizeMsg(80, 24))
	h.checkWidths(80)
	h.press("s")
	h.checkWidths(80)
	h.press("esc", "esc")
	h.wantInView("支付服务 💳")
	h.checkWidths(80)
}
