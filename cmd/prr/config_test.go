package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	cfgFile := filepath.Join(dir, "config", "prr", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(cfgFile), 0o700); err != nil {
		t.Fatal(err)
	}
	write := func(s string) {
		if err := os.WriteFile(cfgFile, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }

	// Defaults.
	c, err := resolveConfig(globalFlags{}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	if c.DBPath != filepath.Join(dir, "data", "prr", "prr.db") || c.TemplatesDir != filepath.Join(dir, "config", "prr", "templates") ||
		c.LockTimeout != 3*time.Second || c.LogFile != filepath.Join(dir, "state", "prr", "prr.log") || c.Actor == "" {
		t.Errorf("defaults = %+v", c)
	}

	// The config file beats the defaults.
	write("db: /from/file.db\nactor: file-user\nlock_timeout: 7s\ntemplates_dir: /file/templates\n")
	c, _ = resolveConfig(globalFlags{}, getenv)
	if c.DBPath != "/from/file.db" || c.Actor != "file-user" || c.LockTimeout != 7*time.Second || c.TemplatesDir != "/file/templates" {
		t.Errorf("file = %+v", c)
	}

	// The environment beats the file.
	env["PRR_DB"], env["PRR_ACTOR"], env["PRR_LOCK_TIMEOUT"] = "/from/env.db", "env-user", "9s"
	c, _ = resolveConfig(globalFlags{}, getenv)
	if c.DBPath != "/from/env.db" || c.Actor != "env-user" || c.LockTimeout != 9*time.Second {
		t.Errorf("env = %+v", c)
	}

	// Flags beat everything.
	c, _ = resolveConfig(globalFlags{db: "/from/flag.db", actor: "flag-user", lockTimeout: "1s"}, getenv)
	if c.DBPath != "/from/flag.db" || c.Actor != "flag-user" || c.LockTimeout != time.Second {
		t.Errorf("flags = %+v", c)
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	none := func(string) string { return "" }
	file := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(file, []byte("databse: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		flags globalFlags
		want  string
	}{
		{globalFlags{config: file}, `line 1: unknown key "databse" (the keys are db, `},
		{globalFlags{config: filepath.Join(dir, "missing.yaml")}, "config file"},
		{globalFlags{lockTimeout: "-1s"}, "not a positive duration"},
		{globalFlags{logLevel: "loud"}, `log level "loud"`},
	}
	for _, tc := range tests {
		_, err := resolveConfig(tc.flags, none)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want %q", tc.flags, err, tc.want)
		}
	}
}
