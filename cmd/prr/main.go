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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
