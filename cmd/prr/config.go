package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/userfile"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// Config is everything prr needs to know about where and how to run,
// resolved once at start-up: flags beat PRR_* environment variables, which
// beat the config file, which beats the defaults.
type Config struct {
	ConfigFile   string
	DBPath       string
	TemplatesDir string
	Actor        string
	LockTimeout  time.Duration
	LogFile      string
	LogLevel     slog.Level
	// AllowedSigners is the OpenSSH allowed_signers file that says whose
	// keys may sign; empty: none (no signature proves who signed).
	AllowedSigners string
	// RequireSigned makes prr check and prr verify demand signed, valid
	// approvals for the required roles (as --require-signed does).
	RequireSigned bool
	// SignedRoles are roles whose approval must be signed, and by whom,
	// on top of the template's own rules.
	SignedRoles []review.RoleRule
	// Zone is the time zone dates are judged in (review.Date's rule).
	Zone *time.Location
	// ValidFor is how long a signed-off review stays valid when its
	// template has no valid_for; empty for no limit.
	ValidFor review.Period
	// StateDir holds what the TUI keeps between runs: drafts of typed text.
	StateDir string
}

// fileConfig is the YAML config file. Unknown keys are errors: a typo in a
// config file should not be silently ignored.
type fileConfig struct {
	DB           string `yaml:"db"`
	TemplatesDir string `yaml:"templates_dir"`
	Actor        string `yaml:"actor"`
	LockTimeout  string `yaml:"lock_timeout"`
	LogLevel     string `yaml:"log_level"`
	LogFile      string `yaml:"log_file"`

	AllowedSigners string            `yaml:"allowed_signers"`
	RequireSigned  bool              `yaml:"require_signed"`
	SignedRoles    []review.RoleRule `yaml:"signed_roles"`
	Timezone       string            `yaml:"timezone"`
	ValidFor       string            `yaml:"valid_for"`
}

// globalFlags are the flags every command accepts.
type globalFlags struct {
	config, db, templatesDir, actor, lockTimeout, logLevel, allowedSigners string
}

func (g *globalFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&g.config, "config", "", "config file (env PRR_CONFIG; default $XDG_CONFIG_HOME/prr/config.yaml)")
	fs.StringVar(&g.db, "db", "", "database file (env PRR_DB; default $XDG_DATA_HOME/prr/prr.db)")
	fs.StringVar(&g.templatesDir, "templates-dir", "", "folder of custom templates (env PRR_TEMPLATES_DIR)")
	fs.StringVar(&g.actor, "as", "", "name recorded in the history as making changes (env PRR_ACTOR; default the OS user)")
	fs.StringVar(&g.lockTimeout, "lock-timeout", "", "how long to wait for a database another prr is using (env PRR_LOCK_TIMEOUT; default 3s)")
	fs.StringVar(&g.logLevel, "log-level", "", "debug, info, warn or error (env PRR_LOG_LEVEL; default info)")
	fs.StringVar(&g.allowedSigners, "allowed-signers", "", "OpenSSH allowed_signers file: whose keys may sign sign-offs (env PRR_ALLOWED_SIGNERS; config allowed_signers)")
}

// resolveConfig merges flags, environment, config file and defaults.
// getenv is injected so tests need not touch the process environment.
func resolveConfig(g globalFlags, getenv func(string) string) (Config, error) {
	xdg.Reload()
	pick := func(vals ...string) string {
		for _, v := range vals {
			if v != "" {
				return v
			}
		}
		return ""
	}
	var c Config
	explicit := pick(g.config, getenv("PRR_CONFIG"))
	c.ConfigFile = pick(explicit, filepath.Join(xdg.ConfigHome, "prr", "config.yaml"))
	fc, err := readConfigFile(c.ConfigFile, explicit != "")
	if err != nil {
		return c, err
	}
	c.DBPath = pick(g.db, getenv("PRR_DB"), expandHome(fc.DB), filepath.Join(xdg.DataHome, "prr", "prr.db"))
	c.TemplatesDir = pick(g.templatesDir, getenv("PRR_TEMPLATES_DIR"), expandHome(fc.TemplatesDir), filepath.Join(xdg.ConfigHome, "prr", "templates"))
	c.Actor = strings.TrimSpace(pick(g.actor, getenv("PRR_ACTOR"), fc.Actor, osUser()))
	c.LogFile = pick(expandHome(fc.LogFile), filepath.Join(xdg.StateHome, "prr", "prr.log"))
	c.AllowedSigners = pick(g.allowedSigners, getenv("PRR_ALLOWED_SIGNERS"), expandHome(fc.AllowedSigners))
	c.RequireSigned = fc.RequireSigned
	for i, r := range fc.SignedRoles {
		r.Role = strings.ToLower(strings.TrimSpace(r.Role))
		if !review.ValidSlug(r.Role) {
			return c, fmt.Errorf("config file %s: signed_roles entry %d: role %q must be a slug such as sre", c.ConfigFile, i+1, r.Role)
		}
		r.Signed = true // listing a role here is asking for its signature
		c.SignedRoles = append(c.SignedRoles, r)
	}
	c.StateDir = filepath.Join(xdg.StateHome, "prr")
	lt := pick(g.lockTimeout, getenv("PRR_LOCK_TIMEOUT"), fc.LockTimeout, "3s")
	if c.LockTimeout, err = time.ParseDuration(lt); err != nil || c.LockTimeout <= 0 {
		return c, fmt.Errorf("lock timeout %q is not a positive duration such as 3s or 500ms", lt)
	}
	lv := pick(g.logLevel, getenv("PRR_LOG_LEVEL"), fc.LogLevel, "info")
	if err := c.LogLevel.UnmarshalText([]byte(lv)); err != nil {
		return c, fmt.Errorf("log level %q: use debug, info, warn or error", lv)
	}
	if c.Zone, err = review.LoadZone(pick(getenv("PRR_TIMEZONE"), fc.Timezone)); err != nil {
		return c, fmt.Errorf("timezone: %w", err)
	}
	if c.ValidFor, err = review.ParsePeriod(pick(getenv("PRR_VALID_FOR"), fc.ValidFor)); err != nil {
		return c, fmt.Errorf("valid_for: %w", err)
	}
	return c, nil
}

// maxConfigBytes bounds the config file: it holds a handful of settings.
const maxConfigBytes = 1 << 20

func readConfigFile(path string, mustExist bool) (fileConfig, error) {
	var fc fileConfig
	data, err := userfile.Read(path, maxConfigBytes)
	if errors.Is(err, fs.ErrNotExist) && !mustExist {
		return fc, nil
	}
	if err != nil {
		return fc, fmt.Errorf("config file %s: %w", path, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return fc, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil {
		return fc, fmt.Errorf("config file %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	return fc, nil
}

func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, rest)
		}
	}
	return p
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
