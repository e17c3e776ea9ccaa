package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
)

// walkModel is the main screen: one review, walked item by item. The header
// shows the service, checklist, verdict and progress; the left pane the
// sections (hidden on narrow terminals); the right pane the current item.
//
// Every change goes through the writer to the store; the screen shows the
// answer as stored (the store's reply), never a hopeful local copy, and says
// "saved" only once the store has said so.
type walkModel struct {
	c  *common
	wr *writer

	id       string // what was asked for (an id or a prefix until loaded)
	rev      *review.Review
	revision uint64
	loadErr  error
	// reloadSeq numbers reloads; reloadSent is the writer's count of sent
	// writes when the latest reload was asked, so that a reload overtaken
	// by one of our own writes is dropped.
	reloadSeq  int
	reloadSent int

	items    []flatItem
	secFirst []int // index in items of each section's first item
	cursor   int
	filter   filterMode
	assess   review.Assessment
	// signoff is the review's sign-off state; signedNow counts the
	// sign-offs that still match the review's content.
	signoff   review.SignOffStatus
	signedNow int

	// A change to a review with current sign-offs is asked about first:
	// confirmEdit is the change waiting for y/n. Once the user says yes,
	// editOK stops the question for the rest of this visit of the screen
	// (unless someone signs again: editOKSigs is how many sign-offs there
	// were when they said yes).
	confirmEdit func() tea.Cmd
	confirmText string
	prompt      []string // confirmText, drawn (on rebuild)
	editOK      bool
	editOKSigs  int

	undo []undoEntry

	mode    walkMode
	note    textarea.Model
	noteIt  string // the item whose note is being edited
	noteWas string
	drafts  map[string]string // notes whose save failed, by item

	form     *huh.Form
	formKind formKind
	formIt   string
	fv       *formValues

	// The item pane is built in Update (refresh) and only sliced in View:
	// pane holds its lines, scroll the first one shown, paneH how many fit,
	// paneItem the item they show (scrolling resets when it changes).
	pane     []string
	scroll   int
	paneH    int
	paneItem int
	left     []string // the sections pane, exactly leftW cells wide
	head     string   // the header lines

	w, h            int
	twoPane         bool
	leftW, rightW   int
	contentW, bodyH int
}

type flatItem struct {
	item    review.Item
	section int
	index   int // position within the section
}

// filterMode is which items j/k/[/] visit.
type filterMode int

const (
	filterAll filterMode = iota
	filterUnanswered
	filterFailing
	filterRequired
	filterCount
)

func (f filterMode) String() string {
	return [...]string{"all", "unanswered", "failing", "required"}[f]
}

type walkMode int

const (
	modeBrowse walkMode = iota
	modeNote
	modeForm
)

type formKind int

const (
	formNA formKind = iota + 1
	formEvidence
	formAction
	formWaiver
	formManage   // d: which action item, evidence link or waiver
	formManageOp // d: what to do with it
)

type formValues struct {
	Reason                    string
	Link                      string
	Text, Owner, Due          string
	WaiverReason, By, Expires string
	// d: what there was to choose from, the choice and what to do with it.
	targets []manageTarget
	Pick    int
	Op      manageOp
}

// guidanceKey identifies one rendering of guidance: the same text at the
// same width on the same background renders the same.
type guidanceKey struct {
	text  string
	width int
	dark  bool
}

type guidanceMsg struct {
	key guidanceKey
	out string
	err error
}

type revisionMsg struct {
	id  string
	rev uint64
	err error
}

const headerHeight = 3

func newWalk(c *common, wr *writer, id string) *walkModel {
	w := &walkModel{
		c: c, wr: wr, id: id,
		drafts:   map[string]string{},
		paneItem: -1,
	}
	return w
}

// start loads the review from the store.
func (w *walkModel) start() tea.Cmd {
	w.reloadSeq++
	w.reloadSent = w.wr.sent
	return loadReview(w.c.store, w.id, w.reloadSeq)
}

