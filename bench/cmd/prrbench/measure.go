package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// database is one generated database the suite measures on.
type database struct {
	size int
	path string
	man  manifest
	env  []string // of prr processes on it
	meet *meeting
}

// suite is one run of the measurements.
type suite struct {
	dbs      []*database // the smallest first
	bin      string      // folder with prr, hello and boltfloor
	work     string      // scratch folder
	runs     int         // samples per figure
	helloEnv []string
}

func (s *suite) binPath(name string) string { return filepath.Join(s.bin, name) }

// fastRounds is how many samples a figure whose sample takes well under a
// second (a whole process, a first frame) takes for each of --runs: a
// ratio of two whole processes moves more with the machine's load than an
// in-process figure, and more samples steady its median.
const fastRounds = 3

// measurements run in this order. Each is named for --only.
var measurements = []struct {
	name string
	run  func(*suite) []row
}{
	{"init", (*suite).measureInit},
	{"frame", (*suite).measureFirstFrame},
	{"cli", (*suite).measureCLI},
	{"keys", (*suite).measureKeySaved},
	{"idle", (*suite).measureIdle},
	{"bytes", (*suite).measureFileBytes},
	{"serve", (*suite).measureServe},
}

func measureMain(args []string) int {
	fs := flag.NewFlagSet("measure", flag.ExitOnError)
	dbs := fs.String("dbs", "", "the generated databases, comma-separated: the smallest is the baseline")
	bin := fs.String("bin", "", "folder holding the prr, hello and boltfloor binaries")
	work := fs.String("work", "", "scratch folder")
	runs := fs.Int("runs", 7, "samples per figure (at least 3)")
	only := fs.String("only", "", "run only these, comma-separated: "+measurementNames())
	_ = fs.Parse(args)
	if *dbs == "" || *bin == "" || *work == "" {
		usage()
	}
	s := &suite{bin: *bin, work: *work, runs: max(*runs, 3)}
	if err := s.setUp(strings.Split(*dbs, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "prrbench measure:", err)
		s.tearDown()
		return 1
	}
	want := map[string]bool{}
	for _, name := range strings.Split(*only, ",") {
		if name = strings.TrimSpace(name); name != "" {
			want[name] = true
		}
	}
	var rows []row
	for _, m := range measurements {
		if len(want) > 0 && !want[m.name] {
			continue
		}
		t0 := time.Now()
		rows = append(rows, m.run(s)...)
		fmt.Fprintf(os.Stderr, "prrbench: %s measured in %.1fs\n", m.name, time.Since(t0).Seconds())
	}
	if err := s.tearDown(); err != nil {
		rows = append(rows, errRow("delete the meeting reviews", err))
	}
	fmt.Println()
	printTable(os.Stdout, rows)
	fmt.Printf("\nMedians, with min–max and the number of samples; prr and its floor take turns in each round. Release build (CGO_ENABLED=0, -trimpath, -s -w), terminal %dx%d.\n", termCols, termRows)
	for _, d := range s.dbs {
		fmt.Printf("Database of %s reviews: %.0f MB, generated through the store API in %.1fs.\n", count(d.size), float64(d.man.Bytes)/1e6, d.man.Took.Seconds())
	}
	if slices.ContainsFunc(rows, row.failed) {
		return 1
	}
	return 0
}

// setUp reads the databases' manifests and makes the meeting review in
// each.
func (s *suite) setUp(paths []string) error {
	if err := os.MkdirAll(s.work, 0o700); err != nil {
		return err
	}
	var err error
	if s.helloEnv, err = childEnv(s.work, filepath.Join(s.work, "none.db")); err != nil {
		return err
	}
	for _, p := range paths {
		m, err := loadManifest(p)
		if err != nil {
			return fmt.Errorf("no generated database at %s: %w", p, err)
		}
		env, err := childEnv(s.work, p)
		if err != nil {
			return err
		}
		s.dbs = append(s.dbs, &database{size: m.Reviews, path: p, man: m, env: env})
	}
	if len(s.dbs) < 2 {
		return fmt.Errorf("give at least two databases, the small baseline first")
	}
	slices.SortFunc(s.dbs, func(a, b *database) int { return a.size - b.size })
	for _, d := range s.dbs {
		if err := readThrough(d.path); err != nil {
			return err
		}
		if d.meet, err = startMeeting(d.path); err != nil {
			return fmt.Errorf("%s: make the meeting review: %w", d.path, err)
		}
	}
	return nil
}

// readThrough reads a whole file once, so that all of it is in the page
// cache, as a database used every day is. It matters beyond time: a page
// that prr's mapping of the file touches counts in its resident memory, and
// the kernel maps the cached pages around it too, so a command's peak
// memory depends on how much of the file is cached. Generating a large
// database pushes the others out of the cache; without this their figures
// would depend on what ran before.
func readThrough(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(io.Discard, f)
	return err
}

// tearDown deletes the meeting reviews, so the next run starts from the
// same files.
func (s *suite) tearDown() error {
	var first error
	for _, d := range s.dbs {
		if d.meet == nil {
			continue
		}
		if err := d.meet.end(d.path); err != nil && first == nil {
			first = fmt.Errorf("%s: %w", d.path, err)
		}
	}
	return first
}

func measurementNames() string {
	var names []string
	for _, m := range measurements {
		names = append(names, m.name)
	}
	return strings.Join(names, ", ")
}
