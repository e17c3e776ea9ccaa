// Command boltfloor is the floor of `prr answer` in bench/run: bbolt
// alone opens the database file, makes the writes of one answer in one
// synced transaction (bench/floor), and closes it. It prints how long that
// took, in nanoseconds, timed inside the process, so that the suite can add
// it to the start of a process (`prr --version`) without counting a start
// twice.
//
//	boltfloor -db FILE -review ID -item ITEM [-events N]
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/bench/floor"
)

func main() {
	db := flag.String("db", "", "the prr database")
	reviewID := flag.String("review", "", "the review's full id")
	itemID := flag.String("item", "", "the item's id")
	events := flag.Int("events", 1, "how many audit events the answer appended")
	flag.Parse()
	if *db == "" || *reviewID == "" || *itemID == "" {
		fmt.Fprintln(os.Stderr, "usage: boltfloor -db FILE -review ID -item ITEM")
		os.Exit(2)
	}
	start := time.Now()
	err := write(*db, *reviewID, *itemID, *events)
	took := time.Since(start)
	if err != nil {
		fmt.Fprintln(os.Stderr, "boltfloor:", err)
		os.Exit(1)
	}
	fmt.Println(took.Nanoseconds())
}

// write is the timed work: open, one update, close.
func write(path, reviewID, itemID string, events int) error {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 3 * time.Second})
	if err != nil {
		return err
	}
	err = db.Update(func(tx *bolt.Tx) error { return floor.Rewrite(tx, reviewID, itemID, events) })
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}
