package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"
)

// importProgress redraws one line on a terminal's stderr while a big
// import runs; elsewhere (a pipe, a file, a test) it writes nothing.
type importProgress struct {
	w     io.Writer
	total int
	last  time.Time
	shown bool
}

func newImportProgress(w io.Writer, total int) *importProgress {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		return &importProgress{w: w, total: total}
	}
	return &importProgress{}
}

// show redraws the line with n records read, a few times a second at most.
func (p *importProgress) show(n int) {
	if p.w == nil || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last, p.shown = time.Now(), true
	if p.total == 0 {
		fmt.Fprintf(p.w, "\rimporting: %d records", n)
		return
	}
	const width = 30
	done := width * min(n, p.total) / p.total
	fmt.Fprintf(p.w, "\rimporting: %s%s %d/%d records", strings.Repeat("█", done), strings.Repeat("░", width-done), n, p.total)
}

// done clears the line.
func (p *importProgress) done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[2K")
	}
}
