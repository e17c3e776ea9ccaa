package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/export"
)

// wantStatus checks the status bar's message, whole however narrow the
// terminal.
func (h *harness) wantStatus(sub string) {
	h.t.Helper()
	if !strings.Contains(h.m.c.status.text, sub) {
		h.t.Fatalf("status %q does not contain %q", h.m.c.status.text, sub)
	}
}

func (h *harness) exportScreen() *exportModel {
	h.t.Helper()
	if h.m.state != stateExport {
		h.t.Fatalf("not on the export screen (%s):\n%s", h.m.state, h.view())
	}
	return screenOf[*exportModel](h.m, stateExport)
}

// wantRecord reads the file and checks it is the record of the review as
// stored, byte for byte.
func wantRecord(t *testing.T, st *fakeStore, id, path string) []byte {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the record was not written: %v", err)
	}
	var want bytes.Buffer
	if err := export.Markdown(&want, st.review(id), export.Options{Version: "v0.0.0-test"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the file is not export.Markdown's output:\n--- file\n%s\n--- want\n%s", got, want.Bytes())
	}
	return got
}

// signOffTableRows parses the Markdown as GitHub does and returns, for the
// table under the "Sign-offs" heading, the number of cells of its header
// and of each row.
func signOffTableRows(t *testing.T, src []byte) (header int, rows []int) {
	t.Helper()
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var heading string
	found := false
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			heading = string(n.Lines().Value(src))
		case *east.Table:
			if !strings.HasPrefix(heading, "Sign-off") {
				continue
			}
			found = true
			for r := n.FirstChild(); r != nil; r = r.NextSibling() {
				switch r.(type) {
				case *east.TableHeader:
					header = r.ChildCount()
				case *east.TableRow:
					rows = append(rows, r.ChildCount())
				}
			}
		}
	}
	if !found {
		t.Fatalf("no table under a Sign-off heading in:\n%s", src)
	}
	return header, rows
}

func TestExportPreviewAndWrite(t *testing.T) {
	st, r := signedStore(t)
	if _, err := st.SignOff(r.ID, "Siri Hansen", "security", review.Approve, "pipes | and <script>alert(1)</script>\nnew line"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, 100, 30, withOpen(r.ID))
	dir := t.TempDir()
	t.Chdir(dir) // after the harness has read its test data
	h.press("x")
	e := h.exportScreen()
	name := export.DefaultFileName(st.review(r.ID))
	h.wantInView("Record · payments-api", "File: "+name, "Production readiness review: payments-api", "Template snapshot")

	// The preview scrolls.
	h.press("j")
	if e.vp.YOffset() != 1 {
		t.Fatalf("j: offset %d", e.vp.YOffset())
	}
	h.press("pgdown", "G")
	if !e.vp.AtBottom() {
		t.Fatal("G did not go to the end")
	}
	h.wantInView("Content hash")
	h.press("k", "g")
	if e.vp.YOffset() != 0 {
		t.Fatalf("g: offset %d", e.vp.YOffset())
	}

	// w writes the raw Markdown to the default file in the current folder.
	h.press("w")
	path := filepath.Join(dir, name)
	src := wantRecord(t, st, r.ID, path)
	h.wantStatus("wrote " + name + " (")
	h.wantStatus(") in " + dir)
	if !bytes.Contains(src, []byte("## Sign-offs")) || !bytes.Contains(src, []byte("**stale**")) {
		t.Fatalf("the record lacks the sign-offs:\n%s", src)
	}

	// It is GitHub-flavoured Markdown whose sign-off table keeps its columns.
	header, rows := signOffTableRows(t, src)
	if header != 7 || len(rows) != 3 {
		t.Fatalf("sign-off table: %d header cells, rows %v", header, rows)
	}
	for i, n := range rows {
		if n != header {
			t.Fatalf("sign-off row %d has %d cells, the header %d", i, n, header)
		}
	}
	var html bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(src, &html); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html.String(), "<script>") {
		t.Fatal("raw HTML from a comment reached the record")
	}
	// And Glamour renders it.
	gr, err := glamour.NewTermRenderer(glamour.WithStyles(styles.DarkStyleConfig), glamour.WithWordWrap(80))
	if err != nil {
		t.Fatal(err)
	}
	out, err := gr.Render(string(src))
	if err != nil || !strings.Contains(out, "payments-api") {
		t.Fatalf("glamour: %v\n%s", err, out)
	}

	// Writing again asks first; n keeps the file.
	if err := os.WriteFile(path, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.press("w")
	h.wantInView(name + " exists. Overwrite it? y/n")
	h.press("n")
	if b, _ := os.ReadFile(path); string(b) != "edited by hand\n" {
		t.Fatalf("n overwrote the file: %q", b)
	}
	h.wantInView("not written: the file is kept as it was", "File: "+name)
	h.press("w", "y")
	wantRecord(t, st, r.ID, path)
	h.wantStatus("wrote " + name + " (")
	h.wantStatus(") in " + dir)

	// A path typed into the input: absolute, or a folder (the default name
	// goes inside it). enter writes.
	other := t.TempDir()
	h.press("tab")
	if !e.editing {
		t.Fatal("tab did not focus the file name")
	}
	h.press("ctrl+u")
	h.typeText(filepath.Join(other, "record.md"))
	h.press("enter")
	wantRecord(t, st, r.ID, filepath.Join(other, "record.md"))
	h.press("tab", "ctrl+u")
	h.typeText(other)
	h.press("esc") // done editing, nothing written yet
	if _, err := os.Stat(filepath.Join(other, name)); err == nil || e.editing {
		t.Fatal("esc in the file name wrote the file, or kept editing")
	}
	h.press("w")
	wantRecord(t, st, r.ID, filepath.Join(other, name))
	// A relative path is relative to the current folder.
	h.press("tab", "ctrl+u")
	h.typeText("rel.md")
	h.press("enter")
	wantRecord(t, st, r.ID, filepath.Join(dir, "rel.md"))

	// Errors go to the status bar.
	h.press("tab", "ctrl+u")
	h.typeText(filepath.Join(other, "missing", "x.md"))
	h.press("enter")
	h.wantStatus("record not written: write " + filepath.Join(other, "missing", "x.md"))
	h.press("tab", "ctrl+u", "enter")
	h.wantInView("record not written: type a file name")

	h.press("esc")
	h.wantState(stateWalk)
	// From the summary, esc goes back there.
	h.press("s", "x")
	h.exportScreen()
	h.press("q")
	h.wantState(stateSummary)
}

