package main

import (
	"testing"

	"github.com/spf13/cobra"
)

// allCommands is every command prr has, as a user can reach it, including
// the ones Cobra adds at run time (help, completion). Tests that hold every
// command to a rule walk this, so a command added later is covered without
// anyone remembering to add it.
func allCommands(t *testing.T) []*cobra.Command {
	t.Helper()
	all := commandTree()
	if len(all) < 10 {
		t.Fatalf("found only %d commands", len(all))
	}
	return all
}

// commandTree is every command of a fresh command tree.
func commandTree() []*cobra.Command {
	root := newRootCmd(&app{})
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	var all []*cobra.Command
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		all = append(all, c)
		for _, sc := range c.Commands() {
			walk(sc)
		}
	}
	walk(root)
	return all
}

// pathArgs is a command's path without the program name, as arguments.
func pathArgs(c *cobra.Command) []string {
	var args []string
	for ; c.HasParent(); c = c.Parent() {
		args = append([]string{c.Name()}, args...)
	}
	return args
}
