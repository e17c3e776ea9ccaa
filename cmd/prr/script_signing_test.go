package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/prr-dev/prr/review"
)

// signingCmds are the scripts' commands for signatures: an ssh-agent of
// the script's own, reading a Markdown record's signed statements out to
// files, and an attacker's edits of a JSON record.
var signingCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// agent-start: run an ssh-agent for the script and set SSH_AUTH_SOCK.
	"agent-start": func(ts *testscript.TestScript, neg bool, args []string) {
		dir, err := os.MkdirTemp("", "prr-agent") // short: a socket path has ~100 bytes
		ts.Check(err)
		sock := filepath.Join(dir, "s")
		cmd := exec.Command("ssh-agent", "-D", "-a", sock)
		ts.Check(cmd.Start())
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		ts.Defer(func() { _ = cmd.Process.Kill(); <-done; os.RemoveAll(dir) })
		for {
			if _, err := os.Stat(sock); err == nil {
				break
			}
			select {
			case <-done:
				ts.Fatalf("ssh-agent exited before it listened")
			case <-time.After(5 * time.Millisecond):
			}
		}
		ts.Setenv("SSH_AUTH_SOCK", sock)
	},
	// statement-of RECORD N STATEMENT SIGNATURE: write signed statement N
	// of a Markdown record and its signature to files, as a reader of the
	// wiki page would copy them out.
	"statement-of": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 4 {
			ts.Fatalf("usage: statement-of RECORD N STATEMENT SIGNATURE")
		}
		text := ts.ReadFile(args[0])
		head := regexp.MustCompile(`(?m)^#### Statement ` + args[1] + `:.*$`).FindStringIndex(text)
		if head == nil {
			ts.Fatalf("no statement %s in %s", args[1], args[0])
		}
		blocks := regexp.MustCompile("(?s)```text\n(.*?)\n```\n").FindAllStringSubmatch(text[head[1]:], 2)
		if len(blocks) != 2 {
			ts.Fatalf("statement %s has %d blocks", args[1], len(blocks))
		}
		ts.Check(os.WriteFile(ts.MkAbs(args[2]), []byte(blocks[0][1]+"\n"), 0o600))
		ts.Check(os.WriteFile(ts.MkAbs(args[3]), []byte(blocks[1][1]+"\n"), 0o600))
	},
	// tamper FILE ACTION...: change a JSON record as someone editing it by
	// hand would: rehash (recompute every hash, the sign-offs' too),
	// rechain (recompute the history chain), actor N NAME, drop N, swap N M,
	// note ITEM TEXT, signature N FILE.
	"tamper": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) < 2 {
			ts.Fatalf("usage: tamper FILE ACTION ARGS...")
		}
		var rec struct {
			Schema    string         `json:"schema"`
			Generator string         `json:"generator"`
			Hash      string         `json:"hash"`
			Review    *review.Review `json:"review"`
			History   []review.Event `json:"history"`
		}
		ts.Check(json.Unmarshal([]byte(ts.ReadFile(args[0])), &rec))
		num := func(s string) int {
			n, err := strconv.Atoi(s)
			ts.Check(err)
			return n - 1
		}
		r := rec.Review
		switch a := args[1:]; a[0] {
		case "rehash":
			h := review.ContentHash(r)
			rec.Hash = h
			for i := range r.SignOffs {
				r.SignOffs[i].Hash = h
			}
		case "rechain":
			for i := range rec.History {
				rec.History[i].Prev = ""
			}
			r.HistoryHead = ""
			review.AppendHistory(r, rec.History)
		case "actor":
			rec.History[num(a[1])].Actor = a[2]
		case "drop":
			i := num(a[1])
			rec.History = append(rec.History[:i], rec.History[i+1:]...)
		case "swap":
			i, j := num(a[1]), num(a[2])
			rec.History[i], rec.History[j] = rec.History[j], rec.History[i]
		case "note":
			ans := r.Answers[a[1]]
			ans.Note = strings.Join(a[2:], " ")
			r.Answers[a[1]] = ans
		case "signature":
			r.SignOffs[num(a[1])].Signature = ts.ReadFile(a[2])
		default:
			ts.Fatalf("unknown tamper action %q", a[0])
		}
		out, err := json.MarshalIndent(rec, "", "  ")
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[0]), append(out, '\n'), 0o600))
	},
}
