// Command prrbench is prr's benchmark suite, driven by bench/run. It
// measures what a user meets — whole prr processes, the TUI in a terminal,
// the database file — each figure against a floor measured in the same
// run on the same machine, and prints one table.
//
//	prrbench gen -db FILE [-n 10000] [-live 20] [-check]
//	    make a database of n reviews through the store's API
//	prrbench measure -dbs SMALL,LARGE[,...] -bin DIR -work DIR [-runs 7] [-only ...]
//	    measure everything against its floor, print the table, and exit 1
//	    if a figure misses its goal
//	prrbench profile -db FILE -op list|get|answer|export [-o cpu.prof]
//	    repeat one operation in this process under the CPU profiler
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
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
	live := fs.Int("live", 20, "how many of the newest reviews are written call by call, as a meeting does")
	check := fs.Bool("check", false, "only say whether the database can be reused: exit 0 if so, 1 if not")
	_ = fs.Parse(args)
	if *db == "" {
		usage()
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
	fmt.Fprintf(os.Stderr, "prrbench: generated %d reviews (%.0f MB) in %.1fs\n", m.Reviews, float64(m.Bytes)/1e6, time.Since(t0).Seconds())
	return 0
}
