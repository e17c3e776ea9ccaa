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
	"github.com/prr-dev/prr/review/store/internal/boltpage"
)

// Report is what Doctor found. OK means no findings.
type Report struct {
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	Schema   int       `json:"schema"`
	Reviews  int       `json:"reviews"`
	Findings []Finding `json:"findings"`
	// RolledBack: the file opens at an older commit than its newest (see
	// ErrRolledBack and AcceptRollback); the findings say what is lost.
	RolledBack bool `json:"rolled_back"`
	OK         bool `json:"ok"`
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

// Doctor checks the whole database and reports what it finds; it changes
// nothing. It checks the page structure with plain reads first
// (boltpage.Walk, so a damaged file cannot crash it), then runs bbolt's
// consistency check (tx.Check), then the schema: the marker and version,
// that every review's record and template snapshot decode (the snapshot
// matching its hash), that its answers belong to items of its snapshot and
// pass the domain's validation, that its sign-offs and history decode, that
// its history is an unbroken hash chain to the head its record names and
// its signatures verify (review.CheckIntegrity), that
// every summary matches its review (and exists only for one), and that
// every snapshot is counted once for each review that uses it. It also
// says whether the file is rolled back (see ErrRolledBack).
//
// The error is for when the check could not run at all (the database is
// busy or gone); problems in the file are findings, with OK false.
func (s *Store) Doctor() (Report, error) {
	unlock, err := s.lockRead()
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	if s.kept != nil {
		return s.inspectHandle(s.kept), nil
	}
	return s.inspect(s.path)
}

// inspect is Doctor on any prr database file; Backup uses it on the copy.
func (s *Store) inspect(path string) (Report, error) {
	h, err := openHandle(path, false, s.opts.LockTimeout)
	if err != nil {
		if isFileProblem(err) {
			rep := Report{Path: path, Findings: []Finding{}}
			rep.add("", "%v", err)
			return rep, nil
		}
		return Report{Path: path}, err
	}
	defer h.close()
	return s.inspectHandle(h), nil
}

// inspectHandle is Doctor on the file h has open.
func (s *Store) inspectHandle(h *handle) Report {
	path := h.path
	rep := Report{Path: path, Findings: []Finding{}}
	err := h.view(func(tx *bolt.Tx) error {
		// A kept handle was opened before this store's later commits: read
		// the header as it is now (the store's lock keeps writes out).
		fi, err := h.file.Stat()
		if err != nil {
			return err
		}
		hdr, err := boltpage.ReadHeader(h.file, fi.Size())
		if err != nil {
			return headerError(path, h.file, err)
		}
		rep.Size = hdr.Size
		if problems := boltpage.Walk(h.file, hdr); len(problems) > 0 {
			for _, p := range problems {
				rep.add("", "page structure: %s", p)
			}
			rep.add("", "bbolt's consistency check and the schema checks were skipped: the page structure is broken")
			return nil
		}
		for err := range tx.Check() {
			rep.add("", "bbolt consistency check: %v", err)
		}
		t := newTxn(tx, path, false)
		s.checkContents(t, &rep)
		metaFindings(hdr, t, &rep)
		return nil
	})
	if err != nil {
		rep.add("", "%v", err) // bbolt failed on a page the walk passed
	}
	rep.OK = len(rep.Findings) == 0
	return rep
}

// isFileProblem tells a damaged or foreign file (a finding) from a failure
// to look at it at all (an error).
func isFileProblem(err error) bool {
	return errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotDatabase)
}

// metaFindings reports a damaged meta page: what it means, and for a
// rollback what is lost and what the file still holds.
func metaFindings(hdr *boltpage.Header, t *txn, rep *Report) {
	bad := 1 - hdr.Use
	if hdr.MetaErr[bad] == nil {
		return
	}
	cur := hdr.Current().Txid
	if !hdr.RolledBack() {
		rep.add("", "meta page %d is damaged (%v); it held the commit before the current one (transaction %d), so nothing is lost, and bbolt rewrites it with the next change",
			bad, hdr.MetaErr[bad], cur)
		return
	}
	rep.RolledBack = true
	lost := "the newest commit"
	if tx := hdr.LostTxid(); tx != 0 {
		lost = fmt.Sprintf("transaction %d", tx)
	}
	kept := "no review"
	if sums, _ := t.topBucket(bucketSummaries); sums != nil {
		if newest, _, err := listNewest(func(fn func(k, v []byte) error) error {
			return t.each(sums, nil, func(k, v []byte) (bool, error) { return true, fn(k, v) })
		}, time.Now(), "", 1); err == nil && len(newest) == 1 {
			kept = fmt.Sprintf("review %s (%s), changed %s", newest[0].ID, shorten(newest[0].Service), newest[0].UpdatedAt.UTC().Format(time.RFC3339))
		}
	}
	rep.add("", "meta page %d is damaged (%v); it recorded %s, the newest change written to the file, which can no longer be read: "+
		"the database opens as it was at transaction %d (its newest change is to %s), and one change made after that is lost; "+
		"prr refuses to write until the loss is accepted", bad, hdr.MetaErr[bad], lost, cur, kept)
}

