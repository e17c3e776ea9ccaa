package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// Report is what Doctor found. OK means no findings.
type Report struct {
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	Schema   int       `json:"schema"`
	Reviews  int       `json:"reviews"`
	Findings []Finding `json:"findings"`
	OK       bool      `json:"ok"`
}

// Finding is one problem, with the review it concerns if any.
type Finding struct {
	Review  string `json:"review,omitempty"`
	Problem string `json:"problem"`
}

func (f Finding) String() string {
	if f.Review != "" {
		return "review " + f.Review + ": " + f.Problem
	}
	return f.Problem
}

// String prints the report for a terminal: one summary line, then one
// line per finding.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: schema v%d, %d review(s), %d bytes: ", r.Path, r.Schema, r.Reviews, r.Size)
	if r.OK {
		b.WriteString("no problems found")
		return b.String()
	}
	if len(r.Findings) == 1 {
		b.WriteString("1 problem")
	} else {
		fmt.Fprintf(&b, "%d problems", len(r.Findings))
	}
	for _, f := range r.Findings {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

func (r *Report) add(reviewID, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Review: reviewID, Problem: fmt.Sprintf(format, args...)})
}

// Doctor checks the database and reports what it finds; it changes
// nothing. It checks the page structure with plain reads first (so a
// damaged file cannot crash it), then runs bbolt's consistency check
// (tx.Check), then the schema: the marker and version, that every review
// decodes, that its answers belong to items of its own template snapshot
// and pass the domain's validation, that its sign-offs and history decode,
// and that every summary matches its review (and exists only for one).
//
// The error is for when the check could not run at all (the database is
// busy or gone); problems in the file are findings, with OK false.
func (s *Store) Doctor() (Report, error) {
	if err := s.lockShared(); err != nil {
		return Report{}, err
	}
	defer s.mu.RUnlock()
	return inspect(s.path, s.opts.LockTimeout, s.now())
}

// inspect is Doctor on any prr database file; Backup uses it on the copy.
func inspect(path string, timeout time.Duration, now time.Time) (Report, error) {
	rep := Report{Path: path, Findings: []Finding{}}
	sess, err := openSession(path, sessionOptions{readOnly: true, timeout: timeout, preloadFreelist: true})
	if err != nil {
		if isFileProblem(err) {
			rep.add("", "%v", err)
			return rep, nil
		}
		return rep, err
	}
	defer sess.close()
	rep.Size = sess.hdr.size
	for i, e := range sess.hdr.metaErr {
		if e != nil {
			rep.add("", "meta page %d is damaged (%v); bbolt uses the other one (transaction %d) and rewrites this one with the next change",
				i, e, sess.hdr.current().txid)
		}
	}
	err = sess.view(func(tx *bolt.Tx) error {
		if problems := walkFile(sess.file, sess.hdr); len(problems) > 0 {
			for _, p := range problems {
				rep.add("", "page structure: %s", p)
			}
			rep.add("", "bbolt's consistency check and the schema checks were skipped: the page structure is broken")
			return nil
		}
		for err := range tx.Check() {
			rep.add("", "bbolt consistency check: %v", err)
		}
		checkSchema(tx, now, &rep)
		return nil
	})
	if err != nil {
		if !isFileProblem(err) {
			return rep, err
		}
		rep.add("", "%v", err)
	}
	rep.OK = len(rep.Findings) == 0
	return rep, nil
}

// isFileProblem tells a damaged or foreign file (a finding) from a failure
// to look at it at all (an error).
func isFileProblem(err error) bool {
	return errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotDatabase)
}

