package main

import (
	"io"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"
)

// newManCmd writes prr's man page, made from the command tree, so it never
// disagrees with --help. Packages install it as prr.1 (.goreleaser.yaml).
// Fang has its own, but it is hidden and writes to the process's stdout
// whatever the command's output is.
func newManCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the man page (roff) on standard output",
		Example: `  prr man > prr.1 && man ./prr.1
  prr man | gzip > /usr/local/share/man/man1/prr.1.gz`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			page = page.WithSection("Files", "Database: $XDG_DATA_HOME/prr/prr.db. Config: $XDG_CONFIG_HOME/prr/config.yaml. "+
				"Custom templates: $XDG_CONFIG_HOME/prr/templates. Log: $XDG_STATE_HOME/prr/prr.log.")
			_, err = io.WriteString(cmd.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}
