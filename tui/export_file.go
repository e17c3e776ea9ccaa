package tui

// Writing the record to a file from the export screen: the path as typed,
// resolved; an existing file replaced only after a y.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review/export"
)

// write writes the record to the path typed, asking first when the file
// exists (unless overwrite).
func (e *exportModel) write(target string, overwrite bool) tea.Cmd {
	if e.raw == nil {
		e.c.info("the record is not ready yet")
		return nil
	}
	e.writing = true
	e.confirm = ""
	e.c.info("writing the record…")
	data, def := e.raw, export.DefaultFileName(e.rev)
	return func() tea.Msg {
		path := target
		if !overwrite {
			var err error
			if path, err = resolveExportPath(target, def); err != nil {
				return exportWrittenMsg{err: err}
			}
			exists, err := export.CheckTarget(path)
			if err != nil {
				return exportWrittenMsg{path: path, err: err}
			}
			if exists {
				return exportWrittenMsg{path: path, exists: true}
			}
		}
		if err := export.WriteFileAtomic(path, data); err != nil {
			return exportWrittenMsg{path: path, err: err}
		}
		return exportWrittenMsg{path: path, size: len(data)}
	}
}

// resolveExportPath turns what was typed into an absolute path: a leading
// ~/ is the home folder, a relative path is relative to the current
// directory, and an existing folder gets the default file name inside it.
func resolveExportPath(typed, defName string) (string, error) {
	p := strings.TrimSpace(typed)
	if p == "" {
		return "", errors.New("type a file name to write the record to")
	}
	if p == "~" || strings.HasPrefix(p, "~/") {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the home folder: %w", err)
		}
		p = filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", p, err)
	}
	if fi, err := os.Stat(abs); err == nil && fi.IsDir() {
		abs = filepath.Join(abs, defName)
	}
	return abs, nil
}

// sizeText says how big a file is, as people read it.
func sizeText(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.1f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
