package tui

import (
	"errors"
	"log/slog"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

// common is what every screen shares: the terminal size, styles, keys, the
// store, the catalog of templates, the logger and the clock. Screens hold a
// pointer to it and never reach for globals.
type common struct {
	width, height int
	isDark        bool
	styles        *Styles
	keys          *KeyMap
	help          help.Model

	store    Store
	catalog  *review.Catalog
	logger   *slog.Logger
	now      func() time.Time
	validFor review.Period // the valid_for setting
	version  string
	md       *markdown

	// signing is the configuration's signing policy; signingKeys lists the
	// keys to sign with (nil: none offered).
	signing     review.SigningPolicy
	signingKeys func() ([]SigningKey, error)

	// catalogReady is false while the catalog is still being loaded (see
	// Config.LoadCatalog); until then catalog is empty and the screens
	// that list checklists wait for it.
	catalogReady bool

	// guide caches rendered guidance by (text, width, background), for
	// every review walked in this session; guideAsked marks renderings on
	// their way. Both belong to the Update goroutine.
	guide      map[guidanceKey]string
	guideAsked map[guidanceKey]bool

	// pollEvery is how often the walk and home screens look for changes
	// made by another process; zero turns polling off (tests).
	pollEvery time.Duration

	// status is the one-line message of the status bar. speaker is the
	// screen whose message the root is handling: a status belongs to the
	// screen that set it, and shows only there (errors show everywhere),
	// until it fades (see fadeAfter).
	status  status
	speaker state
	// stateDir is where drafts of typed text are kept ("" keeps none).
	stateDir string

	// A terminal of a meeting (prr serve; live.go): the hub's client, the
	// name its user logged in as, the meeting's keys and the room's
	// presence as last told.
	live     *hub.Client
	self     string
	liveKeys liveKeys
	presence hub.Presence
}

func (c *common) setDark(dark bool) {
	c.isDark = dark
	c.styles = NewStyles(dark)
	c.help.Styles = c.styles.Help
}

// statusKind says how a status line reads: information, done, or a problem.
type statusKind int

const (
	statusInfo statusKind = iota
	statusOK
	statusErr
)

type status struct {
	kind  statusKind
	text  string
	owner state // the screen that set it
	seq   int   // counts the messages set, for fading the right one
}

// setStatus shows a message for the screen being served.
func (c *common) setStatus(k statusKind, text string) {
	c.status = status{kind: k, text: text, owner: c.speaker, seq: c.status.seq + 1}
}

// handOver makes the message on show belong to screen s: a message that
// says what just happened on the way to s ("created the review of …").
func (c *common) handOver(s state) { c.status.owner = s }

func (c *common) info(s string) { c.setStatus(statusInfo, s) }
func (c *common) ok(s string)   { c.setStatus(statusOK, s) }

// fail shows err as one line in the status bar and logs it.
func (c *common) fail(what string, err error) {
	c.logger.Warn(what, "err", err)
	c.setStatus(statusErr, what+": "+oneLine(causeFirst(err)))
}

// causeFirst puts the root cause of err before the context wrapped around
// it ("permission denied (write /a/x.md: open /a/.x.md.tmp)"), so that a
// status bar too narrow for a long path still says what went wrong. An
// error that does not end with its cause is left as it is.
func causeFirst(err error) string {
	full, root := err.Error(), err
	for next := errors.Unwrap(root); next != nil; next = errors.Unwrap(root) {
		root = next
	}
	cause := root.Error()
	context, ok := strings.CutSuffix(full, ": "+cause)
	if root == err || !ok || context == "" {
		return full
	}
	return cause + " (" + context + ")"
}

// clearStatus removes the message, if it is text.
func (c *common) clearStatus(text string) {
	if c.status.text == text {
		c.status = status{seq: c.status.seq}
	}
}

// statusFor is the message the status bar shows on screen s: its own, or
// an error from any screen.
func (c *common) statusFor(s state) status {
	if c.status.owner == s || c.status.kind == statusErr {
		return c.status
	}
	return status{}
}

// screen is one page of the TUI, in the sense of soft-serve's components:
// a model, its key bindings (help.KeyMap: the help bar and '?' are built
// from the same bindings the screen handles) and a size. The root keeps
// the screens in a table (pages.go) and routes messages to them; a screen
// asks for another with a navMsg, never by reaching into it.
type screen interface {
	// open prepares the screen for a visit asked for by n, and returns
	// what it needs to start; false refuses the visit (nothing to show),
	// and the screen on show stays.
	open(n navMsg) (tea.Cmd, bool)
	// Update handles a message for the screen; screens change in place. A
	// tea.WindowSizeMsg carries the size of the body (the terminal less
	// the status and help bars).
	Update(msg tea.Msg) tea.Cmd
	// View draws the screen's body in the size given to SetSize.
	View() string
	SetSize(w, h int)
	help.KeyMap
	// capturing reports whether the screen is taking text input, in which
	// case only ctrl+c is handled before it (no '?', no 'q').
	capturing() bool
	// statusInfo is the right-hand side of the status bar.
	statusInfo() string
}

// addressed is the result of a command for one screen: the root delivers
// it to that screen whatever is on show (a save that lands after the user
// moved on, a listing read in the background).
type addressed interface{ to() state }

// Messages between screens and the root model.
type (
	// navMsg asks the root model to show another screen.
	navMsg struct {
		to     state
		review *review.Review // for the walk and summary screens
		id     string         // a review to load and open
		item   string         // an item to show on the walk screen
		from   state          // the screen that asked (set by the root)
	}
	// catalogWantedMsg tells the root that the first screen has its data:
	// time to read the checklists in the background.
	catalogWantedMsg struct{}
	// reviewsMsg carries the list of reviews from the store: all of them,
	// or (partial) only the newest, which the first screen draws while the
	// whole list is read.
	reviewsMsg struct {
		items   []review.Summary
		total   int    // how many reviews there are in all
		partial bool   // items holds only the newest reviews, maybe not all
		rev     uint64 // the database's revision when the list was read
		err     error
	}
	// catalogMsg carries the catalog of templates, loaded after the first
	// screen is up.
	catalogMsg struct {
		catalog *review.Catalog
		err     error
	}
	// dbRevisionMsg carries the database's revision, polled by the list.
	dbRevisionMsg struct {
		rev uint64
		err error
	}
	// reviewMsg carries one review loaded from the store.
	reviewMsg struct {
		id     string
		review *review.Review
		rev    uint64
		seq    int
		err    error
	}
)

func (reviewsMsg) to() state    { return stateHome }
func (dbRevisionMsg) to() state { return stateHome }
func (reviewMsg) to() state     { return stateWalk }

// askCatalog is what a screen returns once it has its data: a nudge to
// the root to read the checklists, unless they are read already.
func (c *common) askCatalog() tea.Cmd {
	if c.catalogReady {
		return nil
	}
	return func() tea.Msg { return catalogWantedMsg{} }
}

func navigate(to state, r *review.Review, id string) tea.Cmd {
	return func() tea.Msg { return navMsg{to: to, review: r, id: id} }
}

func loadReviews(st Store) tea.Cmd {
	return func() tea.Msg {
		rev, err := st.Revision("")
		if err != nil {
			return reviewsMsg{err: err}
		}
		items, err := st.List()
		return reviewsMsg{items: items, total: len(items), rev: rev, err: err}
	}
}

// loadReviewsAfter is loadReviews, started after d: the time for a frame
// already drawn to reach the terminal before the CPU turns to the list.
func loadReviewsAfter(st Store, d time.Duration) tea.Cmd {
	load := loadReviews(st)
	return func() tea.Msg {
		time.Sleep(d)
		return load()
	}
}

// loadNewestReviews reads only the n newest reviews, and how many there
// are: on a big database a fraction of the time the whole list takes.
func loadNewestReviews(st Store, n int) tea.Cmd {
	return func() tea.Msg {
		rev, err := st.Revision("")
		if err != nil {
			return reviewsMsg{err: err}
		}
		items, total, err := st.ListNewest(n)
		return reviewsMsg{items: items, total: total, partial: true, rev: rev, err: err}
	}
}

func loadCatalog(load func() (*review.Catalog, error)) tea.Cmd {
	return func() tea.Msg {
		c, err := load()
		return catalogMsg{catalog: c, err: err}
	}
}

func loadReview(st Store, id string, seq int) tea.Cmd {
	return func() tea.Msg {
		r, err := st.Get(id)
		if err != nil {
			return reviewMsg{id: id, err: err, seq: seq}
		}
		rev, err := st.Revision(r.ID)
		return reviewMsg{id: id, review: r, rev: rev, seq: seq, err: err}
	}
}