func TestExportHelpAndResize(t *testing.T) {
	st, r := signedStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("x", "?")
	h.wantInView("Keys — export", "w       write file", "tab     edit file name", "y      overwrite", "esc/q  back", "g    first")
	h.press("esc")
	e := h.exportScreen()
	before := e.rendered
	h.send(sizeMsg(120, 40))
	if e.rendered == before || e.rendered.width != 118 {
		t.Fatalf("not rendered again for the new width: %+v", e.rendered)
	}
	h.checkWidths(120)
	h.send(sizeMsg(60, 20))
	h.checkWidths(60)
}

func TestGoldenExport(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			st, r := signedStore(t)
			h := newHarness(t, st, sz.w, sz.h, withOpen(r.ID))
			h.press("x")
			h.exportScreen()
			h.wantInView("payments-api", "Review", "File: prr-payments-api-2026-03-02.md")
			h.checkWidths(sz.w)
			golden.RequireEqual(t, h.view())
		})
	}
}

func TestExportStoreErrorShowsAndGoesBack(t *testing.T) {
	st, r := signedStore(t)
	h := newHarness(t, st, 80, 24, withOpen(r.ID))
	h.press("s")
	st.mu.Lock()
	delete(st.reviews, r.ID) // gone, as if deleted by another prr
	st.mu.Unlock()
	h.press("x")
	h.wantInView("The record could not be built.", "could not build the record: read review "+r.ID)
	h.press("w")
	h.wantInView("the record is not ready yet")
	h.press("esc")
	h.wantState(stateSummary)
}

// TestExportCompactLayout: l switches the record to the compact layout
// and back, and w writes the layout shown.
func TestExportCompactLayout(t *testing.T) {
	st, r := signedStore(t)
	h := newHarness(t, st, 100, 30, withOpen(r.ID))
	dir := t.TempDir()
	t.Chdir(dir)
	h.press("x")
	e := h.exportScreen()
	h.press("l")
	h.wantStatus("layout: compact")
	if !e.compact || !bytes.Contains(e.raw, []byte("| Item | Status | Note | Evidence |")) {
		t.Fatalf("l did not switch to the compact layout:\n%s", e.raw)
	}
	h.press("w")
	got, err := os.ReadFile(filepath.Join(dir, export.DefaultFileName(st.review(r.ID))))
	if err != nil {
		t.Fatal(err)
	}
	l, _ := export.BuiltinLayout("compact")
	var want bytes.Buffer
	if err := export.Markdown(&want, st.review(r.ID), export.Options{Version: "v0.0.0-test", Layout: l}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Fatalf("the file is not the compact record:\n%s", got)
	}
	h.press("l")
	h.wantStatus("layout: default")
	if e.compact || bytes.Contains(e.raw, []byte("| Item | Status | Note | Evidence |")) {
		t.Fatal("l did not switch back")
	}
}
