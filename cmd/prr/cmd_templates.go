package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/templates"
)

func newTemplatesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "templates",
		Aliases: []string{"template"},
		Short:   "List, show, validate and import checklists",
		Args:    cobra.NoArgs,
	}
	cmd.AddCommand(newTemplatesListCmd(a), newTemplatesShowCmd(a), newTemplatesValidateCmd(), newTemplatesImportCmd(a))
	return cmd
}

type templateInfo struct {
	ID       string `json:"id"`
	Version  int    `json:"version"`
	Title    string `json:"title"`
	Items    int    `json:"items"`
	Required int    `json:"required"`
	Source   string `json:"source"`
}

func newTemplatesListCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the built-in and custom checklists",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, loadErr := review.LoadCatalog(templates.Checklists, a.cfg.TemplatesDir)
			if c == nil {
				return loadErr
			}
			infos := make([]templateInfo, 0, len(c.Entries))
			for _, e := range c.Entries {
				infos = append(infos, templateInfo{e.Template.ID, e.Template.Version, e.Template.Title, e.Template.ItemCount(), e.Template.RequiredCount(), e.Source})
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if err := writeJSON(out, infos); err != nil {
					return err
				}
			} else {
				tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tVERSION\tITEMS\tREQUIRED\tTITLE\tSOURCE")
				for _, i := range infos {
					fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\n", i.ID, i.Version, i.Items, i.Required, textsafe.Line(i.Title), textsafe.Line(i.Source))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if loadErr != nil {
				return fmt.Errorf("some custom templates could not be loaded:\n%w", loadErr)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newTemplatesShowCmd(a *app) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ID|FILE",
		Short: "Show a checklist with its guidance",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			t, err := a.template(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return writeJSON(out, t)
			}
			md := templateMarkdown(t)
			if f, ok := out.(*os.File); ok && term.IsTerminal(f.Fd()) && os.Getenv("NO_COLOR") == "" {
				width := 80
				if w, _, err := term.GetSize(f.Fd()); err == nil && w > 20 {
					width = min(w, 120)
				}
				style := styles.DarkStyleConfig
				if a.interactive() && !lipgloss.HasDarkBackground(os.Stdin, f) {
					style = styles.LightStyleConfig
				}
				r, err := glamour.NewTermRenderer(glamour.WithStyles(style), glamour.WithWordWrap(width-2))
				if err == nil {
					if s, err := r.Render(md); err == nil {
						md = textsafe.Rendered(s) // Glamour decodes references; keep only its styling
					}
				}
			}
			_, err = io.WriteString(out, md)
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the template as JSON")
	return cmd
}

// templateMarkdown renders a checklist as Markdown for reading in the
// terminal. Template text may come from a stranger's file, so it is
// sanitised before it reaches the terminal, and its Markdown has no
// character reference left that would decode to a control character.
func templateMarkdown(t *review.Template) string {
	mdLine := func(s string) string { return textsafe.Markdown(textsafe.Line(s)) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", mdLine(t.Title))
	fmt.Fprintf(&b, "`%s` version %d · %d items, %d required", t.ID, t.Version, t.ItemCount(), t.RequiredCount())
	if len(t.SignoffRoles) > 0 {
		fmt.Fprintf(&b, " · sign-off by %s", strings.Join(t.SignoffRoles, ", "))
	}
	b.WriteString("\n\n")
	if t.Description != "" {
		b.WriteString(textsafe.Markdown(strings.TrimSpace(t.Description)) + "\n\n")
	}
	for _, s := range t.Sections {
		fmt.Fprintf(&b, "## %s\n\n", mdLine(s.Title))
		if s.Description != "" {
			b.WriteString(textsafe.Markdown(strings.TrimSpace(s.Description)) + "\n\n")
		}
		for _, it := range s.Items {
			badge := ""
			if it.Required {
				badge = " **(required)**"
			}
			fmt.Fprintf(&b, "### %s%s\n\n`%s` · level %d", mdLine(it.Title), badge, it.ID, it.Level)
			if len(it.Sources) > 0 {
				fmt.Fprintf(&b, " · from %s", mdLine(strings.Join(it.Sources, "; ")))
			}
			b.WriteString("\n\n")
			if it.Guidance != "" {
				b.WriteString(textsafe.Markdown(strings.TrimSpace(it.Guidance)) + "\n\n")
			}
			for _, ref := range it.Refs {
				fmt.Fprintf(&b, "- %s\n", mdLine(ref))
			}
			if len(it.Refs) > 0 {
				b.WriteString("\n")
			}
		}
	}
	return b.String()
}

func newTemplatesValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check template files; errors name file:line:column",
		Long: "validate checks each file as prr templates list would load it: the format, and an id that no " +
			"built-in checklist and no other file given uses.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := review.LoadCatalog(templates.Checklists, "")
			if err != nil {
				return err
			}
			var errs []error
			for _, f := range args {
				if isMarkdown(f) {
					errs = append(errs, fmt.Errorf("%s is Markdown, not a template; turn it into one with prr templates import %s", textsafe.Line(f), textsafe.Line(f)))
					continue
				}
				t, err := review.LoadTemplateFile(f)
				if err == nil {
					err = c.Add(t, f)
				}
				if err != nil {
					errs = append(errs, err)
					continue
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: ok (%s version %d, %d items)\n", textsafe.Line(f), t.ID, t.Version, t.ItemCount())
			}
			return errors.Join(errs...)
		},
	}
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