// resume comes back from the summary screen.
func (w *walkModel) resume() tea.Cmd { return w.refresh() }

// setReview shows r, keeping the cursor on the same item if it still exists.
func (w *walkModel) setReview(r *review.Review, rev uint64) tea.Cmd {
	var keep string
	if w.rev != nil && w.cursor < len(w.items) {
		keep = w.items[w.cursor].item.ID
	}
	if w.rev != nil && w.rev.ID != r.ID {
		w.undo = nil
		keep = ""
	}
	if r.Answers == nil {
		r.Answers = map[string]review.Answer{}
	}
	w.rev, w.id, w.revision, w.loadErr = r, r.ID, rev, nil
	w.items = w.items[:0]
	w.secFirst = w.secFirst[:0]
	w.cursor = 0
	for si, s := range r.Template.Sections {
		w.secFirst = append(w.secFirst, len(w.items))
		for ii, it := range s.Items {
			if it.ID == keep {
				w.cursor = len(w.items)
			}
			w.items = append(w.items, flatItem{item: it, section: si, index: ii})
		}
	}
	w.assessAll()
	w.layout()
	return w.refresh()
}

// assessAll derives the verdict and the sign-off state from the review.
func (w *walkModel) assessAll() {
	w.assess = review.Assess(w.rev, w.c.now())
	w.signoff = review.SignOffState(w.rev)
	w.signedNow = w.signoff.Current
}

// newVisit is called each time the screen is shown: the question before
// changing a signed review is asked again.
func (w *walkModel) newVisit() {
	w.editOK, w.confirmEdit = false, nil
}

// adopt takes in a sign-off recorded on the sign-off screen, with the
// review as the store had it afterwards when it could be read.
func (w *walkModel) adopt(id string, so review.SignOff, r *review.Review, rev uint64) tea.Cmd {
	if w.rev == nil || w.rev.ID != id {
		return nil
	}
	if r != nil && w.wr.idle() {
		return w.setReview(r, rev)
	}
	w.rev.SignOffs = append(w.rev.SignOffs, so)
	w.assessAll()
	return w.refresh()
}

// guard runs change now, or first asks whether to go on when the review
// has sign-offs that the change would make stale.
func (w *walkModel) guard(change func() tea.Cmd) tea.Cmd {
	if w.signedNow == 0 || w.editOK && len(w.rev.SignOffs) <= w.editOKSigs {
		return change()
	}
	w.confirmEdit = change
	w.confirmText = fmt.Sprintf("This review has %s; changing it makes them stale. Continue?",
		plural(w.signedNow, "current sign-off", "current sign-offs"))
	w.c.info("")
	return w.refresh()
}

// confirm handles the answer to guard's question.
func (w *walkModel) confirm(k tea.KeyPressMsg) tea.Cmd {
	km := w.c.keys
	switch {
	case key.Matches(k, km.EditYes):
		change := w.confirmEdit
		w.confirmEdit = nil
		w.editOK, w.editOKSigs = true, len(w.rev.SignOffs)
		return tea.Batch(w.refresh(), change())
	case key.Matches(k, km.EditNo):
		w.confirmEdit = nil
		w.c.info("nothing changed; the sign-offs stay current")
		return w.refresh()
	}
	return nil
}

func (w *walkModel) current() (flatItem, bool) {
	if w.rev == nil || w.cursor < 0 || w.cursor >= len(w.items) {
		return flatItem{}, false
	}
	return w.items[w.cursor], true
}

func (w *walkModel) answer(itemID string) review.Answer {
	a := w.rev.Answer(itemID)
	if a.Status == "" {
		a.Status = review.Unanswered
	}
	return a
}

