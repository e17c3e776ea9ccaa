package tui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/tui/hub"
)

// Config is what the CLI passes to the TUI.
type Config struct {
	Store   Store           // *store.Store satisfies it
	Catalog *review.Catalog // built-in and custom templates
	// LoadCatalog, when Catalog is nil, loads the catalog in a tea.Cmd once
	// the first screen has its data: parsing every checklist is work the
	// first frame does not need. The new-review form and the template
	// browser wait for it.
	LoadCatalog func() (*review.Catalog, error)
	// OpenID, if set, starts on the walk screen of this review (prr open).
	OpenID string
	// Now is the clock, in prr's time zone: dates are judged in the zone
	// of the time it returns (review.Date).
	Now     func() time.Time
	Logger  *slog.Logger // writes to a file; never the terminal
	Version string
	// ValidFor is the valid_for setting: how long a signed-off review
	// stays valid when its template does not say (review.RenewalOf).
	ValidFor review.Period
	// Signing is what the configuration asks of signatures: the allowed
	// signers file that says whose key a signature is, and which roles must
	// sign. The sign-off and summary screens show each signature's state.
	Signing review.SigningPolicy
	// SigningKeys, if set, lists the keys the sign-off screen offers to
	// sign with (the running ssh-agent's); nil offers none.
	SigningKeys func() ([]SigningKey, error)
	// StateDir is where drafts of typed text are kept, in drafts/ (the
	// XDG state directory's prr folder); "" keeps them in memory only.
	StateDir string

	// Live, when set, makes this TUI one terminal of a meeting (prr
	// serve): it joins the room of the review it walks (tui/hub). Self is
	// the name the terminal's user logged in as: they sign off as
	// themselves.
	Live *hub.Client
	Self string
	// Shared, if set, is what this TUI shares with the others of the same
	// server (NewShared).
	Shared *Shared
}

// Shared is what the TUIs of one server share: Markdown renderings, the
// same for everyone at the same width.
type Shared struct{ md *markdown }

// NewShared returns what a server's TUIs share.
func NewShared() *Shared { return &Shared{md: newMarkdown()} }

// frameRate is how many frames a second the screen is drawn at most:
// Bubble Tea's default. The renderer wakes this often even when nothing
// changes (to compare the frame with the last one), so an idle screen costs
// what an idle hello-world program costs; at 120 it cost half as much
// again, for a frame that reaches the terminal 8 ms sooner at best.
const frameRate = 60

// frameTime is the time between two frames.
const frameTime = time.Second / frameRate

// DefaultPollInterval is how often open screens look for changes made by
// another prr process on the same database.
const DefaultPollInterval = 2 * time.Second

// New builds the root model. Run uses it; tests drive it directly.
func New(cfg Config) *Model {
	c := &common{
		keys:        DefaultKeyMap(),
		help:        help.New(),
		store:       cfg.Store,
		catalog:     cfg.Catalog,
		logger:      cfg.Logger,
		now:         cfg.Now,
		validFor:    cfg.ValidFor,
		version:     cfg.Version,
		md:          newMarkdown(),
		guide:       map[guidanceKey]string{},
		guideAsked:  map[guidanceKey]bool{},
		pollEvery:   DefaultPollInterval,
		signing:     cfg.Signing,
		signingKeys: cfg.SigningKeys,
		stateDir:    cfg.StateDir,
		live:        cfg.Live,
		self:        cfg.Self,
		liveKeys:    newLiveKeys(),
	}
	if cfg.Live != nil && cfg.Store != nil {
		cfg.Store = liveStore{Store: cfg.Store, live: cfg.Live}
		c.store = cfg.Store
	}
	if cfg.Shared != nil {
		c.md = cfg.Shared.md
	}
	c.catalogReady = cfg.Catalog != nil || cfg.LoadCatalog == nil
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.catalog == nil {
		c.catalog = &review.Catalog{}
	}
	// Most terminals are dark; the real answer to RequestBackgroundColor
	// arrives within milliseconds and restyles everything.
	c.setDark(true)
	m := &Model{c: c, writer: &writer{st: cfg.Store}, openID: cfg.OpenID}
	if !c.catalogReady {
		m.catalogLoader = cfg.LoadCatalog
	}
	m.screens[stateHome] = newHome(c)
	return m
}

// Run runs the TUI until the user quits or ctx is cancelled. Errors come
// back as one friendly line.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Store == nil {
		return errors.New("tui: no review database was given")
	}
	if cfg.OpenID != "" {
		// Fail before taking over the terminal: "prr open nope" should say
		// so on the command line, not flash a screen.
		if _, err := cfg.Store.Get(cfg.OpenID); err != nil {
			return fmt.Errorf("open review %s: %w", oneLine(cfg.OpenID), err)
		}
	}
	m := New(cfg)
	// Bubble Tea's renderer measures every character above ASCII through
	// go-runewidth, whose first such call fills a 2 MB lookup table: a
	// millisecond or two, inside the first frame. Fill it now, on a CPU
	// that would otherwise wait for the first page of reviews.
	go ansi.StringWidthWc("…")
	return run(ctx, m, nil, nil)
}

// RunSession runs the TUI for one connection of prr serve: opts carry the
// connection's input, output, size and environment, sizes the terminal's
// new sizes (closed or not, it is read until the program ends). The review
// asked for must exist (the caller says so on the connection first).
func RunSession(ctx context.Context, cfg Config, sizes <-chan tea.WindowSizeMsg, opts ...tea.ProgramOption) error {
	if cfg.Store == nil {
		return errors.New("tui: no review database was given")
	}
	return run(ctx, New(cfg), sizes, opts)
}

func run(ctx context.Context, m *Model, sizes <-chan tea.WindowSizeMsg, opts []tea.ProgramOption) error {
	m.c.logger.Info("tui start", "version", m.c.version, "open", m.openID)
	p := tea.NewProgram(m, append([]tea.ProgramOption{tea.WithContext(ctx), tea.WithFPS(frameRate)}, opts...)...)
	if m.c.live != nil {
		// The hub hands its messages over on the client's own goroutine:
		// never from inside Update, where Send would wait for itself.
		m.c.live.Attach(func(msg any) { p.Send(msg) })
		defer m.c.live.Close()
	}
	if sizes != nil {
		ended := make(chan struct{})
		defer close(ended)
		go func() {
			for {
				select {
				case ws, ok := <-sizes:
					if !ok {
						return
					}
					p.Send(ws)
				case <-ended:
					return
				}
			}
		}()
	}
	_, err := p.Run()
	m.stopPolling()
	m.c.logger.Info("tui stop", "err", err)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted), ctx.Err() != nil && errors.Is(err, tea.ErrProgramKilled):
		return nil // the user or the caller asked us to stop
	case errors.Is(err, tea.ErrProgramPanic):
		return fmt.Errorf("the review screen crashed (a bug in prr; details are in the log): %w", err)
	}
	return fmt.Errorf("review screen: %w", err)
}
