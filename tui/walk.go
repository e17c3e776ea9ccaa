package tui

// The walk screen: one review, walked item by item. The header shows the
// service, checklist, verdict and progress; the left pane the sections and
// the items of the current one (walk_list.go; hidden on narrow
// terminals); the right pane the current item (walk_item.go), scrolled by
// a viewport. Keys are in walk_keys.go; changes to answers are review
// edits, saved through the writer (walk_save.go) from the status keys, the
// editors (walk_edit.go) and d (walk_manage.go); the layout and drawing are
// in walk_view.go.
//
// Every change goes through the writer to the store; the screen shows the
// answer as stored (the store's reply), never a hopeful local copy, and
// says "saved" only once the store has said so.

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

type walkModel struct {
	c  *common
	wr *writer

	id       string // what was asked for (an id or a prefix until loaded)
	rev      *review.Review
	revision uint64
	loadErr  error
	// reloadSeq numbers loads (across reviews, so that a late load of
	// another one is never taken for this one's); reloadSent is the
	// writer's count of sent writes when the latest load was asked, so that
	// a reload overtaken by one of our own writes is dropped.
	reloadSeq  int
	reloadSent int

	items    []flatItem
	secFirst []int    // index in items of each section's first item
	hay      []string // what / searches in, per item (walk_find.go)
	viewLen  int      // the size of the last frame drawn
	search   *walkSearch
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
	// drafts is what was typed and not saved yet (drafts.go), written to
	// the state directory once typing pauses (draftFlushQueued).
	drafts           map[draftKey]draft
	draftFlushQueued bool
	// restored says an editor was filled in from a draft.
	restored string

	form     *huh.Form
	formKind formKind
	formIt   string
	fv       *formValues
	fvStart  map[string]string // the form's values when it opened
	gate     formGate
	// askDiscard: esc was pressed in a form holding typed text; y
	// discards it.
	askDiscard bool

	// The item pane is built in Update (rebuild) and only sliced in View:
	// pane holds its lines, vp keeps the scroll position (pgup and pgdn;
	// j/k move between items), paneItem is the item they show (scrolling
	// starts at the top when it changes), paneH how many lines fit.
	pane     []string
	blank    []string // empty lines standing in for pane in vp
	vp       pager
	paneItem int
	paneH    int
	left     []string // the sections pane, exactly leftW cells wide, or the compact list
	head     string   // the header lines
	strip    string   // the narrow layout's section line
	listRule string   // the narrow layout's rule under the list
	found    []string // the search box and its results (modeSearch)
	listRows int      // the narrow layout's rows of items

	// A terminal of a meeting (walk_live.go): the room joined, whether the
	// cursor follows the facilitator's, and the facilitator's item.
	liveRoom  string
	following bool
	driverAt  string
	// drove: this terminal drove when the room last said who does (its
	// clock counts from when it starts to).
	drove bool

	// hash hashes the review on show; hashTmpl is the snapshot it was
	// made for (walk_hash.go).
	hash     *review.Hasher
	hashTmpl *review.Template

	w, h            int
	twoPane         bool
	leftW, rightW   int
	contentW, bodyH int

	// onShow is set while the screen is on show; clock counts the
	// meeting's time meanwhile (walk_clock.go).
	onShow bool
	clock  meetingClock
}

type flatItem struct {
	item    review.Item
	section int
	index   int // position within the section
}

type walkMode int

const (
	modeBrowse walkMode = iota
	modeNote
	modeForm
	modeSearch
)

// pollCheck reads the review's revision (poller): a change made elsewhere
// comes back as a revisionMsg.
func (w *walkModel) pollCheck() func() tea.Msg {
	if w.rev == nil {
		return nil
	}
	id := w.rev.ID
	return lookForChange(w.c.store, id, w.revision, func(rev uint64, err error) tea.Msg {
		return revisionMsg{id: id, rev: rev, err: err}
	})
}

// revisionMsg carries the review's revision, polled.
type revisionMsg struct {
	id  string
	rev uint64
	err error
}

func (revisionMsg) to() state { return stateWalk }

const headerHeight = 3

func newWalk(c *common, wr *writer, id string) *walkModel {
	return &walkModel{c: c, wr: wr, id: id, drafts: map[draftKey]draft{}, paneItem: -1, vp: newPager(viewport.KeyMap{HalfPageDown: c.keys.PageDown, HalfPageUp: c.keys.PageUp}, key.Binding{}, key.Binding{})}
}