// matches reports whether item i passes the filter.
func (w *walkModel) matches(i int) bool {
	it := w.items[i].item
	switch w.filter {
	case filterUnanswered:
		return w.answer(it.ID).Status == review.Unanswered
	case filterFailing:
		s := w.answer(it.ID).Status
		return s == review.Fail || s == review.Partial
	case filterRequired:
		return it.Required
	}
	return true
}

func (w *walkModel) countMatching() int {
	n := 0
	for i := range w.items {
		if w.matches(i) {
			n++
		}
	}
	return n
}

// step finds the next item from `from` in direction d (±1) that passes the
// filter, or -1.
func (w *walkModel) step(from, d int) int {
	for i := from + d; i >= 0 && i < len(w.items); i += d {
		if w.matches(i) {
			return i
		}
	}
	return -1
}

func (w *walkModel) moveTo(i int) tea.Cmd {
	if i < 0 || i >= len(w.items) {
		return nil
	}
	w.cursor = i
	return w.refresh()
}

func (w *walkModel) moveBy(d int) tea.Cmd {
	next := w.step(w.cursor, d)
	if next < 0 {
		switch {
		case w.filter != filterAll && w.countMatching() == 0:
			w.c.info("no " + w.filter.String() + " items; f changes the filter")
		case d > 0:
			w.c.info("that was the last " + w.noun())
		default:
			w.c.info("this is the first " + w.noun())
		}
		return nil
	}
	return w.moveTo(next)
}

func (w *walkModel) noun() string {
	if w.filter == filterAll {
		return "item"
	}
	return w.filter.String() + " item"
}

// moveSection goes to the first item of the next (d=1) or previous (d=-1)
// section that has an item passing the filter.
func (w *walkModel) moveSection(d int) tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	for s := cur.section + d; s >= 0 && s < len(w.secFirst); s += d {
		end := len(w.items)
		if s+1 < len(w.secFirst) {
			end = w.secFirst[s+1]
		}
		for i := w.secFirst[s]; i < end; i++ {
			if w.matches(i) {
				return w.moveTo(i)
			}
		}
	}
	if d > 0 {
		w.c.info("this is the last section")
	} else {
		w.c.info("this is the first section")
	}
	return nil
}

func (w *walkModel) cycleFilter() tea.Cmd {
	w.filter = (w.filter + 1) % filterCount
	n := w.countMatching()
	if n == 0 {
		w.c.info(fmt.Sprintf("filter: %s — no items match", w.filter))
		return w.refresh()
	}
	w.c.info(fmt.Sprintf("filter: %s (%d items)", w.filter, n))
	if !w.matches(w.cursor) {
		next := w.step(w.cursor, 1)
		if next < 0 {
			next = w.step(w.cursor, -1)
		}
		return w.moveTo(next)
	}
	return w.refresh()
}

// change queues a change of the current item's answer; the status bar says
// "saving…" until the store replies.
func (w *walkModel) change(label string, fn func(a *review.Answer) error) tea.Cmd {
	cur, ok := w.current()
	if !ok {
		return nil
	}
	w.c.info("saving " + label + "…")
	return w.wr.enqueue(writeReq{reviewID: w.rev.ID, itemID: cur.item.ID, label: label + ": " + oneLine(cur.item.Title), fn: fn})
}

func (w *walkModel) setStatus(s review.Status) tea.Cmd {
	cmd := w.change(string(s), func(a *review.Answer) error {
		a.Status = s
		if s != review.Fail && s != review.Partial {
			a.Waiver = nil // only a shortfall can be waived
		}
		return nil
	})
	if next := w.step(w.cursor, 1); next >= 0 {
		return tea.Batch(cmd, w.moveTo(next))
	}
	return tea.Batch(cmd, w.refresh())
}

// guardStatus sets the current item's status, asking first if that
// changes a signed review. Giving an item the status it has changes
// nothing, and moves on without asking.
func (w *walkModel) guardStatus(s review.Status) tea.Cmd {
	if cur, ok := w.current(); ok && w.answer(cur.item.ID).Status == s {
		return w.setStatus(s)
	}
	return w.guard(func() tea.Cmd { return w.setStatus(s) })
}

