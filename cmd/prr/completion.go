package main

import (
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/store"
	"github.com/prr-dev/prr/review/textsafe"
	"github.com/prr-dev/prr/templates"
)

// Shell completion knows what prr's arguments mean from their names: a
// positional argument written REVIEW in a command's Use, or a flag named
// --review or --from, completes review ids; ITEM or --item the items of that review;
// --template the template ids; --status, --decision and --role their
// values; --name, --owner and --waive-by the review's participants.
// wireCompletion gives every command of the tree this completion, so a
// command added later gets it by naming its arguments that way; a command
// that registers its own completion keeps it. TestEveryCommandCompletes
// holds every command to it.
//
// Completion runs on every Tab: it opens the database read-only and only
// if it exists (never creating one), writes nothing to the terminal, and
// completes nothing rather than fail.

type completeFunc = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective)

// completionLockWait bounds how long Tab waits for a database another prr
// is writing: a completion that arrives late is worse than none.
const completionLockWait = 300 * time.Millisecond

// completer reads what completion offers.
type completer struct {
	a *app
	g *globalFlags // the global flags as typed so far (--db, --config)
}

// flagCompletions maps a flag name to what it completes.
func (c *completer) flagCompletions() map[string]completeFunc {
	people := c.participants
	return map[string]completeFunc{
		"review":   c.reviews,
		"from":     c.reviews, // prr new --from REVIEW
		"item":     c.items,
		"template": c.templates,
		"status":   fixed(review.Statuses),
		"decision": fixed(review.Decisions),
		"role":     c.roles,
		"name":     people,
		"owner":    people,
		"waive-by": people,
	}
}

// argCompletion is what a positional argument named word (from Use)
// completes; ok is false for a word that says nothing prr can offer.
func (c *completer) argCompletion(word string) (f completeFunc, files bool) {
	for _, part := range strings.Split(strings.Trim(word, "[]."), "|") {
		switch part {
		case "REVIEW":
			return c.reviews, false
		case "ITEM":
			return c.items, false
		case "TEMPLATE", "ID":
			return c.templates, false
		case "FILE", "FOLDER", "RECORD", "DIR":
			files = true
		}
	}
	return nil, files
}

// wireCompletion gives every command in the tree under root the completion
// its argument and flag names call for, unless it has its own.
func wireCompletion(root *cobra.Command, c *completer) {
	flagFuncs := c.flagCompletions()
	var walk func(cmd *cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.ValidArgsFunction == nil && len(cmd.ValidArgs) == 0 {
			cmd.ValidArgsFunction = c.positional(argWords(cmd.Use))
		}
		cmd.LocalFlags().VisitAll(func(f *pflag.Flag) {
			fn, ok := flagFuncs[f.Name]
			if !ok {
				return
			}
			if _, has := cmd.GetFlagCompletionFunc(f.Name); !has {
				_ = cmd.RegisterFlagCompletionFunc(f.Name, fn)
			}
		})
		for _, sc := range cmd.Commands() {
			walk(sc)
		}
	}
	walk(root)
}

// argWords are the positional argument names in a Use line: "answer
// REVIEW ITEM" gives REVIEW, ITEM. A last word ending in "..." repeats.
func argWords(use string) []string {
	var words []string
	for _, w := range strings.Fields(use)[1:] {
		if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "[-") {
			break
		}
		if w == "..." && len(words) > 0 {
			words[len(words)-1] += "..."
			continue
		}
		words = append(words, w)
	}
	return words
}

