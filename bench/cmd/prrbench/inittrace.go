package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"slices"
	"strconv"
	"strings"
)

// initTrace is what GODEBUG=inittrace=1 says about one start of a
// program: the packages whose initialisation ran, and its total clock
// time.
type initTrace struct {
	packages []string
	clock    float64 // seconds
}

// traceInit runs bin with args under GODEBUG=inittrace=1. The runtime
// prints one line per package that has initialisation work:
//
//	init charm.land/glamour/v2 @12 ms, 0.52 ms clock, 8 bytes, 1 allocs
func traceInit(bin string, args, env []string) (initTrace, error) {
	var stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env, cmd.Stderr = append(env, "GODEBUG=inittrace=1"), &stderr
	if err := cmd.Run(); err != nil {
		return initTrace{}, fmt.Errorf("%s %v: %w", bin, args, err)
	}
	t, err := parseInitTrace(stderr.String())
	if err != nil {
		return t, fmt.Errorf("%s: %w", bin, err)
	}
	return t, nil
}

// parseInitTrace reads the lines of GODEBUG=inittrace=1, skipping any
// other output.
func parseInitTrace(out string) (initTrace, error) {
	var t initTrace
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[0] != "init" || f[5] != "ms" || f[6] != "clock," {
			continue
		}
		ms, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			return t, fmt.Errorf("inittrace line %q: %w", line, err)
		}
		t.packages = append(t.packages, f[1])
		t.clock += ms / 1e3
	}
	if len(t.packages) == 0 {
		return t, fmt.Errorf("no init trace")
	}
	return t, nil
}

// measureInit compares the package initialisation of prr (prr --version)
// and hello (hello -init), which the first-frame and idle figures take to
// be equal. It is an error when prr initialises a package from outside prr
// that hello does not: the floor would then be cheaper than it should be.
func (s *suite) measureInit() []row {
	const metric = "  package initialisation before main, prr vs hello (GODEBUG=inittrace=1, info)"
	env := s.dbs[0].env
	var prr, hello sample
	var missing []string
	for round := -1; round < s.runs*fastRounds; round++ {
		p, err := traceInit(s.binPath("prr"), []string{"--version"}, env)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		h, err := traceInit(s.binPath("hello"), []string{"-init"}, env)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		for _, pkg := range p.packages {
			own := pkg == "main" || strings.HasPrefix(pkg, "github.com/prr-dev/prr/") // prr's main is cmd/prr
			if !own && !slices.Contains(h.packages, pkg) && !slices.Contains(missing, pkg) {
				missing = append(missing, pkg)
			}
		}
		if round >= 0 {
			prr, hello = append(prr, p.clock), append(hello, h.clock)
		}
	}
	r := infoRow(metric, prr, hello, dur)
	if len(missing) > 0 {
		r.err = fmt.Errorf("prr initialises packages hello does not link (add them to bench/hello/imports.go): %s", strings.Join(missing, " "))
	}
	return []row{r}
}