func (w *walkModel) undoLast() tea.Cmd {
	if len(w.undo) == 0 && w.wr.idle() {
		w.c.info("nothing to undo")
		return nil
	}
	w.c.info("undoing…")
	return w.wr.enqueue(writeReq{
		reviewID: w.rev.ID,
		undo:     true,
		prepare: func(r *writeReq) bool {
			if len(w.undo) == 0 {
				w.c.info("nothing to undo")
				return false
			}
			e := w.undo[len(w.undo)-1]
			w.undo = w.undo[:len(w.undo)-1]
			prev := e.prev.Clone()
			r.itemID, r.entry, r.label = e.itemID, e, "undo "+e.label
			r.fn = func(a *review.Answer) error { *a = prev.Clone(); return nil }
			return true
		},
	})
}

const maxUndo = 200

func (w *walkModel) saved(msg answerSavedMsg) tea.Cmd {
	r := msg.req
	if msg.err != nil {
		if r.undo {
			w.undo = append(w.undo, r.entry) // still there to undo
		}
		if r.note != nil {
			w.drafts[r.itemID] = *r.note
			w.c.fail("note not saved (kept as a draft; e to retry)", msg.err)
		} else {
			w.c.fail("not saved: "+r.label, msg.err)
		}
		return w.refresh()
	}
	w.rev.Answers[r.itemID] = msg.next
	if r.note != nil && w.drafts[r.itemID] == *r.note {
		delete(w.drafts, r.itemID)
	}
	switch {
	case len(review.DiffAnswer(r.itemID, msg.prev, msg.next, w.c.now(), "")) == 0 && !r.undo:
		w.c.info("unchanged: " + r.label) // nothing to save, nothing to undo
	case r.undo:
		w.c.ok("undone: " + strings.TrimPrefix(r.label, "undo "))
		for i, fi := range w.items {
			if fi.item.ID == r.itemID {
				w.cursor = i
			}
		}
	default:
		w.undo = append(w.undo, undoEntry{itemID: r.itemID, label: r.label, prev: msg.prev})
		if len(w.undo) > maxUndo {
			w.undo = w.undo[len(w.undo)-maxUndo:]
		}
		w.c.ok("saved " + r.label)
	}
	w.assessAll()
	return w.refresh()
}

func (w *walkModel) capturing() bool { return w.mode != modeBrowse || w.confirmEdit != nil }

