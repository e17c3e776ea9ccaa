package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/mdimport"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
	"github.com/prr-dev/prr/templates"
)

func newTemplatesImportCmd(a *app) *cobra.Command {
	var out, id, title string
	var force bool
	cmd := &cobra.Command{
		Use:   "import FILE.md",
		Short: "Turn a Markdown checklist into a template",
		Long: "import reads a checklist written in Markdown — task lists, lists of criteria under headings, or " +
			"tables with a level column or a column per level — and writes it as a template (YAML) that prr " +
			"templates validate accepts. It says on standard error what became of each part of the file. " +
			"Headings become sections, the document's own ids are kept, and links become references. See " +
			"docs/template-format.md for the shapes it reads.",
		Example: `  prr templates import checklist.md -o ~/.config/prr/templates/ours.yaml
  prr templates import README.md --id launch-gate --title "Launch gate"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if id != "" && !review.ValidSlug(id) {
				return usageErr("--id %q: use a slug such as launch-gate", textsafe.Line(id))
			}
			data, err := userfile.Read(args[0], mdimport.MaxBytes)
			if err != nil {
				return fmt.Errorf("templates import %s: %w", args[0], err)
			}
			res, err := mdimport.Import(data, args[0], mdimport.Options{ID: id, Title: title})
			if err != nil {
				return fmt.Errorf("templates import %s: %w", args[0], err)
			}
			builtin, err := review.LoadCatalog(templates.Checklists, "")
			if err != nil {
				return err
			}
			if e, ok := builtin.Lookup(res.Template.ID); ok {
				return usageErr("the id %q is a built-in template's (%s); give another with --id", res.Template.ID, textsafe.Line(e.Template.Title))
			}
			y, err := mdimport.YAML(res.Template)
			if err != nil {
				return err
			}
			if _, err := review.ParseTemplate(args[0], y); err != nil {
				return fmt.Errorf("templates import %s: the template written does not load: %w", args[0], err)
			}
			w := cmd.ErrOrStderr()
			for _, line := range res.Report {
				fmt.Fprintln(w, textsafe.Line(line))
			}
			fmt.Fprintf(w, "template %s: %d sections, %d items\n", res.Template.ID, len(res.Template.Sections), res.Template.ItemCount())
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(y)
				return err
			}
			if err := writeNewFile(cmd, a, out, y, force); err != nil {
				return err
			}
			fmt.Fprintf(w, "wrote %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	f.StringVar(&id, "id", "", "the template's id (default: from its title)")
	f.StringVar(&title, "title", "", "the template's title (default: front matter, first heading or file name)")
	f.BoolVarP(&force, "force", "f", false, "overwrite FILE if it exists")
	return cmd
}
