// Command prr runs production readiness reviews in the terminal: walk a
// checklist with the team, save every answer as it is given, sign off, and
// export a Markdown record for the wiki.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time by GoReleaser (-X main.version=...).
var version = "dev"

func main() { os.Exit(prrMain(os.Args[1:])) }

// prrMain is the program: run, ended by SIGINT or SIGTERM whatever it is
// doing (see runInterruptible).
func prrMain(args []string) int {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	return runInterruptible(sigs, os.Stderr, signalGrace, func(ctx context.Context) int {
		return run(ctx, args, os.Stdin, os.Stdout, os.Stderr)
	})
}