// checkContents adds a finding for everything in the database that is not
// as this prr writes it.
func (s *Store) checkContents(t *txn, rep *Report) {
	info, err := readSchema(t)
	switch {
	case err != nil:
		rep.add("", "%v", err)
	case !info.isPrr:
		rep.add("", "the prr marker is missing: this is not a prr database")
		return
	case info.version != len(migrations()):
		rep.add("", "the schema is v%d; this prr writes v%d", info.version, len(migrations()))
		return
	}
	rep.Schema = info.version
	var bs [4]*bkt
	for i, name := range [][]byte{bucketReviews, bucketSummaries, bucketTemplates, bucketTemplateRefs} {
		if bs[i], err = t.topBucket(name); err != nil {
			rep.add("", "%v", err)
			return
		}
	}
	reviews, sums, templates, refs := bs[0], bs[1], bs[2], bs[3]
	used := map[templateKey]uint64{}
	checked := map[templateKey]bool{}
	_ = t.each(reviews, nil, func(k, v []byte) (bool, error) {
		id := string(k)
		if v != nil {
			rep.add(shorten(id), "a stray value where a review bucket belongs")
			return true, nil
		}
		rep.Reviews++
		rb, err := t.bucket(reviews, k)
		if err != nil || rb == nil {
			rep.add(shorten(id), "its bucket does not open (%v)", err)
			return true, nil
		}
		if key, ok := s.checkReview(t, rb, id, reviews.b.Sequence(), sums, checked, rep); ok {
			used[key]++
		}
		return true, nil
	})
	_ = t.each(sums, nil, func(k, _ []byte) (bool, error) {
		if reviews.b.Bucket(k) == nil {
			rep.add(shorten(string(k)), "a summary of a review that does not exist")
		}
		return true, nil
	})
	counted := map[templateKey]uint64{}
	_ = t.each(refs, nil, func(k, v []byte) (bool, error) {
		var key templateKey
		n, err := decodeUint(v)
		if len(k) != len(key) || err != nil {
			rep.add("", "a template use count under a key that is not a snapshot's hash, or that does not decode")
			return true, nil
		}
		copy(key[:], k)
		counted[key] = n
		return true, nil
	})
	_ = t.each(templates, nil, func(k, _ []byte) (bool, error) {
		var key templateKey
		copy(key[:], k)
		if used[key] == 0 {
			rep.add("", "template snapshot %x is stored, but no review uses it", k[:min(6, len(k))])
		}
		return true, nil
	})
	for _, key := range slices.SortedFunc(maps.Keys(used), func(a, b templateKey) int { return bytes.Compare(a[:], b[:]) }) {
		if counted[key] != used[key] {
			rep.add("", "template snapshot %x is counted as used by %d review(s), but %d use it", key[:6], counted[key], used[key])
		}
	}
}

// checkReview checks one review's record, snapshot, history and summary,
// and returns the key of its snapshot if the record names one. checked
// holds the snapshots whose own rules were already checked.
func (s *Store) checkReview(t *txn, rb *bkt, id string, dbRev uint64, sums *bkt, checked map[templateKey]bool, rep *Report) (templateKey, bool) {
	if len(id) != review.IDLength || !review.ValidIDPrefix(id) {
		rep.add(shorten(id), "the id is not a valid review id")
	}
	data, err := t.get(rb, keyRecord)
	if err != nil {
		rep.add(id, "%v", err)
		return templateKey{}, false
	}
	rev, key, err := recordInfo(data, id)
	if err != nil {
		rep.add(id, "%v", err)
		return key, false
	}
	if rev > dbRev {
		rep.add(id, "its revision (%d) is ahead of the database's (%d)", rev, dbRev)
	}
	r, _, err := decodeRecord(data, id)
	if err != nil {
		rep.add(id, "%v", err)
		return key, true
	}
	snap, err := s.loadSnapshot(t, key, id)
	if err != nil {
		rep.add(id, "%v", err)
		return key, true
	}
	r.Template = *snap.template
	if !checked[key] {
		if err := r.Template.Validate(); err != nil {
			rep.add(id, "its template snapshot: %v", err)
		}
		checked[key] = true
	}
	if err := review.ValidateWithKnownTemplate(r); err != nil {
		rep.add(id, "%v", err)
	}
	if hist, err := loadHistory(t, rb, id); err != nil {
		rep.add(id, "%v", err)
	} else if err := review.CheckIntegrity(r, hist); err != nil {
		rep.add(id, "%v", err) // the chain broken, or a signature invalid
	}
	stored, _ := t.get(sums, []byte(id))
	if stored == nil {
		rep.add(id, "the summary is missing: prr list does not show this review")
		return key, true
	}
	rec, err := decodeSummary(stored)
	if err != nil {
		rep.add(id, "the summary does not decode: %v", err)
		return key, true
	}
	// The record does not depend on when it was written (see
	// review.Summarize), so one derived now must match it exactly,
	// verdict timeline included.
	want := review.Summarize(r, snap.hasher(), s.now())
	if diff := summaryDiff(rec.Summary, want.Summary); diff != "" {
		rep.add(id, "the summary does not match the review: %s", diff)
	}
	if !slices.Equal(rec.Changes, want.Changes) {
		rep.add(id, "the summary's verdicts after waiver expiries are %v, the review says %v", rec.Changes, want.Changes)
	}
	return key, true
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
