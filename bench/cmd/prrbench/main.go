// Command prrbench is prr's benchmark suite, driven by bench/run. It holds
// every figure against a floor measured in the same run on the same
// machine, and prints one table.
//
//	prrbench gen -db FILE [-n 10000] [-live 20] [-check]
//	    make a database of n reviews through the store's API
//	prrbench measure -db FILE -bin DIR [-runs 7]
//	    measure everything against its floor, print the table, and exit 1
//	    if a ratio misses its goal
//	prrbench profile -db FILE -op list|open|answer|export -o cpu.prof
//	    repeat one operation under the CPU profiler
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/prr-dev/prr/review/store"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "gen":
		os.Exit(genMain(os.Args[2:]))
	case "measure":
		os.Exit(measureMain(os.Args[2:]))
	case "profile":
		os.Exit(profileMain(os.Args[2:]))
	}
	usage()
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: prrbench gen|measure|profile [flags]; see go doc ./bench/cmd/prrbench")
	os.Exit(2)
}

func genMain(args []string) int {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	db := fs.String("db", "", "database file to create")
	n := fs.Int("n", 10_000, "number of reviews")
	live := fs.Int("live", 20, "how many of the newest reviews are written call by call, as the TUI does")
	prof := fs.String("cpuprofile", "", "write a CPU profile of the generation to this file")
	check := fs.Bool("check", false, "only say whether the database can be reused: exit 0 if so, 1 if not")
	_ = fs.Parse(args)
	if *db == "" {
		usage()
	}
	if *prof != "" {
		stop, err := startProfile(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, "prrbench gen:", err)
			return 1
		}
		defer stop()
	}
	if reusable(*db, *n) {
		fmt.Fprintf(os.Stderr, "prrbench: reusing %s (%d reviews)\n", *db, *n)
		return 0
	}
	if *check {
		return 1
	}
	t0 := time.Now()
	m, err := generate(*db, *n, *live)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prrbench gen:", err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "prrbench: generated %d reviews (%.0f MB) in %.1fs: %d imported in %.1fs (%.2f ms each), %d written call by call in %.1fs (%d calls, %.2f ms each)\n",
		m.Reviews, float64(m.Bytes)/1e6, time.Since(t0).Seconds(),
		m.Reviews-m.Live, m.Bulk.Seconds(), ms(m.Bulk)/float64(max(m.Reviews-m.Live, 1)),
		m.Live, m.LiveTime.Seconds(), m.LiveCalls, ms(m.LiveTime)/float64(max(m.LiveCalls, 1)))
	return 0
}

// reusable reports whether db was generated with n reviews in the store's
// current layout. One made in an older layout would be migrated on first
// open, inside a measurement, and would not be what this prr writes.
func reusable(db string, n int) bool {
	m, err := loadManifest(db)
	return err == nil && m.Reviews == n && m.Schema == store.SchemaVersion()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
