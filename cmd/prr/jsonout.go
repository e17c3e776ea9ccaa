package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
)

// Every command that reports something takes --json and then prints one
// JSON document on standard output instead of its text (shapes in
// docs/cli.md). Errors are not JSON: with or without --json a failing
// command prints one line on standard error ("prr: ...") and nothing on
// standard output, and exits with the same code; a command whose report is
// a verdict (check, verify, doctor, templates validate) prints the report
// and exits non-zero when the verdict is no. TestEveryCommandHasJSON holds
// every command to it.

// jsonFlag gives cmd the --json flag; what says what it prints.
func jsonFlag(cmd *cobra.Command, what string) *bool {
	var on bool
	cmd.Flags().BoolVar(&on, "json", false, what)
	return &on
}

// writeJSONLines writes a JSON array with one compact element per line
// (escaped as writeJSON's):
// still easy to read and to grep, and for ten thousand reviews far cheaper
// than indenting the whole document.
// Each row is encoded as encode(row) returns it, so a caller can shape its
// rows one at a time rather than building a second slice.
func writeJSONLines[T, R any](w io.Writer, rows []T, encode func(T) R) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("[")
	for i, r := range rows {
		b, err := json.Marshal(encode(r))
		if err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		bw.Write(textsafe.JSON(b))
	}
	if len(rows) > 0 {
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// writeJSON writes v as indented JSON. Like every JSON prr writes, it has
// the characters a terminal would act on escaped (textsafe.JSON): scripts
// decode them back, a person running the command sees nothing move.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(textsafe.JSON(buf.Bytes()))
	return err
}

// The shapes of the commands' JSON (docs/cli.md).

// reviewRef names a review: prr new, prr rename.
type reviewRef struct {
	ID              string `json:"id"`
	Service         string `json:"service"`
	TemplateID      string `json:"template_id"`
	TemplateVersion int    `json:"template_version"`
}

type deletedJSON struct {
	ID      string `json:"id"`
	Service string `json:"service"`
	Deleted bool   `json:"deleted"`
}

type answerJSON struct {
	ID     string        `json:"id"`
	Item   string        `json:"item"`
	Answer review.Answer `json:"answer"`
}

type signoffJSON struct {
	ID      string         `json:"id"`
	SignOff review.SignOff `json:"signoff"`
}

// checkJSON is prr check's verdict: ok is the exit code's meaning.
type checkJSON struct {
	ID      string         `json:"id"`
	Service string         `json:"service"`
	OK      bool           `json:"ok"`
	Verdict review.Verdict `json:"verdict"`
	Reasons []string       `json:"reasons"`
}

// writeCheckJSON prints check's verdict and ends the command with its
// exit code.
func writeCheckJSON(w io.Writer, r *review.Review, v review.Verdict, reasons []string) error {
	if err := writeJSON(w, checkJSON{r.ID, r.Service, len(reasons) == 0, v, append([]string{}, reasons...)}); err != nil {
		return err
	}
	if len(reasons) > 0 {
		return &silentErr{code: exitFailure}
	}
	return nil
}

type backupJSON struct {
	File    string `json:"file"`
	Checked bool   `json:"checked"`
}

// doctorJSON is prr doctor's finding; report is absent when there is no
// database yet.
type doctorJSON struct {
	Database string        `json:"database"`
	Exists   bool          `json:"exists"`
	Accepted bool          `json:"accepted_rollback,omitempty"`
	Report   *store.Report `json:"report,omitempty"`
}

// validateJSON is one file's result in prr templates validate --json.
type validateJSON struct {
	File    string `json:"file"`
	OK      bool   `json:"ok"`
	ID      string `json:"id,omitempty"`
	Version int    `json:"version,omitempty"`
	Items   int    `json:"items,omitempty"`
	Error   string `json:"error,omitempty"`
}

// importJSON counts what prr import did; id names the review of a
// one-record import.
type importJSON struct {
	Imported int    `json:"imported"`
	Skipped  int    `json:"skipped"`
	Failed   int    `json:"failed"`
	ID       string `json:"id,omitempty"`
}

// reportImport prints what an import of several records did.
func reportImport(w io.Writer, asJSON bool, res store.BatchResult, failed int) error {
	if asJSON {
		return writeJSON(w, importJSON{Imported: res.Imported, Skipped: res.Skipped, Failed: failed})
	}
	_, err := fmt.Fprintf(w, "imported %d, skipped %d as existing, failed %d\n", res.Imported, res.Skipped, failed)
	return err
}

// upgradeJSON is what prr upgrade did: moved says whether there was a
// newer version to move to.
type upgradeJSON struct {
	ID         string `json:"id"`
	TemplateID string `json:"template_id"`
	From       int    `json:"from_version"`
	To         int    `json:"template_version"`
	Moved      bool   `json:"moved"`
	New        int    `json:"new"`
	Changed    int    `json:"changed"`
	Removed    int    `json:"removed"`
}