// positional completes the argument at the position being typed.
func (c *completer) positional(words []string) completeFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		i := len(args)
		if i >= len(words) {
			if len(words) == 0 || !strings.HasSuffix(words[len(words)-1], "...") {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			i = len(words) - 1
		}
		f, files := c.argCompletion(words[i])
		if f != nil {
			return f(cmd, args, toComplete)
		}
		if files {
			return nil, cobra.ShellCompDirectiveDefault
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}

// fixed completes a fixed list of values.
func fixed[T ~string](values []T) completeFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, v := range values {
			if strings.HasPrefix(string(v), toComplete) {
				out = append(out, string(v))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// open opens the database read-only if there is one; nil otherwise.
func (c *completer) open() *store.Store {
	cfg, err := resolveConfig(*c.g, os.Getenv)
	if err != nil {
		return nil
	}
	c.a.cfg = cfg
	if fi, err := os.Stat(cfg.DBPath); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	s, err := store.Open(cfg.DBPath, store.Options{ReadOnly: true, LockTimeout: completionLockWait, Actor: cfg.Actor})
	if err != nil {
		return nil
	}
	return s
}

func (c *completer) reviews(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	s := c.open()
	if s == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	defer s.Close()
	sums, err := s.List()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	prefix := strings.ToLower(toComplete)
	for _, r := range sums {
		if strings.HasPrefix(r.ID, prefix) {
			out = append(out, cobra.CompletionWithDesc(r.ID, textsafe.Line(r.Service)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// reviewOf is the review the command line names so far (its REVIEW
// argument or --review flag), or nil.
func (c *completer) reviewOf(cmd *cobra.Command, args []string) *review.Review {
	id := ""
	if f := cmd.Flags().Lookup("review"); f != nil && f.Changed {
		id = f.Value.String()
	}
	for i, w := range argWords(cmd.Use) {
		if strings.Contains(w, "REVIEW") && i < len(args) && id == "" {
			id = args[i]
		}
	}
	if id == "" {
		return nil
	}
	s := c.open()
	if s == nil {
		return nil
	}
	defer s.Close()
	r, err := s.Get(id)
	if err != nil {
		return nil
	}
	return r
}

func (c *completer) items(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	r := c.reviewOf(cmd, args)
	if r == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, s := range r.Template.Sections {
		for _, it := range s.Items {
			if strings.HasPrefix(it.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(it.ID, textsafe.Line(it.Title)))
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// catalog reads the built-in and custom templates, quietly.
func (c *completer) catalog() *review.Catalog {
	cfg, err := resolveConfig(*c.g, os.Getenv)
	if err != nil {
		return nil
	}
	cat, _ := review.LoadCatalog(templates.Checklists, cfg.TemplatesDir)
	return cat
}

// templates completes template ids; when none matches what is typed, the
// shell completes file names (a template may be given as a .yaml file).
func (c *completer) templates(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cat := c.catalog()
	if cat == nil {
		return nil, cobra.ShellCompDirectiveDefault
	}
	var out []cobra.Completion
	for _, e := range cat.Entries {
		if strings.HasPrefix(e.Template.ID, toComplete) {
			out = append(out, cobra.CompletionWithDesc(e.Template.ID, textsafe.Line(e.Template.Title)))
		}
	}
	return out, cobra.ShellCompDirectiveDefault
}

// roles completes the sign-off roles of the review's template and its
// participants' roles; with no review named, every template's roles.
func (c *completer) roles(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var roles []string
	if r := c.reviewOf(cmd, args); r != nil {
		roles = append(roles, r.Template.SignoffRoles...)
		for _, p := range r.Participants {
			roles = append(roles, p.Role)
		}
	} else if cat := c.catalog(); cat != nil {
		for _, e := range cat.Entries {
			roles = append(roles, e.Template.SignoffRoles...)
		}
	}
	return uniqueWithPrefix(roles, toComplete), cobra.ShellCompDirectiveNoFileComp
}

// participants completes the names of the review's participants.
func (c *completer) participants(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	r := c.reviewOf(cmd, args)
	if r == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var names []string
	for _, p := range r.Participants {
		names = append(names, p.Name)
	}
	if r.Owner != "" {
		names = append(names, r.Owner)
	}
	return uniqueWithPrefix(names, toComplete), cobra.ShellCompDirectiveNoFileComp
}

func uniqueWithPrefix(values []string, prefix string) []cobra.Completion {
	var out []cobra.Completion
	for _, v := range values {
		v = textsafe.Line(v)
		if v != "" && strings.HasPrefix(v, prefix) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
