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

// profileMain repeats, in this process, the store and export work behind
// one of the whole-process figures under the CPU profiler, to find where a
// figure that misses its goal spends its time:
//
//	prrbench profile -db FILE -op list|get|answer|export -o cpu.prof
//	go tool pprof -top prrbench cpu.prof
//
// answer opens the store, answers an item of a meeting review and closes
// the store each time, as one prr answer does; the meeting review is made
// first and deleted afterwards. get and export read the record review.
func profileMain(args []string) int {
	fs := flag.NewFlagSet("profile", flag.ExitOnError)
	db := fs.String("db", "", "a generated database")
	op := fs.String("op", "", "list, get, answer or export")
	out := fs.String("o", "cpu.prof", "where to write the CPU profile")
	span := fs.Duration("for", 5*time.Second, "how long to repeat the operation")
	_ = fs.Parse(args)
	fn, done, err := profiledOp(*op, *db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "prrbench profile:", err)
		return 1
	}
	defer done()
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

// profiledOp returns the operation to repeat, and what to do afterwards.
func profiledOp(op, db string) (func() error, func(), error) {
	m, err := loadManifest(db)
	if err != nil {
		return nil, nil, fmt.Errorf("no generated database: %w", err)
	}
	nothing := func() {}
	if op == "answer" {
		meet, err := startMeeting(db)
		if err != nil {
			return nil, nil, err
		}
		n := 0
		return func() error {
			n++
			st, err := store.Open(db, store.Options{Actor: actor})
			if err != nil {
				return err
			}
			defer st.Close()
			item := meet.items[len(meet.items)-1-n%meet.open()].ID
			_, err = st.UpdateAnswer(meet.id, item, func(a *review.Answer) error {
				a.Status, a.Note = review.Pass, fmt.Sprintf("Looked at again in the meeting (%d).", n)
				return nil
			})
			return err
		}, func() { _ = meet.end(db) }, nil
	}
	st, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	switch op {
	case "list":
		return func() error { _, err := st.List(); return err }, nothing, nil
	case "get":
		return func() error { _, err := st.Get(m.RecordID); return err }, nothing, nil
	case "export":
		return func() error {
			r, err := st.Get(m.RecordID)
			if err != nil {
				return err
			}
			return export.Markdown(io.Discard, r, export.Options{Version: "bench"})
		}, nothing, nil
	}
	return nil, nil, fmt.Errorf("unknown operation %q: use list, get, answer or export", op)
}
