package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// suite is one run of the measurements.
type suite struct {
	db     string   // the generated 10,000-review database
	bin    string   // folder with prr, hello and tui.test
	work   string   // scratch folder for the floors' own files
	tuiDir string   // the tui package's folder, where tui.test runs
	runs   int      // samples per figure
	env    []string // environment of child processes
	man    manifest
}

func (s *suite) binPath(name string) string { return filepath.Join(s.bin, name) }

func measureMain(args []string) int {
	fs := flag.NewFlagSet("measure", flag.ExitOnError)
	db := fs.String("db", "", "the generated database")
	bin := fs.String("bin", "", "folder holding the prr, hello and tui.test binaries")
	runs := fs.Int("runs", 7, "samples per figure")
	src := fs.String("src", ".", "the repository (tui.test runs in its tui folder)")
	only := fs.String("only", "", "run only these measurements, comma-separated: frame, list, open, answer, export, walk")
	_ = fs.Parse(args)
	if *db == "" || *bin == "" {
		usage()
	}
	s := &suite{db: *db, bin: *bin, work: filepath.Join(filepath.Dir(*db), "scratch"), runs: max(*runs, 3), tuiDir: filepath.Join(*src, "tui")}
	var err error
	if s.man, err = loadManifest(*db); err != nil {
		fmt.Fprintln(os.Stderr, "prrbench measure: no generated database:", err)
		return 1
	}
	if err := os.MkdirAll(s.work, 0o700); err != nil {
		fmt.Fprintln(os.Stderr, "prrbench measure:", err)
		return 1
	}
	if s.env, err = childEnv(s.work, *db); err != nil {
		fmt.Fprintln(os.Stderr, "prrbench measure:", err)
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
	fmt.Println()
	printTable(os.Stdout, rows)
	fmt.Printf("\nn = samples of each side (fewer for slow figures, never under 3); batched figures average %d-%d calls a sample.\n", answerBatch, openBatch)
	fmt.Printf("Database: %d reviews, %.0f MB, generated through the store API in %.1fs (%d by Store.Put in %.1fs, %d call by call with %d calls in %.1fs).\n",
		s.man.Reviews, float64(s.man.Bytes)/1e6, (s.man.Bulk + s.man.LiveTime).Seconds(),
		s.man.Reviews-s.man.Live, s.man.Bulk.Seconds(), s.man.Live, s.man.LiveCalls, s.man.LiveTime.Seconds())
	for _, r := range rows {
		if r.failed() {
			return 1
		}
	}
	return 0
}

// measurements run in this order: reads of the generated database first,
// then the write that changes it, then the in-process CPU-bound figures.
var measurements = []struct {
	name string
	run  func(*suite) []row
}{
	{"frame", (*suite).measureFirstFrame},
	{"list", (*suite).measureList},
	{"open", (*suite).measureOpen},
	{"answer", (*suite).measureAnswer},
	{"export", (*suite).measureExport},
	{"walk", (*suite).measureKeyPress},
}
