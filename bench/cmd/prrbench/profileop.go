package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/store"
)

// profileMain repeats one in-process operation under the CPU profiler, to
// find out where a figure that misses its goal spends its time:
//
//	prrbench profile -db FILE -op list|open|answer|export -o cpu.prof
//	go tool pprof -top prrbench cpu.prof
func profileMain(args []string) int {
	fs := flag.NewFlagSet("profile", flag.ExitOnError)
	db := fs.String("db", "", "the generated database (answer writes to it)")
	op := fs.String("op", "", "list, open, answer or export")
	out := fs.String("o", "cpu.prof", "where to write the CPU profile")
	span := fs.Duration("for", 5*time.Second, "how long to repeat the operation")
	_ = fs.Parse(args)
	fn, err := profiledOp(*op, *db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prrbench profile:", err)
		return 1
	}
	stop, err := startProfile(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prrbench profile:", err)
		return 1
	}
	n, start := 0, time.Now()
	for time.Since(start) < *span {
		if err := fn(); err != nil {
			stop()
			fmt.Fprintln(os.Stderr, "prrbench profile:", err)
			return 1
		}
		n++
	}
	stop()
	fmt.Fprintf(os.Stderr, "prrbench: %s ran %d times, %s each; profile in %s\n", *op, n, dur(time.Since(start).Seconds()/float64(n)), *out)
	return 0
}

func profiledOp(op, db string) (func() error, error) {
	switch op {
	case "export":
		r, err := bigReview(1000)
		if err != nil {
			return nil, err
		}
		return func() error { return export.Markdown(io.Discard, r, export.Options{Version: "bench"}) }, nil
	case "open":
		return func() error { _, err := store.Open(db, store.Options{}); return err }, nil
	}
	m, err := loadManifest(db)
	if err != nil {
		return nil, fmt.Errorf("no generated database: %w", err)
	}
	st, err := store.Open(db, store.Options{Actor: "bench"})
	if err != nil {
		return nil, err
	}
	switch op {
	case "list":
		return func() error { _, err := st.List(); return err }, nil
	case "answer":
		r, err := st.Get(m.TopID)
		if err != nil {
			return nil, err
		}
		item, n := r.Template.Items()[0].ID, 0
		return func() error {
			n++
			_, err := st.UpdateAnswer(r.ID, item, func(a *review.Answer) error {
				a.Status, a.Note = review.Pass, fmt.Sprintf("Checked in the meeting, take %d.", n)
				return nil
			})
			return err
		}, nil
	}
	return nil, fmt.Errorf("unknown operation %q: use list, open, answer or export", op)
}
