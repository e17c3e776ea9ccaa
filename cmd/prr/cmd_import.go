package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

// importBatch is how many records one transaction of prr import writes:
// each batch is saved whole or not at all, and a batch costs one disk
// sync instead of one per review.
const importBatch = 250

// maxImportReasons is how many failed records prr import names.
const maxImportReasons = 5

func newImportCmd(a *app) *cobra.Command {
	var replace, yes bool
	cmd := &cobra.Command{
		Use:   "import FILE|FOLDER|- ...",
		Short: "Restore reviews from records: JSON (prr export --format json) or Markdown",
		Long: "Each FILE is a JSON record, or JSON Lines (one record a line) if it ends in .jsonl; a FOLDER stands for " +
			"the *.json files in it; - reads JSON Lines from standard input. Records are saved in batches, each " +
			"batch whole or not at all. A review whose id exists is skipped, unless --replace.\n\n" +
			"A FILE ending in .md is a Markdown record (prr export), read from what it shows, also after a wiki or a " +
			"formatter changed it; import it on its own. With the checklist it names (built in, in the templates " +
			"folder or in the database) the review is exactly the one exported; without it, it is rebuilt from the " +
			"record. --replace shows the differences first, and asks (or wants --yes) before sign-offs turn stale.",
		Example: `  prr import payments.json
  prr import backups/reviews/
  prr export k3x9 --format json | prr import -
  prr import payments-api.md --replace`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, arg := range args {
				if isMarkdown(arg) && len(args) > 1 {
					return usageErr("import a Markdown record (%s) on its own", arg)
				}
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			if isMarkdown(args[0]) {
				return a.importMarkdown(cmd.Context(), cmd, s, args[0], replace, yes)
			}
			src, err := newImportSource(args, a.stdin)
			if err != nil {
				return err
			}
			return runImport(cmd, s, src, replace, newImportProgress(cmd.ErrOrStderr(), src.total))
		},
	}
	cmd.Flags().BoolVar(&replace, "replace", false, "replace reviews with the same id")
	cmd.Flags().BoolVar(&yes, "yes", false, "replace a Markdown record's review even if its sign-offs turn stale")
	return cmd
}

// runImport reads, checks and saves every record src yields, a batch at a
// time, and reports what it did. The next batch is read and parsed while
// one is saved.
func runImport(cmd *cobra.Command, s *store.Store, src *importSource, replace bool, bar *importProgress) error {
	var (
		res    store.BatchResult
		read   int
		single *review.Review // the one record of a one-record import
		fails  []string
	)
	defer bar.done()
	ctx, stop := context.WithCancel(context.Background())
	defer stop() // the reader ahead stops when the import does
	for b := range parsedBatches(ctx, src) {
		if b.err != nil {
			return b.err
		}
		read += b.read
		fails = append(fails, b.bad...)
		r, err := s.PutMany(b.records, replace)
		res.Imported += r.Imported
		res.Skipped += r.Skipped
		for _, f := range r.Failed {
			fails = append(fails, fmt.Sprintf("import %s: %v", b.labels[f.Index], f.Err))
		}
		if err != nil {
			if res.Imported > 0 {
				return fmt.Errorf("%w (the %d reviews of earlier batches were imported)", err, res.Imported)
			}
			return err
		}
		if read == 1 && len(b.records) == 1 {
			single = b.records[0].Review
		}
		bar.show(read)
	}
	bar.done()
	out := cmd.OutOrStdout()
	switch {
	case read == 1 && single != nil && res.Imported == 1:
		fmt.Fprintf(out, "imported %s (%s)\n", single.ID, textsafe.Line(single.Service))
		return nil
	case read == 1 && single != nil && res.Skipped == 1:
		return fmt.Errorf("import review %s: %w", single.ID, store.ErrExists)
	case read == 1 && len(fails) == 1:
		return errors.New(fails[0])
	}
	fmt.Fprintf(out, "imported %d, skipped %d as existing, failed %d\n", res.Imported, res.Skipped, len(fails))
	if len(fails) == 0 {
		return nil
	}
	w := cmd.ErrOrStderr()
	for _, f := range fails[:min(len(fails), maxImportReasons)] {
		printError(w, errors.New(f))
	}
	if len(fails) > maxImportReasons {
		fmt.Fprintf(w, "prr: and %d more failed\n", len(fails)-maxImportReasons)
	}
	return &silentErr{code: exitFailure}
}

// parsedBatch is a batch of records, read and parsed.
type parsedBatch struct {
	read    int // records read, parsed or not
	records []store.Record
	labels  []string // where each record came from
	bad     []string // a line for each record that did not parse
	err     error    // reading failed: the import stops
}

