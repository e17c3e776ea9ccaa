package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// homeModel is the list of reviews in the database, newest first.
type homeModel struct {
	c    *common
	w, h int

	items   []review.Summary
	dbRev   uint64
	loaded  bool
	loadErr error
	// partial is set while items holds only the newest reviews: the first
	// page, drawn while the whole list is read. total is how many there
	// are in all. pendingLast remembers a jump to the last review asked
	// for meanwhile, to be made once they are all here.
	partial     bool
	total       int
	pendingLast bool
	// loading is set while a List is in flight; a poll or a change that
	// comes in meanwhile sets reloadAgain instead of starting a second
	// List, which on a large database would fight the first for the CPU.
	loading     bool
	reloadAgain bool

	// hay is what the filter searches in each item, lower-cased: built on
	// the first filtered key press after a listing, not on every one.
	hay    []string
	shown  []int // indices into items that match the filter
	cursor int   // index into shown
	offset int   // first row drawn

	filter    textinput.Model
	filtering bool // the filter input has the keyboard

	confirm *review.Summary // a delete waiting for y/n

	// due counts what is due (home_time.go); nil until counted. dueSeq
	// tells the count of the latest listing from earlier ones.
	due    *review.DueCounts
	dueSeq int
}

type reviewDeletedMsg struct {
	id, service string
	err         error
}

func (reviewDeletedMsg) to() state { return stateHome }

func newHome(c *common) *homeModel {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "service, team, owner or checklist"
	ti.CharLimit = 100
	h := &homeModel{c: c, filter: ti}
	h.restyle()
	return h
}

func (h *homeModel) restyle() {
	s := textinput.DefaultStyles(h.c.isDark)
	s.Cursor.Blink = false
	h.filter.SetStyles(s)
}

// firstPageRows is how many of the newest reviews the home screen reads
// first, before the whole list: more rows than a terminal shows.
const firstPageRows = 200

// open lists the reviews: the first time only the newest page, which on a
// big database comes in a fraction of the time, then all of them.
func (h *homeModel) open(navMsg) (tea.Cmd, bool) { return h.start(), true }

func (h *homeModel) start() tea.Cmd {
	if !h.loaded && !h.loading {
		h.loading = true
		return loadNewestReviews(h.c.store, firstPageRows)
	}
	return h.reload()
}

// reload lists the reviews again, unless a listing is already running.
func (h *homeModel) reload() tea.Cmd {
	if h.loading {
		h.reloadAgain = true
		return nil
	}
	h.loading = true
	return loadReviews(h.c.store)
}

func (h *homeModel) SetSize(w, hh int) {
	h.w, h.h = w, hh
	h.filter.SetWidth(max(w-6, 10))
	h.clampOffset()
}

func (h *homeModel) capturing() bool { return h.filtering || h.confirm != nil }

func (h *homeModel) selected() (review.Summary, bool) {
	if h.cursor < 0 || h.cursor >= len(h.shown) {
		return review.Summary{}, false
	}
	return h.items[h.shown[h.cursor]], true
}

// applyFilter recomputes the rows that match the filter, keeping the
// selected review selected when it still matches.
func (h *homeModel) applyFilter() {
	var keep string
	if s, ok := h.selected(); ok {
		keep = s.ID
	}
	terms := strings.Fields(strings.ToLower(h.filter.Value()))
	h.shown = h.shown[:0]
	if len(terms) > 0 && len(h.hay) != len(h.items) {
		h.hay = make([]string, len(h.items))
		for i, s := range h.items {
			h.hay[i] = strings.ToLower(strings.Join([]string{s.ID, s.Service, s.Team, s.Owner, s.TemplateID, s.TemplateTitle, string(s.Verdict), s.FullStanding().Kind.Label(), s.State.Label(), map[bool]string{true: "expired"}[s.Expired]}, " "))
		}
	}
	for i := range h.items {
		if len(terms) == 0 {
			h.shown = append(h.shown, i)
			continue
		}
		hay := h.hay[i]
		match := true
		for _, t := range terms {
			if !strings.Contains(hay, t) {
				match = false
				break
			}
		}
		if match {
			h.shown = append(h.shown, i)
		}
	}
	h.cursor = 0
	for i, idx := range h.shown {
		if h.items[idx].ID == keep {
			h.cursor = i
		}
	}
	h.clampOffset()
}

func (h *homeModel) rows() int { return max(h.h-h.headerLines(), 1) }

func (h *homeModel) headerLines() int {
	n := 3 // title, blank, column heads
	if h.filtering || h.filter.Value() != "" {
		n++
	}
	if h.confirm != nil {
		n += 2
	}
	return n
}

func (h *homeModel) clampOffset() {
	rows := h.rows()
	h.cursor = max(0, min(h.cursor, len(h.shown)-1))
	if h.cursor < h.offset {
		h.offset = h.cursor
	}
	if h.cursor >= h.offset+rows {
		h.offset = h.cursor - rows + 1
	}
	h.offset = max(0, min(h.offset, len(h.shown)-rows))
}

func (h *homeModel) move(d int) {
	h.cursor += d
	h.clampOffset()
}

