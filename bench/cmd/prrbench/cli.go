package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/bench/floor"
	"github.com/prr-dev/prr/review/store"
)

// cliFigures are one database's samples of the whole-process figures.
type cliFigures struct {
	version, answer, floor, show, export, list sample // seconds
	answerRSS, showRSS, exportRSS              sample // bytes
}

// measureCLI runs prr as a script or a person at a shell would, each
// command a whole process of the release build: prr answer on the meeting
// review, prr show --json and prr export of the record review, prr list
// --json, and the floors prr --version and boltfloor. One round runs each
// of them once on every database, smallest first, so that the databases
// and the floors see the same noise; one unmeasured round comes first, to
// bring the binaries and the files into the page cache as in daily use.
// A round takes well under a second, so it takes fastRounds rounds for
// each of --runs.
func (s *suite) measureCLI() []row {
	figs := make([]cliFigures, len(s.dbs))
	for round := -1; round < s.runs*fastRounds; round++ {
		for i, d := range s.dbs {
			if err := s.cliRound(d, &figs[i], round >= 0); err != nil {
				return []row{errRow("prr answer, show, export and list", err)}
			}
		}
	}
	var rows []row
	for i, d := range s.dbs {
		f := figs[i]
		metric := fmt.Sprintf("prr answer, %s reviews (floor: prr --version + bbolt's own write of the same keys)", count(d.size))
		if floor.Schema != store.SchemaVersion() {
			rows = append(rows, errRow(metric, fmt.Errorf("bench/floor describes what an answer writes in schema %d and the store is at schema %d: describe the new layout in floor.AnswerWrites", floor.Schema, store.SchemaVersion())))
			continue
		}
		base := make(sample, len(f.version))
		for j := range base {
			base[j] = f.version[j] + f.floor[j]
		}
		rows = append(rows, ratioRow(metric, f.answer, base, dur, 1.5))
	}
	small := figs[0]
	for i, d := range s.dbs[1:] {
		f := figs[i+1]
		vs := fmt.Sprintf("%s vs %s reviews", count(d.size), count(s.dbs[0].size))
		rows = append(rows,
			ratioRow("prr answer, "+vs, f.answer, small.answer, dur, 1.2),
			ratioRow("prr show --json, "+vs, f.show, small.show, dur, 1.2),
			ratioRow("prr export, "+vs, f.export, small.export, dur, 1.2),
			deltaRow("  peak RSS of prr answer, "+vs, f.answerRSS, small.answerRSS, mb, 5e6),
			deltaRow("  peak RSS of prr show --json, "+vs, f.showRSS, small.showRSS, mb, 5e6),
			deltaRow("  peak RSS of prr export, "+vs, f.exportRSS, small.exportRSS, mb, 5e6),
		)
	}
	for i, d := range s.dbs {
		f := figs[i]
		rows = append(rows,
			infoRow(fmt.Sprintf("  prr show --json, %s reviews, vs prr --version (info)", count(d.size)), f.show, f.version, dur),
			infoRow(fmt.Sprintf("  prr export, %s reviews, vs prr --version (info)", count(d.size)), f.export, f.version, dur),
			infoRow(fmt.Sprintf("  prr list --json, %s reviews, vs prr --version (info)", count(d.size)), f.list, f.version, dur),
		)
	}
	return rows
}

// cliRound runs every command once on d, adding to f if keep is set.
func (s *suite) cliRound(d *database, f *cliFigures, keep bool) error {
	prr := s.binPath("prr")
	version, err := s.runProc(prr, []string{"--version"}, d.env, false)
	if err != nil {
		return err
	}
	args, item, events := d.meet.cliAnswer()
	answer, err := s.runProc(prr, args, d.env, false)
	if err != nil {
		return err
	}
	var ns int64
	if floor.Schema == store.SchemaVersion() {
		fl, err := s.runProc(s.binPath("boltfloor"), []string{"-db", d.path, "-review", d.meet.id, "-item", item, "-events", strconv.Itoa(events)}, d.env, true)
		if err != nil {
			return err
		}
		if ns, err = strconv.ParseInt(strings.TrimSpace(fl.out), 10, 64); err != nil {
			return fmt.Errorf("boltfloor printed %q, not nanoseconds", fl.out)
		}
	}
	show, err := s.runProc(prr, []string{"show", d.man.RecordID, "--json"}, d.env, false)
	if err != nil {
		return err
	}
	export, err := s.runProc(prr, []string{"export", d.man.RecordID}, d.env, false)
	if err != nil {
		return err
	}
	list, err := s.runProc(prr, []string{"list", "--json"}, d.env, false)
	if err != nil {
		return err
	}
	if !keep {
		return nil
	}
	f.version = append(f.version, version.wall.Seconds())
	f.floor = append(f.floor, time.Duration(ns).Seconds())
	f.answer, f.answerRSS = append(f.answer, answer.wall.Seconds()), append(f.answerRSS, answer.rss)
	f.show, f.showRSS = append(f.show, show.wall.Seconds()), append(f.showRSS, show.rss)
	f.export, f.exportRSS = append(f.export, export.wall.Seconds()), append(f.exportRSS, export.rss)
	f.list = append(f.list, list.wall.Seconds())
	return nil
}

// count prints a number of reviews with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
