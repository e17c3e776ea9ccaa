package main

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prr-dev/prr/review/export"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/review/userfile"
)

func exportCommands(a *app) []*cobra.Command {
	return []*cobra.Command{newExportCmd(a), newImportCmd(a), newVerifyCmd(a)}
}

func newExportCmd(a *app) *cobra.Command {
	var out, format, layoutFile, layoutName string
	var frontMatter, force bool
	cmd := &cobra.Command{
		Use:   "export REVIEW",
		Short: "Write the review's record as Markdown (for the wiki) or JSON",
		Example: `  prr export k3x9 -o payments-prr.md
  prr export k3x9 --format json -o reviews/payments.json
  prr export k3x9 --layout compact -o payments-prr.md
  prr export k3x9 --template my-layout.md.tmpl --front-matter`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "markdown" && format != "md" && format != "json" {
				return usageErr("--format %q: use markdown or json", format)
			}
			r, hist, err := a.getReviewWith(args[0], format == "json")
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if format == "json" {
				err = export.JSON(&buf, r, hist, version)
				if err != nil {
					return err
				}
			} else {
				opts := export.Options{Version: appVersion(), FrontMatter: frontMatter, Zone: a.now().Location(), ValidFor: a.cfg.ValidFor}
				if opts.Allowed, err = a.allowedSigners(); err != nil {
					return err
				}
				switch {
				case layoutFile != "" && layoutName != "default":
					return usageErr("give --layout or --template, not both")
				case layoutFile != "":
					if opts.Layout, err = export.LoadLayout(layoutFile); err != nil {
						return err
					}
				default:
					if opts.Layout, err = export.BuiltinLayout(layoutName); err != nil {
						return usageErr("--layout %q: use default or compact", textsafe.Line(layoutName))
					}
				}
				if err := export.Markdown(&buf, r, opts); err != nil {
					return err
				}
			}
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := writeNewFile(cmd, a, out, buf.Bytes(), force); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&out, "output", "o", "", "file to write (default: standard output)")
	f.StringVar(&format, "format", "markdown", "markdown or json")
	f.StringVar(&layoutName, "layout", "default", "built-in Markdown layout: default (a heading per item) or compact (a table per section)")
	f.StringVar(&layoutFile, "template", "", "your own Go text/template layout for the Markdown record")
	f.BoolVar(&frontMatter, "front-matter", false, "add YAML front matter for static-site wikis")
	f.BoolVarP(&force, "force", "f", false, "overwrite FILE if it exists")
	_ = cmd.RegisterFlagCompletionFunc("template", cobra.FixedCompletions(nil, cobra.ShellCompDirectiveDefault)) // a layout file, not a checklist
	return cmd
}

// writeNewFile writes data to path through a temporary file and a rename,
// so a reader never sees half a record, and never replaces an existing
// file unless the user said so, nor anything but a regular file at all.
func writeNewFile(cmd *cobra.Command, a *app, path string, data []byte, force bool) error {
	exists, err := export.CheckTarget(path)
	if errors.Is(err, userfile.ErrNotRegular) {
		return fmt.Errorf("%w; a record is written to a regular file, or with -o - to standard output", err)
	}
	if err != nil {
		return err
	}
	if exists && !force {
		if !a.interactive() {
			return usageErr("%s exists; pass --force to overwrite it", path)
		}
		if !a.confirm(cmd.Context(), fmt.Sprintf("%s exists. Overwrite?", path)) {
			return &exitError{code: exitFailure, err: errors.New("not written")}
		}
	}
	return export.WriteFileAtomic(path, data)
}
