package main

import (
	"bufio"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// writeTable writes rows (the first is the header) as columns two spaces
// apart. Columns are padded to the width the text takes on the terminal,
// not to its number of bytes or runes as text/tabwriter does, so a service
// named with emoji or CJK characters does not push the columns after it
// out of line. Cells must already be single lines (textsafe.Line).
func writeTable(w io.Writer, rows [][]string) error {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	bw := bufio.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			bw.WriteString(cell)
			if i < len(row)-1 {
				bw.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
