package main

// One connection of prr serve: who it is, what it asked for (the reviews,
// one review, or a backup) and its TUI.

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"github.com/charmbracelet/colorprofile"

	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/tui"
	"github.com/prr-dev/prr/tui/hub"
)

// The sizes a terminal may claim: anything outside is clamped, so that a
// hostile or broken client cannot make the server draw a screen of a
// million cells.
const (
	maxCols, maxRows = 500, 200
)

// usage is what a connection that asked for something else is told.
const serveUsage = "prr serve runs the review screens only:\r\n" +
	"  ssh -p PORT -t HOST               the list of reviews\r\n" +
	"  ssh -p PORT -t HOST open REVIEW   one review, with everyone on it\r\n" +
	"  ssh -p PORT HOST backup > FILE    a copy of the database\r\n"

// session handles one SSH session, from start to end.
func (sv *server) session(s ssh.Session) {
	sv.sessions.Add(1)
	defer sv.sessions.Done()
	id, ok := hub.Identity{}, false
	if pk := s.PublicKey(); pk != nil {
		id, ok = sv.keys.lookup(pk)
	}
	if !ok {
		// The key was removed from the file since it logged in.
		sv.log.Warn("refused: key no longer authorized", "remote", s.RemoteAddr().String())
		sv.fail(s, 1, "prr serve: your key is no longer authorized here")
		return
	}
	log := sv.log.With("user", id.Name, "fp", id.Fingerprint, "remote", s.RemoteAddr().String())
	release, err := sv.admitSession(id)
	if err != nil {
		log.Warn("refused: too many sessions", "max", sv.o.maxPerKey)
		sv.fail(s, 1, "prr serve: "+err.Error())
		return
	}
	defer release()
	cmd := s.Command()
	log.Info("session start", "cmd", short(strings.Join(cmd, " ")))
	defer log.Info("session end")
	switch {
	case len(cmd) == 0:
		sv.runTUI(s, id, "", log)
	case len(cmd) == 2 && cmd[0] == "open":
		rid, err := sv.st.Resolve(cmd[1])
		if err != nil {
			sv.fail(s, 1, "prr serve: open "+short(cmd[1])+": "+short(err.Error()))
			return
		}
		sv.runTUI(s, id, rid, log)
	case len(cmd) == 1 && cmd[0] == "backup":
		sv.backup(s, log)
	default:
		log.Warn("refused: command", "cmd", short(strings.Join(cmd, " ")))
		sv.fail(s, 2, serveUsage)
	}
}

// fail ends the session with a message on its standard error.
func (sv *server) fail(s ssh.Session, code int, msg string) {
	if !strings.HasSuffix(msg, "\n") {
		msg += "\r\n"
	}
	_, _ = io.WriteString(s.Stderr(), msg)
	_ = s.Exit(code)
}

// runTUI runs the review screens on the session's terminal, as who.
func (sv *server) runTUI(s ssh.Session, who hub.Identity, openID string, log *slog.Logger) {
	pty, windows, ok := s.Pty()
	if !ok {
		sv.fail(s, 1, "prr serve shows the review screens on a terminal only: connect with ssh -t\r\n\r\n"+serveUsage)
		return
	}
	env := []string{"TERM=" + safeTerm(pty.Term)}
	for _, kv := range s.Environ() {
		if k, v, _ := strings.Cut(kv, "="); k == "COLORTERM" || k == "NO_COLOR" {
			env = append(env, k+"="+safeTerm(v))
		}
	}
	w, h := clampSize(pty.Window.Width, pty.Window.Height)
	sizes := make(chan tea.WindowSizeMsg, 1)
	go func() {
		defer close(sizes)
		for win := range windows {
			w, h := clampSize(win.Width, win.Height)
			select {
			case sizes <- tea.WindowSizeMsg{Width: w, Height: h}:
			case <-s.Context().Done():
				return
			}
		}
	}()
	cfg := tui.Config{
		Store:       sessionStore{Store: sv.st.As(who.Name), who: who, log: log, now: sv.a.now},
		LoadCatalog: sv.loadCatalog,
		OpenID:      openID,
		Now:         sv.a.now,
		Logger:      log,
		Version:     appVersion(),
		Live:        sv.hub.Client(who),
		Self:        who.Name,
		Shared:      sv.shared,
	}
	err := tui.RunSession(s.Context(), cfg, sizes,
		tea.WithInput(s), tea.WithOutput(s),
		tea.WithEnvironment(env),
		tea.WithColorProfile(colorprofile.Env(env)),
		tea.WithWindowSize(w, h),
		// ctrl+z would stop the server's program, not the user's: ignore it.
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			if _, ok := msg.(tea.SuspendMsg); ok {
				return nil
			}
			return msg
		}),
	)
	if err != nil {
		log.Warn("session ended with an error", "err", err)
		sv.fail(s, 1, "prr: "+textsafe.Line(err.Error()))
		return
	}
	_ = s.Exit(0)
}

// short makes text a client sent safe and short enough to show and log.
func short(s string) string {
	s = textsafe.Line(s)
	if r := []rune(s); len(r) > 120 {
		return string(r[:120]) + "…"
	}
	return s
}

// clampSize keeps a claimed terminal size within what prr draws.
func clampSize(w, h int) (int, int) {
	return min(max(w, 1), maxCols), min(max(h, 1), maxRows)
}

var termName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$`)

// safeTerm passes a terminal name or colour setting that looks like one;
// anything else (escape codes, paths, a megabyte) is replaced.
func safeTerm(t string) string {
	if termName.MatchString(t) {
		return t
	}
	return "xterm-256color"
}

// backup writes a checked copy of the database to the session's standard
// output: "ssh HOST backup > FILE" while the server holds the database.
func (sv *server) backup(s ssh.Session, log *slog.Logger) {
	if _, _, isTerm := s.Pty(); isTerm {
		sv.fail(s, 2, "prr serve: backup writes the database to standard output; run it without -t and redirect it: ssh -p PORT HOST backup > prr-backup.db")
		return
	}
	dir, err := os.MkdirTemp("", "prr-serve-backup-")
	if err != nil {
		sv.fail(s, 1, "prr serve: backup: "+err.Error())
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "prr.db")
	if err := sv.st.Backup(path); err != nil {
		log.Error("backup failed", "err", err)
		sv.fail(s, 1, "prr serve: backup: "+textsafe.Line(err.Error()))
		return
	}
	f, err := os.Open(path)
	if err != nil {
		sv.fail(s, 1, "prr serve: backup: "+err.Error())
		return
	}
	defer f.Close()
	n, err := io.Copy(s, f)
	if err != nil {
		log.Warn("backup not sent whole", "err", err, "bytes", n)
		_ = s.Exit(1)
		return
	}
	log.Info("backup sent", "bytes", n)
	_ = s.Exit(0)
}