// reset makes the screen new for another review, at the same size.
func (w *walkModel) reset(id string) {
	seq, width, height := w.reloadSeq, w.w, w.h
	*w = *newWalk(w.c, w.wr, id)
	w.reloadSeq = seq
	w.SetSize(width, height)
}

// open shows the review asked for: the one the screen has (coming back
// from the summary, sign-off or record), one handed over ready (a new
// review), or one to load by id.
func (w *walkModel) open(n navMsg) (tea.Cmd, bool) {
	fromAssessment := n.from == stateSkills || n.from == stateRisks || n.from == stateDPIA || n.from == stateRunbooks
	returning := n.from == stateSummary || n.from == stateSignOff || n.from == stateExport || n.from == stateRollCall || fromAssessment
	var cmd tea.Cmd
	switch {
	case w.rev != nil && fromAssessment && n.review != nil && n.review.ID == w.id:
		cmd = w.setReview(n.review, w.revision) // with the matrix as saved there
	case w.rev != nil && returning && n.id == "" && (n.review == nil || n.review.ID == w.id):
		if n.review != nil && n.from == stateRollCall {
			w.rev.Meeting = n.review.Meeting // the roll call as stored
			w.assessAll()
		}
		cmd = w.refresh()
		if n.item != "" {
			cmd = w.jumpTo(n.item)
		}
	case n.review != nil:
		cmd = w.stopClock() // the time of the review shown before
		w.reset(n.review.ID)
		cmd = tea.Batch(cmd, w.setReview(n.review, 0))
	case n.id != "":
		if w.id != n.id || w.rev == nil {
			cmd = w.stopClock()
			w.reset(n.id)
		}
		cmd = tea.Batch(cmd, w.start())
	default:
		return navigate(stateHome, nil, ""), false
	}
	// The question before changing a signed review is asked again on
	// every visit.
	w.editOK, w.confirmEdit = false, nil
	w.onShow = true
	if w.rev != nil && w.clock.last.IsZero() {
		w.startClock()
		w.head = w.header() // the clock shows at once, not at the first tick
	}
	return tea.Batch(cmd, w.loadDrafts()), true
}

// start loads the review from the store.
func (w *walkModel) start() tea.Cmd {
	w.reloadSeq++
	w.reloadSent = w.wr.sent
	return loadReview(w.c.store, w.id, w.reloadSeq)
}

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
	first := w.rev == nil
	if first && r.Meeting.Position != "" {
		keep = r.Meeting.Position // where the facilitator left off
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
	w.hay = w.hay[:0]
	w.assessAll()
	w.layout()
	if first && w.c.status.text == "" && len(r.PresentNames()) == 0 && len(r.People()) > 0 {
		w.c.info("No roll call yet: r marks who is here")
	}
	w.liveJoin()
	return w.refresh()
}

// assessAll derives the verdict and the sign-off state from the review.
func (w *walkModel) assessAll() {
	w.assess = review.Assess(w.rev, w.c.now())
	w.signoff = w.hasher(w.rev).SignOffState(w.rev)
	w.signedNow = w.signoff.Current
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

func (w *walkModel) capturing() bool { return w.mode != modeBrowse || w.confirmEdit != nil }

// Update handles the results of commands (loads, saves, renders, polls)
// and hands keys to the editor open or to keys.
func (w *walkModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		w.w, w.h = msg.Width, msg.Height
		w.layout()
		return w.refresh() // and the guidance for the new width
	case tea.BackgroundColorMsg:
		if w.mode == modeNote {
			w.styleNote()
		}
		return w.refresh()
	case reviewMsg:
		return w.loaded(msg)
	case revisionMsg:
		if w.rev == nil || msg.id != w.rev.ID || w.mode != modeBrowse {
			return nil // an editor is open: the next poll looks again
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
		return w.guidanceRendered(msg)
	case signedMsg:
		return w.adopt(msg)
	case clockMsg:
		return w.tick()
	case draftsMsg:
		return w.draftsLoaded(msg)
	case draftFlushMsg:
		return w.flushDrafts(msg)
	case draftsWrittenMsg:
		if msg.err != nil {
			w.c.logger.Warn("write drafts", "err", msg.err)
		}
		return nil
	case hub.Presence, hub.Cursor, hub.Changed:
		return w.liveMsg(msg)
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
	case modeSearch:
		return w.updateSearch(msg)
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if cmd, ok := w.liveKey(k); ok {
			return cmd
		}
		before := w.cursor
		cmd := w.keyPress(k)
		w.liveMoved(before)
		return cmd
	}
	return nil
}
