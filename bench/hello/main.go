// Command hello is the floor of prr's interactive figures: the smallest
// Bubble Tea v2 program, drawn at Bubble Tea's default 60 frames a second,
// that links the same libraries as prr and so pays the same package
// initialisation before main (imports.go; a test holds the two lists
// together). It shows "hello", and "key N" after the N-th key press, so the
// suite can time a key's way to the screen; ctrl+c or q ends it.
//
//	hello          run in a terminal
//	hello -init    end at once: only the package initialisation runs
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{ keys int }

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if k.String() == "ctrl+c" || k.String() == "q" {
			return m, tea.Quit
		}
		m.keys++
	}
	return m, nil
}

func (m model) View() tea.View {
	if m.keys == 0 {
		return tea.NewView("hello")
	}
	return tea.NewView(fmt.Sprintf("key %d", m.keys))
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-init" {
		return
	}
	if _, err := tea.NewProgram(model{}, tea.WithFPS(60)).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}
