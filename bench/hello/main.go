// Command hello is the floor of the first-frame benchmark: the smallest
// Bubble Tea v2 program there is. bench/run builds it the same way as prr
// and times it in the same pseudo-terminal until "hello" is on screen.
package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
)

type model struct{}

func (model) Init() tea.Cmd { return nil }

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && (k.String() == "ctrl+c" || k.String() == "q") {
		return m, tea.Quit
	}
	return m, nil
}

func (model) View() tea.View { return tea.NewView("hello") }

func main() {
	if _, err := tea.NewProgram(model{}).Run(); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}
