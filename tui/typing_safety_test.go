package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// What a user (or their clipboard) can put into a form: escape sequences,
// C1 controls, bidi overrides, carriage returns, and more text than any
// field takes.
// Each ends in "end", so a test can tell that it was saved.
var typingPayloads = []struct{ name, text string }{
	{"escape sequences", "esc\x1b[2J\x1b[H\x1b]52;c;cHduZWQ=\x07\x1b]0;title\x07\x1bPq#0\x1b\\ end"},
	{"C1 controls", "c1 \u009b2J \u009d0;title\u009c \u0090q\u009c \u0085 end"},
	{"bidi", "bidi \u202eevil\u202c \u2066iso\u2069 \u200e\u200f\u061c end"},
	{"carriage return", "fake\r\u2713 PASS (verified by SRE)\rend"},
	{"long", strings.Repeat("a long line of text ", 15) + "end"},
}

// fill puts text into the focused field: typed a key at a time, or pasted
// at once (with a very long paste after the first).
func fill(h *harness, pasted bool, text string) {
	h.t.Helper()
	if pasted {
		h.send(tea.PasteMsg{Content: text})
		return
	}
	h.typeText(text)
}

// frameSafe checks the whole screen: no raw control character and nothing
// wider than the terminal.
func frameSafe(t *testing.T, h *harness, where string) {
	t.Helper()
	assertTerminalSafe(t, where, h.raw())
	h.checkWidths(h.width)
}

// eachPayload runs f for every payload, typed and pasted. short says the
// payload fits every field (under 200 bytes), so the form must save it.
func eachPayload(t *testing.T, f func(t *testing.T, pasted bool, text string, short bool)) {
	for _, p := range typingPayloads {
		for _, pasted := range []bool{false, true} {
			name := p.name + " typed"
			if pasted {
				name = p.name + " pasted"
			}
			t.Run(name, func(t *testing.T) { f(t, pasted, p.text, len(p.text) < 200) })
		}
	}
	// Far past every limit, pasted: the form says no and stays drawable.
	t.Run("huge paste", func(t *testing.T) { f(t, true, strings.Repeat("x\u202e\u009b\x1b[2J", 5000)+"end", false) })
}

// answerValid checks that what was saved is what the domain accepts, and,
// when it had to be saved, that it was: saved(a) finds the payload's end.
func answerValid(t *testing.T, st *fakeStore, r *review.Review, itemID string, mustSave bool, saved func(a review.Answer) string) {
	t.Helper()
	a := st.review(r.ID).Answer(itemID)
	it, _, _ := r.Template.Find(itemID)
	if err := a.Validate(it); err != nil {
		t.Fatalf("the saved answer is one the domain refuses: %v", err)
	}
	if mustSave && !strings.HasSuffix(saved(a), "end") {
		t.Fatalf("the text was not saved: %+v", a)
	}
}

func TestTypingIntoTheNewReviewForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h := newHarness(t, nil, 80, 24)
		h.press("n")
		for _, field := range []string{"service", "team", "owner"} {
			fill(h, pasted, text)
			frameSafe(t, h, field)
			h.press("enter")
			frameSafe(t, h, field+" entered")
		}
		h.press("enter") // the checklist
		fill(h, pasted, text)
		frameSafe(t, h, "participants")
		h.press("enter")
		frameSafe(t, h, "submitted")
		list, _ := h.st.List()
		if short && len(list) != 1 {
			t.Fatalf("no review was created:\n%s", h.view())
		}
		for _, s := range list {
			r, err := h.st.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Meta().Validate(); err != nil {
				t.Fatalf("created a review the domain refuses: %v", err)
			}
		}
	})
}

func TestTypingIntoTheNote(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		h.press("e")
		fill(h, pasted, text)
		frameSafe(t, h, "note editor")
		h.press("esc")
		frameSafe(t, h, "note saved")
		answerValid(t, h.st, r, item, short, func(a review.Answer) string { return a.Note })
	})
}

func TestTypingIntoTheNAForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		h.press("a")
		fill(h, pasted, text)
		frameSafe(t, h, "n/a reason")
		h.press("enter")
		frameSafe(t, h, "n/a submitted")
		answerValid(t, h.st, r, item, short, func(a review.Answer) string { return a.Note })
	})
}

func TestTypingIntoTheEvidenceForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		h.press("l")
		fill(h, pasted, text)
		frameSafe(t, h, "evidence")
		h.press("enter")
		frameSafe(t, h, "evidence submitted")
		answerValid(t, h.st, r, item, short, func(a review.Answer) string { return strings.Join(a.Evidence, " ") })
	})
}

func TestTypingIntoTheActionForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		h.press("t")
		for _, field := range []string{"text", "owner"} {
			fill(h, pasted, text)
			frameSafe(t, h, "action "+field)
			h.press("enter")
		}
		fill(h, pasted, text)
		frameSafe(t, h, "action due")
		h.press("ctrl+u")
		h.typeText("+14d")
		h.press("enter")
		frameSafe(t, h, "action submitted")
		answerValid(t, h.st, r, item, short, func(a review.Answer) string {
			if len(a.Actions) != 1 || !strings.HasSuffix(a.Actions[0].Text, "end") {
				return ""
			}
			return a.Actions[0].Owner
		})
	})
}

func TestTypingIntoTheWaiverForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		item := h.currentItem()
		h.press("n", "k") // fail, and back to it
		h.wantItem(item)
		h.press("w")
		h.wantInView("Why is the risk accepted?")
		for _, field := range []string{"reason", "accepted by"} {
			fill(h, pasted, text)
			frameSafe(t, h, "waiver "+field)
			h.press("enter")
		}
		fill(h, pasted, text)
		frameSafe(t, h, "waiver expiry")
		h.press("ctrl+u")
		h.typeText("+30d")
		h.press("enter")
		frameSafe(t, h, "waiver submitted")
		answerValid(t, h.st, r, item, short, func(a review.Answer) string {
			if a.Waiver == nil || !strings.HasSuffix(a.Waiver.Reason, "end") {
				return ""
			}
			return a.Waiver.AcceptedBy
		})
	})
}

func TestTypingIntoTheSignOffForm(t *testing.T) {
	eachPayload(t, func(t *testing.T, pasted bool, text string, short bool) {
		h, r := openFresh(t, 80, 24)
		h.press("S", "down", "down", "enter") // someone else
		for _, field := range []string{"name", "role"} {
			fill(h, pasted, text)
			frameSafe(t, h, "sign-off "+field)
			h.press("enter")
		}
		h.press("enter") // the decision
		fill(h, pasted, text)
		frameSafe(t, h, "sign-off comment")
		h.press("enter")
		h.approveAnyway()
		frameSafe(t, h, "sign-off submitted")
		sos := h.st.signOffs(r.ID)
		if short && (len(sos) != 1 || !strings.HasSuffix(sos[0].Name, "end") || !strings.HasSuffix(sos[0].Comment, "end")) {
			t.Fatalf("the sign-off was not saved: %+v\n%s", sos, h.view())
		}
		for _, so := range sos {
			if err := so.Validate(); err != nil {
				t.Fatalf("saved a sign-off the domain refuses: %v", err)
			}
		}
	})
}