// parsedBatches reads and parses src a batch ahead of the caller, until
// src ends, reading fails, or ctx is done.
func parsedBatches(ctx context.Context, src *importSource) <-chan parsedBatch {
	ch := make(chan parsedBatch, 1)
	go func() {
		defer close(ch)
		for {
			raw, err := src.next(importBatch)
			if err == nil && len(raw) == 0 {
				return
			}
			b := parsedBatch{read: len(raw), err: err}
			if err == nil {
				b.records, b.labels, b.bad = parseRecords(raw)
			}
			select {
			case ch <- b:
			case <-ctx.Done():
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// rawRecord is one record as read, not yet parsed, and where it came from.
type rawRecord struct {
	label string
	data  []byte
	err   error // it could not be read
}

// parseRecords parses a batch with export.ReadJSON on every core (parsing
// and checking a record is most of an import's work), keeping the order.
// It returns the records, the label of each, and a line for each that
// failed.
func parseRecords(batch []rawRecord) ([]store.Record, []string, []string) {
	type parsed struct {
		rec store.Record
		err error
	}
	out := make([]parsed, len(batch))
	workers := min(runtime.GOMAXPROCS(0), len(batch))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(batch); i += workers {
				if batch[i].err != nil {
					out[i].err = batch[i].err
					continue
				}
				r, hist, err := export.ReadJSON(bytes.NewReader(batch[i].data))
				out[i] = parsed{rec: store.Record{Review: r, History: hist}, err: err}
			}
		}()
	}
	wg.Wait()
	var (
		records     []store.Record
		labels, bad []string
	)
	for i, p := range out {
		if p.err != nil {
			bad = append(bad, fmt.Sprintf("import %s: %v", batch[i].label, p.err))
			continue
		}
		records = append(records, p.rec)
		labels = append(labels, batch[i].label)
	}
	return records, labels, bad
}

// importSource yields the records of prr import's arguments in order:
// files, the *.json files of folders, JSON Lines from files ending in
// .jsonl and from standard input.
type importSource struct {
	files []string    // still to read
	lines *lineReader // the JSON Lines being read, if any
	stdin io.Reader
	total int // records to expect, 0 when unknown (JSON Lines)
}

func newImportSource(args []string, stdin io.Reader) (*importSource, error) {
	src := &importSource{stdin: stdin}
	stdinSeen := false
	for _, arg := range args {
		if arg == "-" {
			if stdinSeen {
				return nil, usageErr("- (standard input) can be given once")
			}
			stdinSeen = true
			src.files = append(src.files, arg)
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("import: %w", err)
		}
		if !fi.IsDir() {
			src.files = append(src.files, arg)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(arg, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", arg, err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("import %s: the folder holds no *.json files", arg)
		}
		slices.Sort(matches)
		src.files = append(src.files, matches...)
	}
	for _, f := range src.files {
		if f == "-" || isJSONLines(f) {
			return src, nil // the total is not known up front
		}
	}
	src.total = len(src.files)
	return src, nil
}

func isJSONLines(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".jsonl" || ext == ".ndjson"
}

// next returns up to n more records; none at the end.
func (s *importSource) next(n int) ([]rawRecord, error) {
	var out []rawRecord
	for len(out) < n {
		if s.lines != nil {
			rec, ok, err := s.lines.next()
			if err != nil {
				return nil, err
			}
			if ok {
				out = append(out, rec)
				continue
			}
			s.lines.close()
			s.lines = nil
		}
		if len(s.files) == 0 {
			break
		}
		name := s.files[0]
		s.files = s.files[1:]
		switch {
		case name == "-":
			s.lines = &lineReader{name: "standard input", r: bufio.NewReaderSize(s.stdin, 1<<16)}
		case isJSONLines(name):
			f, err := userfile.Open(name)
			if err != nil {
				return nil, fmt.Errorf("import %s: %w", name, err)
			}
			s.lines = &lineReader{name: name, r: bufio.NewReaderSize(f, 1<<16), c: f}
		default:
			data, err := readRecordFile(name)
			out = append(out, rawRecord{label: name, data: data, err: err})
		}
	}
	return out, nil
}

// readRecordFile reads one record file, no more than a record may be.
func readRecordFile(name string) ([]byte, error) {
	return userfile.Read(name, export.MaxJSONBytes)
}

// lineReader reads JSON Lines: one record a line, blank lines skipped.
type lineReader struct {
	name string
	r    *bufio.Reader
	c    io.Closer
	line int
}

func (l *lineReader) next() (rawRecord, bool, error) {
	for {
		data, tooLong, err := l.readLine()
		label := fmt.Sprintf("%s line %d", l.name, l.line)
		switch {
		case tooLong:
			return rawRecord{label: label, err: fmt.Errorf("the line is longer than %d MiB; a prr record is far smaller", export.MaxJSONBytes>>20)}, true, nil
		case len(bytes.TrimSpace(data)) > 0:
			return rawRecord{label: label, data: data}, true, nil
		case err == io.EOF:
			return rawRecord{}, false, nil
		case err != nil:
			return rawRecord{}, false, fmt.Errorf("import: read %s: %w", l.name, err)
		}
	}
}

// readLine reads the next line, keeping no more of it than a record may
// be: a longer one is read to its end and reported as too long.
func (l *lineReader) readLine() (line []byte, tooLong bool, err error) {
	l.line++
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !tooLong && len(line)+len(chunk) > export.MaxJSONBytes {
			tooLong, line = true, nil
		}
		if !tooLong {
			line = append(line, chunk...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, tooLong, err
		}
	}
}

func (l *lineReader) close() {
	if l.c != nil {
		_ = l.c.Close()
	}
}
