package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/prr-dev/prr/review"
)

// threePeople is a review of the test checklist (sign-off roles owner and
// sre) with three participants, partly answered.
func threePeople(t testing.TB) (*fakeStore, *review.Review) {
	t.Helper()
	st := newFakeStore()
	tp := loadTemplate(t, "checklist.yaml")
	r, err := st.Create(*tp, review.Meta{Service: "payments-api", Team: "payments", Owner: "Kari Nordmann",
		Participants: []review.Participant{
			{Name: "Kari Nordmann", Role: "owner"}, {Name: "Ola Nordmann", Role: "sre"}, {Name: "Siri Hansen", Role: "security"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"owner-named", "oncall", "slo-defined"} {
		if _, err := st.UpdateAnswer(r.ID, id, func(a *review.Answer) error { a.Status = review.Pass; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	return st, st.review(r.ID)
}

func (h *harness) signOffScreen() *signOffModel {
	h.t.Helper()
	if h.m.state != stateSignOff {
		h.t.Fatalf("not on the sign-off screen (%s):\n%s", h.m.state, h.view())
	}
	return screenOf[*signOffModel](h.m, stateSignOff)
}

// sign records a sign-off through the form: the participant under the
// cursor (who must be want), their role as filled in, the decision (0
// approve, 1 with conditions, 2 reject) and a comment.
func (h *harness) sign(want string, decision int, comment string) {
	h.t.Helper()
	s := h.signOffScreen()
	if s.step != stepWho {
		h.t.Fatalf("the form is at step %d, not at who signs", s.step)
	}
	if s.v.Who < 0 || s.rev.Participants[s.v.Who].Name != want {
		h.t.Fatalf("who signs = %d, want %s", s.v.Who, want)
	}
	h.press("enter") // who
	h.wantInView("Sign-off by "+want, "Role", "Decision", "Comment")
	h.press("enter") // the role, as filled in
	for range decision {
		h.press("down")
	}
	h.press("enter")
	h.typeText(comment)
	h.press("enter")
	h.approveAnyway()
}

// approveAnyway answers yes when the form asks before approving a review
// that is not ready.
func (h *harness) approveAnyway() {
	h.t.Helper()
	if strings.Contains(h.view(), "Approve anyway?") {
		h.press("y")
	}
}

func TestSignOffOfAReviewNotReadyAsksFirst(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("S", "enter", "enter", "enter")
	h.typeText("fine by me")
	h.press("enter")
	h.wantInView("Approve anyway?", "Wait: the review is")
	h.press("n") // go back: nothing is signed, the form keeps what was typed
	if got := st.signOffs(r.ID); len(got) != 0 {
		t.Fatalf("signed without a yes: %+v", got)
	}
	h.wantInView("not signed: the review is")
	if s := h.signOffScreen(); s.step != stepDetails || s.v.Comment != "fine by me" {
		t.Fatalf("the form was not kept: step %d, %+v", s.step, *s.v)
	}
	h.press("enter", "enter", "enter", "y")
	if got := st.signOffs(r.ID); len(got) != 1 || got[0].Comment != "fine by me" {
		t.Fatalf("stored %+v", got)
	}

	// A rejection needs no question.
	h.press("down", "enter", "enter", "down", "down", "enter", "enter")
	if got := st.signOffs(r.ID); len(got) != 2 || got[1].Decision != review.Reject {
		t.Fatalf("stored %+v\n%s", got, h.view())
	}
}

func TestSignOffThreeParticipantsThenEditAsksFirst(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("S")
	s := h.signOffScreen()
	h.wantInView("Who signs?", "Kari Nordmann · owner", "Ola Nordmann · sre", "Siri Hansen · security", "Someone else…",
		"No sign-offs yet.", "Still to approve: owner, sre", "[IN REVIEW]")

	// The role comes from the participant.
	h.press("enter")
	if s.v.Role != "owner" {
		t.Fatalf("role filled in as %q", s.v.Role)
	}
	h.press("esc") // back to who signs, on the same person
	if s.step != stepWho || s.v.Who != 0 {
		t.Fatalf("esc from the details: step %d, who %d", s.step, s.v.Who)
	}

	h.sign("Kari Nordmann", 0, "Looks good")
	h.wantInView("signed: Kari Nordmann (owner): approve", "✓ Kari Nordmann (owner): approve", "“Looks good”",
		"Still to approve: sre", "(signed: approve)")
	// The form starts again, on the next participant.
	h.sign("Ola Nordmann", 1, "Alerts by April")
	h.wantInView("◐ Ola Nordmann (sre): approve with conditions", "“Alerts by April”", "[SIGNED OFF]")
	h.sign("Siri Hansen", 0, "")
	h.wantInView("✓ Siri Hansen (security): approve", "Sign-offs (3)", "[SIGNED OFF]")
	if s.v.Who != someoneElse {
		t.Fatalf("everyone signed, yet the form offers participant %d", s.v.Who)
	}

	got := st.signOffs(r.ID)
	want := []review.SignOff{
		{Name: "Kari Nordmann", Role: "owner", Decision: review.Approve, Comment: "Looks good"},
		{Name: "Ola Nordmann", Role: "sre", Decision: review.ApproveWithConditions, Comment: "Alerts by April"},
		{Name: "Siri Hansen", Role: "security", Decision: review.Approve},
	}
	if len(got) != len(want) {
		t.Fatalf("%d sign-offs stored: %+v", len(got), got)
	}
	hash := review.ContentHash(st.review(r.ID))
	for i, w := range want {
		g := got[i]
		if g.Name != w.Name || g.Role != w.Role || g.Decision != w.Decision || g.Comment != w.Comment || g.Hash != hash || !g.At.Equal(testNow) {
			t.Errorf("sign-off %d = %+v, want %+v with hash %s", i, g, w, hash)
		}
	}
	if state := review.SignOffState(st.review(r.ID)).State; state != review.SignedOff {
		t.Fatalf("stored review is %s", state)
	}

	// Back on the walk, the header says so; a change asks first.
	h.press("esc")
	h.wantState(stateWalk)
	h.wantInView("signed off")
	h.press("G") // ros: unanswered
	writes := st.writes
	h.press("y")
	h.wantInView("This review has 3 current sign-offs; changing it makes them stale. Continue?", "y/n")
	h.press("n")
	if st.writes != writes || h.stored(r.ID, "ros").Status != review.Unanswered {
		t.Fatal("the change was stored after n")
	}
	h.wantInView("nothing changed; the sign-offs stay current", "signed off")
	h.wantItem("ros")
	// Every kind of change asks: note, evidence, action item, n/a, undo.
	for _, k := range []string{"e", "l", "t", "a", "p"} {
		h.press(k)
		if h.walk().confirmEdit == nil || h.walk().mode != modeBrowse {
			t.Fatalf("%s did not ask first", k)
		}
		h.press("esc")
	}
	if st.writes != writes {
		t.Fatal("a change was stored without asking")
	}

	h.press("y")
	h.wantInView("Continue?")
	h.press("y")
	if got := h.stored(r.ID, "ros").Status; got != review.Pass {
		t.Fatalf("after y: ros = %s", got)
	}
	h.wantInView("3 stale sign-offs", "saved pass")
	// Once agreed, no more questions on this visit, even after undo makes
	// the sign-offs current again.
	h.press("u")
	if h.walk().confirmEdit != nil {
		t.Fatal("asked again after yes")
	}
	if got := h.stored(r.ID, "ros").Status; got != review.Unanswered {
		t.Fatalf("undo: ros = %s", got)
	}
	h.wantInView("signed off")
	h.press("n")
	if h.walk().confirmEdit != nil || h.stored(r.ID, "ros").Status != review.Fail {
		t.Fatal("the second change asked again, or was not stored")
	}

	// The sign-off screen marks every sign-off stale.
	h.press("S")
	h.wantInView("[IN REVIEW]", "3 sign-offs are stale")
	// The list may be longer than the screen (it scrolls): count in it.
	if n := strings.Count(ansi.Strip(strings.Join(h.signOffScreen().list, "\n")), "[STALE]"); n != 3 {
		t.Fatalf("%d sign-offs marked stale:\n%s", n, h.view())
	}
	h.press("esc")
	// A new visit of the walk screen, with no current sign-off: no question.
	h.press("s", "esc", "y")
	if h.walk().confirmEdit != nil {
		t.Fatal("asked with only stale sign-offs")
	}
}

func TestSignOffFromSummaryAndSomeoneElse(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 120, 40, withOpen(r.ID))
	h.press("s", "S")
	s := h.signOffScreen()
	for range 3 {
		h.press("down")
	}
	if s.v.Who != someoneElse {
		t.Fatalf("who = %d", s.v.Who)
	}
	h.press("enter")
	h.wantInView("Name")
	h.press("enter") // no name: refused inline
	h.wantInView("a sign-off needs the name of who signs")
	if len(st.signOffs(r.ID)) != 0 {
		t.Fatal("stored a sign-off without a name")
	}
	h.typeText("Per Persen")
	h.press("enter")
	h.typeText("dpo")
	h.press("enter", "down", "down", "enter")
	h.typeText("No DPIA yet")
	h.press("enter")
	got := st.signOffs(r.ID)
	if len(got) != 1 || got[0].Name != "Per Persen" || got[0].Role != "dpo" || got[0].Decision != review.Reject || got[0].Comment != "No DPIA yet" {
		t.Fatalf("stored %+v", got)
	}
	h.wantInView("✗ Per Persen (dpo): reject", "[REJECTED]", "1 sign-off rejects the review")

	// Back to the summary, which shows the sign-off too.
	h.press("esc")
	h.wantState(stateSummary)
	h.wantInView("State [REJECTED]")
	h.press("G")
	h.wantInView("Sign-offs (1)", "✗ Per Persen (dpo): reject", "“No DPIA yet”")
	h.press("esc")
	h.wantState(stateWalk)
	h.wantInView("rejected")
	// The home list shows the state.
	h.press("esc")
	h.wantState(stateHome)
	h.wantInView("STATE", "rejected")
}

func TestSignOffStoreErrorKeepsTheForm(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("S")
	st.failWrites = errLocked
	h.sign("Kari Nordmann", 1, "After the rota grows")
	h.wantInView("sign-off not recorded: database is locked")
	s := h.signOffScreen()
	if s.step != stepDetails || s.v.Comment != "After the rota grows" || s.v.Decision != review.ApproveWithConditions {
		t.Fatalf("the form was not kept: step %d, %+v", s.step, *s.v)
	}
	st.failWrites = nil
	h.press("enter", "enter", "enter") // role, decision, comment as they were
	h.approveAnyway()
	if got := st.signOffs(r.ID); len(got) != 1 || got[0].Comment != "After the rota grows" {
		t.Fatalf("stored %+v", got)
	}
}

func TestSignOffHelpAndKeys(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("?")
	h.wantInView("S      sign off", "x      export")
	h.press("esc", "S", "?")
	h.wantInView("Keys — sign-off", "pgdn", "A sign-off records the review's content hash")
	h.press("esc")
	h.wantInView("Who signs?")
	// In the details, ? is text.
	h.press("enter")
	h.typeText("?")
	if h.m.showHelp || h.signOffScreen().v.Role != "owner?" {
		t.Fatalf("? in a text field: help %v, role %q", h.m.showHelp, h.signOffScreen().v.Role)
	}
	h.press("esc", "esc")
	h.wantState(stateWalk)
}

// A long list of sign-offs scrolls above the form.
func TestSignOffListScrolls(t *testing.T) {
	st, r := threePeople(t)
	for i := range 12 {
		if _, err := st.SignOff(r.ID, "Person "+string(rune('A'+i)), "sre", review.Approve, "fine"); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("S")
	s := h.signOffScreen()
	h.wantInView("Person A", "pgdn more sign-offs")
	if strings.Contains(h.view(), "Person L") {
		t.Fatal("the whole list fits; the test needs a longer one")
	}
	h.press("pgdown", "pgdown", "pgdown")
	h.wantInView("Person L")
	if s.vp.AtTop() {
		t.Fatal("pgdn did not scroll")
	}
	h.press("pgup", "pgup", "pgup")
	if !s.vp.AtTop() {
		t.Fatal("pgup did not scroll back")
	}
}

// signedStore has a review with a stale sign-off (given before an answer
// changed) and a current one with a comment.
func signedStore(t testing.TB) (*fakeStore, *review.Review) {
	st, r := threePeople(t)
	if _, err := st.SignOff(r.ID, "Kari Nordmann", "owner", review.Approve, "Good to go"); err != nil {
		t.Fatal(err)
	}
	st.set(r.ID, "alerts", review.Answer{Status: review.Partial})
	if _, err := st.SignOff(r.ID, "Ola Nordmann", "sre", review.ApproveWithConditions, "Page only on symptoms by 2026-04-01"); err != nil {
		t.Fatal(err)
	}
	return st, st.review(r.ID)
}

func TestGoldenSignOff(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, r := signedStore(t)
			h := newHarness(t, st, sz.w, sz.h, withOpen(r.ID))
			h.wantInView("1 sign-off · 1 stale sign-off")
			h.press("S")
			h.wantInView("[STALE]", "Kari Nordmann (owner): approve", "Ola Nordmann (sre): approve with conditions",
				"Still to approve: owner", "Who signs?", "> Kari Nordmann")
			h.checkWidths(sz.w)
			golden.RequireEqual(t, h.view())
		})
	}
}

// A sign-off vouches for the review as stored: S and x wait until the
// answers given just before have reached the store.
func TestSignOffAndExportWaitForPendingWrites(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("G")
	_, save := h.m.Update(keyMsg("y"))
	for _, k := range []string{"S", "x"} {
		h.send(keyMsg(k))
		h.wantState(stateWalk)
		h.wantInView("saving the last answers; press the key again in a moment")
	}
	h.run(save)
	h.press("S")
	h.signOffScreen()
	// In the list of who signs, / filters and esc ends the filter, not
	// the screen.
	h.press("/")
	h.typeText("Siri")
	h.press("esc")
	h.signOffScreen()
	h.press("esc")
	h.wantState(stateWalk)
}

// TestSignOffFollowsChangesFromElsewhere: a sign-off recorded by another
// prr while the screen is open shows on it after the next poll; a poll
// that finds nothing new changes nothing.
func TestSignOffFollowsChangesFromElsewhere(t *testing.T) {
	st, r := threePeople(t)
	h := newHarness(t, st, 120, 40, withOpen(r.ID))
	h.press("s", "S")
	h.poll() // the screen opens on the review it was handed; the first look reads its revision
	if check := h.signOffScreen().pollCheck(); check == nil || check() != nil {
		t.Fatal("a look at an unchanged review found something")
	}
	if _, err := st.SignOff(r.ID, "Ola Nordmann", "sre", review.Reject, "no runbook"); err != nil {
		t.Fatal(err)
	}
	h.poll()
	h.wantInView("✗ Ola Nordmann (sre): reject", "[REJECTED]")
}
