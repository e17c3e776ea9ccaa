package main

// prr serve: the review screens over SSH, for a team. One process holds the
// database open for its life; every connection runs its own TUI as the
// person its key belongs to; terminals on the same review meet in a room of
// the hub (tui/hub). docs/serve.md is the admin's guide.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"charm.land/ssh"
	"github.com/adrg/xdg"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/tui"
	"github.com/prr-dev/prr/tui/hub"
)

// serveGCPercent is the server's garbage collection target (GOGC), unless
// GOGC is set: a long-running server with many small sessions trades a
// little CPU for a heap that grows less far past what is live.
const serveGCPercent = 50

// serveOptions are prr serve's flags.
type serveOptions struct {
	listen         string
	hostKey        string
	authorizedKeys string
	maxConns       int
	maxPerKey      int
	idle           time.Duration
}

func newServeCmd(a *app) *cobra.Command {
	o := serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the review screens over SSH, for a whole team at once",
		Long: "prr serve runs an SSH server that opens the review screens for everyone whose key is " +
			"in the authorized keys file: \"ssh -p 23234 HOST\" shows the reviews, \"ssh -p 23234 -t HOST open ID\" " +
			"joins a review. Everyone on the same review sees every change at once; the first to open it drives " +
			"the cursor. The server holds the database for as long as it runs; \"ssh -p 23234 HOST backup > FILE\" " +
			"copies it meanwhile. See docs/serve.md.",
		Example: `  prr serve --authorized-keys ~/.config/prr/authorized_keys
  ssh -p 23234 -t review-host open 3f9c`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", ":23234", "address to listen on")
	f.StringVar(&o.hostKey, "host-key", "", "the server's host key, created on first start (default $XDG_DATA_HOME/prr/ssh_host_ed25519_key)")
	f.StringVar(&o.authorizedKeys, "authorized-keys", "", "who may connect: OpenSSH authorized_keys, each key followed by its owner's name (default $XDG_CONFIG_HOME/prr/authorized_keys)")
	f.IntVar(&o.maxConns, "max-connections", 64, "connections at once, in all")
	f.IntVar(&o.maxPerKey, "max-per-key", 4, "sessions at once for one key")
	f.DurationVar(&o.idle, "idle-timeout", 30*time.Minute, "close a connection after this long without a key pressed or a screen drawn")
	return cmd
}

// server is a running prr serve.
type server struct {
	a    *app
	st   *store.Store // kept open; each session works through st.As(name)
	keys *keyring
	hub  *hub.Hub
	log  *slog.Logger
	o    serveOptions

	conns    chan struct{} // one token per open connection
	mu       sync.Mutex
	perKey   map[string]int // open sessions by key fingerprint
	sessions sync.WaitGroup
	catMu    sync.Mutex
	shared   *tui.Shared // what the sessions' TUIs share
}

func serve(ctx context.Context, a *app, o serveOptions) error {
	if o.maxConns < 1 || o.maxPerKey < 1 || o.idle < 0 {
		return usageErr("--max-connections and --max-per-key must be at least 1, and --idle-timeout not negative")
	}
	if o.hostKey == "" {
		o.hostKey = filepath.Join(xdg.DataHome, "prr", "ssh_host_ed25519_key")
	}
	if o.authorizedKeys == "" {
		o.authorizedKeys = filepath.Join(xdg.ConfigHome, "prr", "authorized_keys")
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	log := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: a.cfg.LogLevel}))
	keys, err := loadKeyring(o.authorizedKeys)
	if err != nil {
		return usageErr("%v", err)
	}
	signer, created, err := hostKey(o.hostKey)
	if err != nil {
		return err
	}
	if created {
		log.Info("host key created", "path", o.hostKey, "fp", gossh.FingerprintSHA256(signer.PublicKey()))
	}
	st, err := store.Open(a.cfg.DBPath, store.Options{LockTimeout: a.cfg.LockTimeout, Actor: "prr serve", Now: a.now, KeepOpen: true})
	if err != nil {
		return err
	}
	a.store = st // closed by the app, after the sessions have ended
	sv := &server{a: a, st: st, keys: keys, hub: hub.New(), log: log, o: o, shared: tui.NewShared(),
		conns: make(chan struct{}, o.maxConns), perKey: map[string]int{}}
	srv := sv.sshServer(signer)
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.listen, err)
	}
	log.Info("serving", "addr", ln.Addr().String(), "db", st.Path(), "host_key", gossh.FingerprintSHA256(signer.PublicKey()), "keys", o.authorizedKeys)
	fmt.Fprintf(a.stdout, "prr serve: listening on %s (host key %s)\n", ln.Addr(), gossh.FingerprintSHA256(signer.PublicKey()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = nil
	}
	// Closing the connections ends every session; each saves what it was
	// saving before the database closes.
	_ = srv.Close()
	sv.waitSessions(800 * time.Millisecond)
	log.Info("stopped")
	if errors.Is(err, ssh.ErrServerClosed) {
		err = nil
	}
	return err
}