// checkSchema adds a finding for everything in the database that is not as
// this prr writes it.
func checkSchema(tx *bolt.Tx, now time.Time, rep *Report) {
	info, err := readSchema(tx)
	switch {
	case err != nil:
		rep.add("", "%v", err)
	case !info.isPrr:
		rep.add("", "the prr marker is missing: this is not a prr database")
		return
	case info.version != len(migrations()):
		rep.add("", "the schema is v%d; this prr writes v%d", info.version, len(migrations()))
	}
	rep.Schema = info.version
	reviews := tx.Bucket(bucketReviews)
	sums := tx.Bucket(bucketSummaries)
	if reviews == nil || sums == nil {
		rep.add("", "the reviews or summaries bucket is missing")
		return
	}
	_ = reviews.ForEach(func(k, v []byte) error {
		id := string(k)
		if v != nil || reviews.Bucket(k) == nil {
			rep.add(shorten(id), "a stray value where a review bucket belongs")
			return nil
		}
		rep.Reviews++
		checkReview(reviews.Bucket(k), id, reviews.Sequence(), sums, now, rep)
		return nil
	})
	_ = sums.ForEach(func(k, _ []byte) error {
		if reviews.Bucket(k) == nil {
			rep.add(shorten(string(k)), "a summary of a review that does not exist")
		}
		return nil
	})
}

// checkReview checks one review's records and its summary.
func checkReview(rb *bolt.Bucket, id string, dbRev uint64, sums *bolt.Bucket, now time.Time, rep *Report) {
	if len(id) != review.IDLength || !review.ValidIDPrefix(id) {
		rep.add(shorten(id), "the id is not a valid review id")
	}
	for _, name := range [][]byte{bucketSnapshot, bucketAnswers, bucketSignOffs, bucketHistory} {
		if rb.Bucket(name) == nil {
			rep.add(id, "the %s bucket is missing", name)
			return
		}
	}
	if rev, err := decodeUint(rb.Get(keyRev)); err != nil || rev > dbRev {
		rep.add(id, "the revision counter is missing or ahead of the database's")
	}
	r, err := loadReview(rb, id)
	if err != nil {
		rep.add(id, "%v", err)
		return
	}
	for itemID, a := range r.Answers {
		it, _, ok := r.Template.Find(itemID)
		if !ok {
			rep.add(id, "an answer to %q, an item its template %s v%d does not have", shorten(itemID), r.Template.ID, r.Template.Version)
			continue
		}
		if err := a.Validate(it); err != nil {
			rep.add(id, "invalid answer: %v", err)
		}
	}
	for _, so := range r.SignOffs {
		if err := so.Validate(); err != nil {
			rep.add(id, "invalid sign-off by %s: %v", shorten(so.Name), err)
		}
	}
	if _, err := loadHistory(rb, id); err != nil {
		rep.add(id, "%v", err)
	}
	stored := sums.Get([]byte(id))
	if stored == nil {
		rep.add(id, "the summary is missing: prr list does not show this review")
		return
	}
	rec, err := decodeSummary(stored)
	if err != nil {
		rep.add(id, "the summary does not decode: %v", err)
		return
	}
	// The record does not depend on when it was written (see summarize), so
	// one derived now must match it exactly, verdict timeline included.
	want := review.Summarize(r, nil, now)
	if diff := summaryDiff(rec.Summary, want.Summary); diff != "" {
		rep.add(id, "the summary does not match the review: %s", diff)
	}
	if !slices.Equal(rec.Changes, want.Changes) {
		rep.add(id, "the summary's verdicts after waiver expiries are %v, the review says %v", rec.Changes, want.Changes)
	}
}

// summaryDiff names the fields in which a stored summary differs from the
// one derived from the review, comparing their JSON forms.
func summaryDiff(stored, want review.Summary) string {
	var a, b map[string]any
	sa, _ := json.Marshal(stored)
	sb, _ := json.Marshal(want)
	if bytes.Equal(sa, sb) {
		return ""
	}
	_ = json.Unmarshal(sa, &a)
	_ = json.Unmarshal(sb, &b)
	keys := slices.Sorted(maps.Keys(b))
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	var diffs []string
	for _, k := range keys {
		if !reflect.DeepEqual(a[k], b[k]) {
			diffs = append(diffs, fmt.Sprintf("%s is %v, the review says %v", k, a[k], b[k]))
		}
	}
	return strings.Join(diffs, "; ")
}