func (h *homeModel) Update(msg tea.Msg) tea.Cmd {
	k := h.c.keys
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.SetSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		h.restyle()
	case reviewsMsg:
		if msg.partial && msg.err == nil && msg.total > len(msg.items) {
			// The newest page: draw it, and read them all once that frame
			// is on its way to the terminal.
			h.loaded, h.partial = true, true
			h.items, h.total, h.hay = msg.items, msg.total, nil
			h.applyFilter()
			return loadReviewsAfter(h.c.store, frameTime)
		}
		h.loaded, h.loading, h.partial = true, false, false
		h.loadErr = msg.err
		var again tea.Cmd
		if h.reloadAgain {
			h.reloadAgain = false
			again = h.reload()
		}
		if msg.err != nil {
			h.c.fail("could not read the reviews", msg.err)
			return tea.Batch(again, h.c.askCatalog())
		}
		h.items, h.total, h.dbRev, h.hay = msg.items, len(msg.items), msg.rev, nil
		h.applyFilter()
		if h.pendingLast {
			h.pendingLast = false
			h.move(len(h.shown))
		}
		// The first screen has its data: time to read the checklists.
		return tea.Batch(again, h.c.askCatalog(), h.loadDue())
	case catalogReadyMsg:
		return h.loadDue()
	case dueMsg:
		if msg.seq != h.dueSeq {
			return nil
		}
		if msg.err != nil {
			h.c.logger.Warn("counting what is due failed", "err", msg.err)
			return nil
		}
		h.due = &msg.counts
	case reReviewMsg:
		return h.reReviewed(msg)
	case dbRevisionMsg:
		if msg.err != nil {
			h.c.logger.Debug("revision check failed", "err", msg.err)
			return nil
		}
		if msg.rev != h.dbRev {
			return h.reload()
		}
	case reviewDeletedMsg:
		if msg.err != nil {
			h.c.fail("could not delete "+oneLine(msg.service), msg.err)
		} else {
			h.c.ok(fmt.Sprintf("deleted the review of %s (%s)", oneLine(msg.service), msg.id))
		}
		return h.reload()
	case tea.KeyPressMsg:
		h.pendingLast = false
		if h.confirm != nil {
			switch {
			case key.Matches(msg, k.ConfirmYes):
				s := *h.confirm
				h.confirm = nil
				st := h.c.store
				h.c.info("deleting…")
				return func() tea.Msg {
					return reviewDeletedMsg{id: s.ID, service: s.Service, err: st.Delete(s.ID)}
				}
			case key.Matches(msg, k.ConfirmNo):
				h.confirm = nil
				h.c.info("kept the review")
			}
			h.clampOffset()
			return nil
		}
		if h.filtering {
			switch {
			case key.Matches(msg, k.ClearFilter):
				h.filtering = false
				h.filter.Blur()
				h.filter.SetValue("")
				h.applyFilter()
				return nil
			case key.Matches(msg, k.ApplyFilter):
				h.filtering = false
				h.filter.Blur()
				h.clampOffset()
				return nil
			case msg.String() == "up" || msg.String() == "down":
				h.move(map[string]int{"up": -1, "down": 1}[msg.String()])
				return nil
			}
			var cmd tea.Cmd
			before := h.filter.Value()
			h.filter, cmd = h.filter.Update(msg)
			if h.filter.Value() != before {
				h.applyFilter()
			}
			return cmd
		}
		switch {
		case key.Matches(msg, k.Up):
			h.move(-1)
		case key.Matches(msg, k.Down):
			h.move(1)
		case key.Matches(msg, k.PageUp):
			h.move(-h.rows())
		case key.Matches(msg, k.PageDown):
			h.move(h.rows())
		case key.Matches(msg, k.First):
			h.move(-len(h.shown))
		case key.Matches(msg, k.Last):
			h.move(len(h.shown))
			h.pendingLast = h.partial
		case key.Matches(msg, k.Filter):
			h.filtering = true
			h.clampOffset()
			return h.filter.Focus()
		case key.Matches(msg, k.ClearFilter):
			if h.filter.Value() != "" {
				h.filter.SetValue("")
				h.applyFilter()
			}
		case key.Matches(msg, k.New):
			if h.c.catalogReady && len(h.c.catalog.Entries) == 0 {
				h.c.info("no checklists are available: add a template first")
				return nil
			}
			return navigate(stateNewReview, nil, "")
		case key.Matches(msg, k.Open):
			if s, ok := h.selected(); ok {
				return navigate(stateWalk, nil, s.ID)
			}
		case key.Matches(msg, k.ReReview):
			return h.reReview()
		case key.Matches(msg, k.Compare):
			if s, ok := h.selected(); ok {
				return navigate(stateDiff, nil, s.ID)
			}
		case key.Matches(msg, k.History):
			if s, ok := h.selected(); ok {
				return navigate(stateHistory, nil, s.ID)
			}
		case key.Matches(msg, k.Delete):
			if s, ok := h.selected(); ok {
				h.confirm = &s
				h.clampOffset()
			}
		case key.Matches(msg, k.Templates):
			return navigate(stateTemplates, nil, "")
		case key.Matches(msg, k.QuitHome):
			return func() tea.Msg { return quitMsg{} }
		}
	}
	return nil
}

// pollCheck reads the database's revision (poller): a change made
// elsewhere comes back as a dbRevisionMsg. While a listing is under way
// there is nothing to compare with: the listing will bring the news.
func (h *homeModel) pollCheck() func() tea.Msg {
	if h.loading {
		return nil
	}
	return lookForChange(h.c.store, "", h.dbRev, func(rev uint64, err error) tea.Msg {
		return dbRevisionMsg{rev: rev, err: err}
	})
}