func (w *walkModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.BackgroundColorMsg:
		if w.mode == modeNote {
			w.styleNote()
		}
		return w.refresh()
	case reviewMsg:
		if msg.seq != w.reloadSeq {
			return nil
		}
		if msg.err != nil {
			if w.rev == nil {
				w.loadErr = msg.err
				w.c.fail("could not open review "+oneLine(msg.id), msg.err)
			} else {
				w.c.fail("could not reload the review", msg.err)
			}
			return nil
		}
		if w.rev != nil && (!w.wr.idle() || w.wr.sent != w.reloadSent) {
			return nil // one of our writes overtook this reload
		}
		if w.rev != nil && review.ContentHash(w.rev) != review.ContentHash(msg.review) {
			w.c.info("updated: the review was changed by another prr")
		}
		return w.setReview(msg.review, msg.rev)
	case pollMsg:
		if w.rev == nil || w.mode != modeBrowse || !w.wr.idle() {
			return nil
		}
		st, id := w.c.store, w.rev.ID
		return func() tea.Msg {
			rev, err := st.Revision(id)
			return revisionMsg{id: id, rev: rev, err: err}
		}
	case revisionMsg:
		if w.rev == nil || msg.id != w.rev.ID {
			return nil
		}
		if msg.err != nil {
			w.c.logger.Debug("revision check failed", "err", msg.err)
			return nil
		}
		if msg.rev == w.revision || !w.wr.idle() {
			return nil
		}
		w.reloadSeq++
		w.reloadSent = w.wr.sent
		return loadReview(w.c.store, w.rev.ID, w.reloadSeq)
	case answerSavedMsg:
		return w.saved(msg)
	case guidanceMsg:
		delete(w.c.guideAsked, msg.key)
		if msg.err != nil {
			w.c.logger.Warn("render guidance", "err", msg.err)
			w.c.guide[msg.key] = w.c.styles.Subtle.Render(safeBlock(msg.key.text))
		} else {
			w.c.guide[msg.key] = msg.out
		}
		if cur, ok := w.current(); ok && w.keyFor(cur.item) == msg.key {
			return w.refresh()
		}
		return nil
	}

	if w.rev == nil || len(w.items) == 0 {
		if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, w.c.keys.Back) {
			return navigate(stateHome, nil, "")
		}
		return nil
	}
	switch w.mode {
	case modeNote:
		return w.updateNote(msg)
	case modeForm:
		return w.updateForm(msg)
	}
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	if w.confirmEdit != nil {
		return w.confirm(k)
	}
	km := w.c.keys
	switch {
	case key.Matches(k, km.Down):
		return w.moveBy(1)
	case key.Matches(k, km.Up):
		return w.moveBy(-1)
	case key.Matches(k, km.NextSection):
		return w.moveSection(1)
	case key.Matches(k, km.PrevSection):
		return w.moveSection(-1)
	case key.Matches(k, km.First):
		if i := w.step(-1, 1); i >= 0 {
			return w.moveTo(i)
		}
	case key.Matches(k, km.Last):
		if i := w.step(len(w.items), -1); i >= 0 {
			return w.moveTo(i)
		}
	case key.Matches(k, km.PageDown):
		w.scrollBy(max(w.paneH/2, 1))
	case key.Matches(k, km.PageUp):
		w.scrollBy(-max(w.paneH/2, 1))
	case key.Matches(k, km.Pass):
		return w.guardStatus(review.Pass)
	case key.Matches(k, km.Partial):
		return w.guardStatus(review.Partial)
	case key.Matches(k, km.Fail):
		return w.guardStatus(review.Fail)
	case key.Matches(k, km.Unanswer):
		return w.guardStatus(review.Unanswered)
	case key.Matches(k, km.NA):
		return w.guard(func() tea.Cmd { return w.openForm(formNA) })
	case key.Matches(k, km.Note):
		return w.guard(w.openNote)
	case key.Matches(k, km.Evidence):
		return w.guard(func() tea.Cmd { return w.openForm(formEvidence) })
	case key.Matches(k, km.Action):
		return w.guard(func() tea.Cmd { return w.openForm(formAction) })
	case key.Matches(k, km.Waive):
		if cur, ok := w.current(); ok {
			if s := w.answer(cur.item.ID).Status; s != review.Fail && s != review.Partial {
				return w.openForm(formWaiver) // says why not; changes nothing
			}
		}
		return w.guard(func() tea.Cmd { return w.openForm(formWaiver) })
	case key.Matches(k, km.Manage):
		if !w.hasManageable() {
			return w.openManage() // says there is nothing; changes nothing
		}
		return w.guard(w.openManage)
	case key.Matches(k, km.Undo):
		if len(w.undo) == 0 && w.wr.idle() {
			return w.undoLast() // says there is nothing to undo
		}
		return w.guard(w.undoLast)
	case key.Matches(k, km.SignOff):
		return navigate(stateSignOff, w.rev, "")
	case key.Matches(k, km.Export):
		return navigate(stateExport, w.rev, "")
	case key.Matches(k, km.CycleView):
		return w.cycleFilter()
	case key.Matches(k, km.Summary):
		return navigate(stateSummary, w.rev, "")
	case key.Matches(k, km.Back):
		return navigate(stateHome, nil, "")
	}
	return nil
}
