package main

import (
	"os"
	"path/filepath"
)

// childEnv is the environment prr and the floor programs run in: their own
// XDG folders under work (so no config, template or log of the machine's
// user is read), the generated database, and a 256-colour terminal.
func childEnv(work, db string) ([]string, error) {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"TERM=xterm-256color",
		"LANG=C.UTF-8",
		"PRR_DB=" + db,
		"PRR_ACTOR=bench",
	}
	for _, d := range []struct{ name, dir string }{
		{"HOME", "home"}, {"XDG_CONFIG_HOME", "config"}, {"XDG_DATA_HOME", "data"},
		{"XDG_STATE_HOME", "state"}, {"XDG_CACHE_HOME", "cache"},
	} {
		dir := filepath.Join(work, "env", d.dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		env = append(env, d.name+"="+dir)
	}
	return env, nil
}