// waitSessions waits for the sessions to end, at most d (a signal gives prr
// a second in all).
func (sv *server) waitSessions(d time.Duration) {
	done := make(chan struct{})
	go func() { sv.sessions.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		sv.log.Warn("sessions still ending at shutdown")
	}
}

// sshServer configures the SSH side: public keys only, no forwarding, no
// subsystems, limits on connections and time.
func (sv *server) sshServer(signer gossh.Signer) *ssh.Server {
	srv := &ssh.Server{
		Version:          "prr",
		Handler:          sv.session,
		PublicKeyHandler: sv.authKey,
		// No PasswordHandler: passwords are not offered. Keyboard-
		// interactive is offered only to say which key was refused (see
		// refusal), and never lets anyone in.
		ServerConfigCallback: func(ctx ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{
				MaxAuthTries: 6,
				KeyboardInteractiveCallback: func(gossh.ConnMetadata, gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
					return nil, &gossh.BannerError{Err: errors.New("prr serve: no key of yours is authorized"), Message: refusal(ctx)}
				},
			}
		},
		ConnCallback:     sv.admitConn,
		IdleTimeout:      sv.o.idle,
		HandshakeTimeout: 20 * time.Second,
		// Nil forwarding callbacks refuse port forwarding; subsystems
		// (sftp) are not registered; agent forwarding is never used.
	}
	srv.AddHostKey(signer)
	return srv
}

// ctxRefused keeps, per connection, the fingerprints of the keys refused.
type ctxRefusedKey struct{}

type refusedKeys struct {
	mu  sync.Mutex
	fps []string
}

// authKey lets in the keys of the authorized keys file (read again if it
// changed) and notes the others, for the refusal message.
func (sv *server) authKey(ctx ssh.Context, key ssh.PublicKey) bool {
	if err := sv.keys.reload(); err != nil {
		sv.log.Error("authorized keys not reloaded; the ones read before stay in force", "err", err)
	}
	fp := gossh.FingerprintSHA256(key)
	if id, ok := sv.keys.lookup(key); ok {
		sv.log.Debug("key accepted", "user", id.Name, "fp", fp, "remote", ctx.RemoteAddr().String())
		return true
	}
	rk, _ := ctx.Value(ctxRefusedKey{}).(*refusedKeys)
	if rk == nil {
		rk = &refusedKeys{}
		ctx.SetValue(ctxRefusedKey{}, rk)
	}
	rk.mu.Lock()
	if len(rk.fps) < 8 {
		rk.fps = append(rk.fps, fp)
	}
	rk.mu.Unlock()
	sv.log.Warn("refused: unknown key", "fp", fp, "type", key.Type(), "remote", ctx.RemoteAddr().String())
	return false
}

// refusal is the banner shown to a client none of whose keys is
// authorized: the fingerprints to give an admin.
func refusal(ctx ssh.Context) string {
	rk, _ := ctx.Value(ctxRefusedKey{}).(*refusedKeys)
	if rk == nil {
		return "prr serve accepts SSH keys only, and no key was offered.\r\n"
	}
	rk.mu.Lock()
	defer rk.mu.Unlock()
	msg := "prr serve: this key is not authorized here:\r\n"
	for _, fp := range rk.fps {
		msg += "  " + fp + "\r\n"
	}
	return msg + "Ask the admin to add your public key (the .pub file), followed by your name, to prr's authorized keys.\r\n"
}

// admitConn counts a connection in, or turns it away when there are as
// many as allowed.
func (sv *server) admitConn(_ ssh.Context, c net.Conn) net.Conn {
	select {
	case sv.conns <- struct{}{}:
		return &countedConn{Conn: c, release: func() { <-sv.conns }}
	default:
		sv.log.Warn("refused: too many connections", "remote", c.RemoteAddr().String(), "max", sv.o.maxConns)
		return nil
	}
}

// countedConn gives its token back when closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}

// admitSession counts a session of a key in, up to --max-per-key.
func (sv *server) admitSession(id hub.Identity) (func(), error) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if sv.perKey[id.Fingerprint] >= sv.o.maxPerKey {
		return nil, fmt.Errorf("%s already has %d sessions open, the most allowed for one key", id.Name, sv.o.maxPerKey)
	}
	sv.perKey[id.Fingerprint]++
	return func() {
		sv.mu.Lock()
		defer sv.mu.Unlock()
		if sv.perKey[id.Fingerprint]--; sv.perKey[id.Fingerprint] <= 0 {
			delete(sv.perKey, id.Fingerprint)
		}
	}, nil
}

// loadCatalog reads the templates once for all sessions.
func (sv *server) loadCatalog() (*review.Catalog, error) {
	sv.catMu.Lock()
	defer sv.catMu.Unlock()
	return sv.a.loadCatalog()
}
