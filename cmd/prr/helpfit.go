package main

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Fang lays help out in two columns (name, description) padded to the
// widest name, and neither wraps the descriptions nor breaks the examples:
// it cuts them with "…". fitHelp reshapes the text of the one command whose
// help is about to be shown so that Fang's layout fits the terminal. It
// works for any command, including ones added later; TestHelpFits renders
// every command's help at 80 and 100 columns to hold it to that.

// Fang's layout constants (charm.land/fang/v2 help.go and theme.go).
const (
	fangIndent      = 4  // before a name in the two-column lists
	fangMinSpace    = 10 // the narrowest name column
	fangGap         = 2  // between the widest name and its description
	fangExampleEdge = 8  // code block margin and padding, both sides
	minDescWidth    = 24 // narrower than this, wrapping helps nobody
)

// helpWidth is the width Fang renders help for: the terminal's, at most 120.
func helpWidth() int {
	if s := os.Getenv("__FANG_TEST_WIDTH"); s != "" {
		w, _ := strconv.Atoi(s)
		return w
	}
	w, _, err := term.GetSize(os.Stdout.Fd())
	if err != nil {
		return 120
	}
	return min(w, 120)
}

// helpTarget is the command args ask help for, if they do.
func helpTarget(root *cobra.Command, args []string) *cobra.Command {
	if len(args) > 0 && args[0] == "help" {
		c, _, err := root.Find(args[1:])
		if err != nil {
			return nil
		}
		return c
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "--help" {
			c, _, err := root.Find(args)
			if err != nil {
				return root
			}
			return c
		}
	}
	return nil
}

// fitHelp wraps c's sub-command descriptions, flag descriptions and
// examples to width.
func fitHelp(c *cobra.Command, width int) {
	c.InheritedFlags() // merges the global flags into c.Flags()
	var subs []*cobra.Command
	var keys []int
	for _, sc := range c.Commands() {
		if sc.Hidden {
			continue
		}
		if usageWidth(sc) > width/3 && (strings.Contains(sc.Use, "[") || strings.Contains(sc.Use, " -")) {
			// A usage line that spells out its flags would widen the
			// name column for every command; the list needs the name and
			// the arguments, the command's own help has the rest.
			sc.Use = strings.Join(append([]string{sc.Name()}, argWords(sc.Use)...), " ")
		}
		subs = append(subs, sc)
		keys = append(keys, usageWidth(sc))
	}
	var flags []*pflag.Flag
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			flags = append(flags, f)
			keys = append(keys, flagKeyWidth(f))
		}
	})
	space := fangMinSpace
	for _, k := range keys {
		space = max(space, k+fangGap)
	}
	if desc := width - fangIndent - space; desc >= minDescWidth {
		for _, sc := range subs {
			sc.Short = wrapText(sc.Short, desc)
		}
		for _, f := range flags {
			f.Usage = wrapText(f.Usage, desc)
			if d := defaultSuffix(f); d != "" && lastLineWidth(f.Usage)+ansi.StringWidth(d) > desc {
				f.Usage += "\n" // Fang appends the default: give it a line
			}
		}
	}
	if c.Long != "" {
		c.Long = wrapText(c.Long, width-fangExampleEdge) // Fang's own wrap overruns by one
	}
	c.Example = wrapExamples(c.Example, width-fangExampleEdge)
}

var bracketed = regexp.MustCompile(`(\[.*\])`)

// usageWidth is how wide Fang draws sc in its parent's list of commands.
func usageWidth(sc *cobra.Command) int {
	u := sc.Use
	extra := 0
	if strings.Contains(u, "[args]") {
		extra += len(" [args]")
	}
	for _, k := range []string{"[args]", "[flags]", "[--flags]", "[command]"} {
		u = strings.ReplaceAll(u, k, "")
	}
	for _, arg := range bracketed.FindAllString(u, -1) {
		u = strings.ReplaceAll(u, arg, "")
		extra += 1 + ansi.StringWidth(arg)
	}
	if sc.HasAvailableSubCommands() {
		extra += len(" [command]")
	}
	if sc.HasFlags() || sc.HasPersistentFlags() || sc.HasAvailableFlags() {
		extra += len(" [--flags]")
	}
	return ansi.StringWidth(strings.TrimSpace(u)) + extra
}

func flagKeyWidth(f *pflag.Flag) int {
	if f.Shorthand != "" {
		return len("-" + f.Shorthand + " --" + f.Name)
	}
	return len("--" + f.Name)
}

// defaultSuffix is what Fang appends to a flag's description.
func defaultSuffix(f *pflag.Flag) string {
	if f.DefValue == "" || slices.Contains([]string{"false", "0", "[]"}, f.DefValue) {
		return ""
	}
	return " (" + f.DefValue + ")"
}

func lastLineWidth(s string) int {
	return ansi.StringWidth(s[strings.LastIndex(s, "\n")+1:])
}

func wrapText(s string, width int) string {
	return ansi.Wrap(s, width, "")
}

// wrapExamples breaks example lines wider than width at spaces into shell
// continuation lines ("\" at the end), which Fang indents. A quoted
// argument is never split, so the example still runs when pasted.
func wrapExamples(ex string, width int) string {
	if ex == "" || width < minDescWidth {
		return ex
	}
	lines := strings.Split(ex, "\n")
	var out []string
	for _, line := range lines {
		out = append(out, breakExample(line, width)...)
	}
	return strings.Join(out, "\n")
}

// breakExample splits one example line into continuation lines.
func breakExample(line string, width int) []string {
	const indent, cont = "  ", " \\"
	if ansi.StringWidth(strings.TrimSpace(line)) <= width {
		return []string{line}
	}
	words := shellWords(strings.TrimSpace(line))
	var out []string
	cur := ""
	for _, w := range words {
		limit := width - len(cont)
		if len(out) > 0 {
			limit -= len(indent) // Fang indents a continuation
		}
		if cur != "" && ansi.StringWidth(cur+" "+w) > limit {
			out = append(out, "  "+cur+cont)
			cur = w
			continue
		}
		cur = strings.TrimSpace(cur + " " + w)
	}
	return append(out, "  "+cur)
}

// shellWords splits a line at spaces outside quotes.
func shellWords(s string) []string {
	var words []string
	var b strings.Builder
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == ' ':
			if b.Len() > 0 {
				words = append(words, b.String())
				b.Reset()
			}
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() > 0 {
		words = append(words, b.String())
	}
	return words
}
