package export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

func TestVerifyJSON(t *testing.T) {
	r := richReview(t)
	rep, err := Verify(bytes.NewReader(exportJSON(t, r, richHistory())))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "json" || !rep.Recomputed || rep.Hash != review.ContentHash(r) {
		t.Errorf("report %+v", rep)
	}
	// Kari's approve is stale, Mallory's reject superseded (and stale),
	// Ola's and Mallory's later approvals match.
	want := []struct {
		name    string
		d       review.Decision
		matches bool
	}{
		{"Kari Nordmann", review.Approve, false},
		{"Mallory " + hostileImg, review.Reject, false},
		{"Ola | Nordmann", review.ApproveWithConditions, true},
		{"Mallory " + hostileImg, review.Approve, true},
	}
	if len(rep.SignOffs) != len(want) {
		t.Fatalf("%d sign-offs, want %d", len(rep.SignOffs), len(want))
	}
	for i, w := range want {
		got := rep.SignOffs[i]
		if got.Name != w.name || got.Decision != w.d || got.Matches != w.matches {
			t.Errorf("sign-off %d = %+v, want %+v", i, got, w)
		}
	}
	notes := strings.Join(append(rep.Problems, rep.Notes...), "\n")
	for _, s := range []string{
		"the approve by Kari Nordmann (owner) on 2026-03-14 10:05 is stale",
		"the reject by Mallory <img src=x onerror=alert(1)> (security) on 2026-03-14 10:06 was replaced by a later sign-off",
		"2 of 3 current sign-offs match the recomputed content hash",
	} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
	if strings.Contains(notes, "changed after export") {
		t.Errorf("an untouched record is reported as changed:\n%s", notes)
	}
}

// TestVerifyJSONEdited: a record edited after export no longer matches its
// sign-offs, and Verify says so.
func TestVerifyJSONEdited(t *testing.T) {
	in := edit(t, func(m map[string]any) { answer(m, "ros")["status"] = "pass" })
	rep, err := Verify(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.SignOffs {
		if s.Matches {
			t.Errorf("%s's sign-off matches edited content", s.Name)
		}
	}
	notes := strings.Join(append(rep.Problems, rep.Notes...), "\n")
	for _, s := range []string{"changed after export", "0 of 3 current sign-offs match", "would not import: review k3x9m2qa: item ros: only a failing or partial item can be waived"} {
		if !strings.Contains(notes, s) {
			t.Errorf("notes lack %q:\n%s", s, notes)
		}
	}
}

func TestVerifyMarkdown(t *testing.T) {
	r := richReview(t)
	for _, fm := range []bool{false, true} {
		rep, err := Verify(bytes.NewReader(render(t, r, Options{FrontMatter: fm})))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Format != "markdown" || rep.Recomputed || rep.Hash != review.ContentHash(r) {
			t.Errorf("report %+v", rep)
		}
		want := []SignOffCheck{
			{Name: "Kari Nordmann", Role: "owner", Decision: review.Approve, At: at("2026-03-14 10:05"), Matches: false},
			{Name: "Mallory " + hostileImg, Role: "security", Decision: review.Reject, At: at("2026-03-14 10:06"), Matches: false},
			{Name: "Ola | Nordmann", Role: "sre", Decision: review.ApproveWithConditions, At: at("2026-03-14 10:35"), Matches: true},
			{Name: "Mallory " + hostileImg, Role: "security", Decision: review.Approve, At: at("2026-03-14 10:40"), Matches: true},
		}
		if len(rep.SignOffs) != len(want) {
			t.Fatalf("%d sign-offs, want %d: %+v", len(rep.SignOffs), len(want), rep.SignOffs)
		}
		for i, w := range want {
			got := rep.SignOffs[i]
			if got.Name != w.Name || got.Role != w.Role || got.Decision != w.Decision || !got.At.Equal(w.At) || got.Matches != w.Matches || !strings.HasPrefix(r.SignOffs[i].Hash, got.Hash) {
				t.Errorf("sign-off %d = %+v, want %+v", i, got, w)
			}
		}
		notes := strings.Join(append(rep.Problems, rep.Notes...), "\n")
		for _, s := range []string{"cannot be recomputed", "2 of 3 current sign-offs name the stated content hash", "was replaced by a later sign-off", "the approve by Kari Nordmann (owner) on 2026-03-14 10:05 names another hash"} {
			if !strings.Contains(notes, s) {
				t.Errorf("notes lack %q:\n%s", s, notes)
			}
		}
	}
}

// TestVerifyMarkdownForgedFooter: user text cannot plant a second footer
// line, because its colon and backticks are escaped.
func TestVerifyMarkdownForgedFooter(t *testing.T) {
	r := richReview(t)
	a := r.Answers["dpia"]
	a.Note = "\nContent hash: `sha256:" + strings.Repeat("0", 64) + "`\n"
	r.Answers["dpia"] = a
	r.Service = "Content hash: sha256:" + strings.Repeat("1", 64)
	rep, err := Verify(bytes.NewReader(render(t, r, Options{})))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Hash != review.ContentHash(r) {
		t.Errorf("Verify read the forged hash %s", rep.Hash)
	}
}

func TestVerifyMarkdownWithoutHash(t *testing.T) {
	if _, err := Verify(strings.NewReader("# Some page\n\nNo record here.\n")); err == nil || !strings.Contains(err.Error(), "no content hash") {
		t.Errorf("error %v", err)
	}
	rep, err := Verify(strings.NewReader("# Record\n\nContent hash: `sha256:" + strings.Repeat("a", 64) + "` · prr 1.0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.SignOffs) != 0 || !strings.Contains(strings.Join(rep.Notes, "\n"), "no sign-off table") {
		t.Errorf("report %+v", rep)
	}
}

func TestVerifyBadJSON(t *testing.T) {
	if _, err := Verify(strings.NewReader(`{"schema": "other"}`)); err == nil || !strings.Contains(err.Error(), "unsupported record schema") {
		t.Errorf("error %v", err)
	}
}

func TestDefaultFileName(t *testing.T) {
	r := richReview(t)
	for _, tt := range []struct{ service, want string }{
		{"payments-api", "prr-payments-api-2026-03-14.md"},
		{"Payments API (EU)", "prr-payments-api-eu-2026-03-14.md"},
		{"../../etc/passwd", "prr-etc-passwd-2026-03-14.md"},
		{"Bærekraft søk", "prr-baerekraft-sok-2026-03-14.md"},
		{"<script>", "prr-script-2026-03-14.md"},
		{"日本語", "prr-k3x9m2qa-2026-03-14.md"},
		{strings.Repeat("a", 300), "prr-" + strings.Repeat("a", 60) + "-2026-03-14.md"},
	} {
		r.Service = tt.service
		if got := DefaultFileName(r); got != tt.want {
			t.Errorf("DefaultFileName(%q) = %q, want %q", tt.service, got, tt.want)
		}
	}
	r.Service, r.ID = "", ""
	if got := DefaultFileName(r); got != "prr-review-2026-03-14.md" {
		t.Errorf("DefaultFileName of nothing = %q", got)
	}
}
