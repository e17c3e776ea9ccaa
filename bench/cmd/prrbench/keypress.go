package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// keyPressBudget is the goal for one key press on the walk screen.
const keyPressBudget = 0.5e-3 // seconds

// benchLine matches one result line of `go test -bench`.
var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+([\d.]+) ns/op`)

// measureKeyPress runs the TUI's own benchmark of a key press on the walk
// screen of a 300-item checklist (tui.BenchmarkWalkKeyPress: Update + View
// with the guidance already rendered, at each size it covers), several
// times, and its test that moving over rendered items, scrolling, help and
// a known width cost no Glamour render. The render counter is internal to
// package tui, so the suite relies on these two: the benchmark fails itself
// if a key press rendered Markdown.
func (s *suite) measureKeyPress() []row {
	const metric = "key press on the walk screen, 300 items (Update+View)"
	bench := exec.Command(s.binPath("tui.test"), "-test.run", "^$", "-test.bench", "^BenchmarkWalkKeyPress$",
		"-test.count", strconv.Itoa(s.runs), "-test.benchtime", "1000x")
	bench.Dir = s.tuiDir
	out, err := bench.CombinedOutput()
	if err != nil {
		return []row{errRow(metric, fmt.Errorf("tui.test -test.bench BenchmarkWalkKeyPress: %v\n%s", err, lastBytes(string(out), 2000)))}
	}
	samples := map[string]sample{}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		ns, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			continue
		}
		if _, ok := samples[m[1]]; !ok {
			names = append(names, m[1])
		}
		samples[m[1]] = append(samples[m[1]], ns/1e9)
	}
	if len(names) == 0 {
		return []row{errRow(metric, fmt.Errorf("no benchmark results in:\n%s", lastBytes(string(out), 2000)))}
	}
	var rows []row
	for _, name := range names {
		sm := samples[name]
		size := strings.TrimPrefix(strings.TrimPrefix(name, "BenchmarkWalkKeyPress"), "/")
		label := metric
		if size != "" {
			label += " " + size
		}
		rows = append(rows, row{metric: label, prr: sm.describeN(dur), floor: "— (absolute)", ratio: "—",
			goal: "≤ " + dur(keyPressBudget), ok: yes(sm.median() <= keyPressBudget)})
	}
	test := exec.Command(s.binPath("tui.test"), "-test.run", "^TestGuidanceRenderedOncePerItem$", "-test.count", "1")
	test.Dir = s.tuiDir
	renders := row{metric: "  Glamour renders on keys that keep the item's guidance", prr: "0 (benchmark and test pass)",
		floor: "— (absolute)", ratio: "—", goal: "0", ok: yes(true)}
	if out, err := test.CombinedOutput(); err != nil {
		renders.prr, renders.ok = "> 0: TestGuidanceRenderedOncePerItem fails", yes(false)
		renders.err = fmt.Errorf("%v\n%s", err, lastBytes(string(out), 1500))
	}
	return append(rows, renders)
}
