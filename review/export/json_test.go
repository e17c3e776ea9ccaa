package export

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/prr-dev/prr/review"
)

func exportJSON(t testing.TB, r *review.Review, h []review.Event) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := JSON(&buf, r, h, "1.2.0"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONGolden(t *testing.T) {
	golden(t, "rich.json.golden", exportJSON(t, richReview(t), richHistory()))
}

func TestJSONShape(t *testing.T) {
	r := richReview(t)
	out := exportJSON(t, r, richHistory())
	var top map[string]json.RawMessage
	if err := json.Unmarshal(out, &top); err != nil {
		t.Fatal(err)
	}
	if string(top["schema"]) != `"prr.review/v1"` || string(top["hash"]) != `"`+review.ContentHash(r)+`"` || string(top["generator"]) != `"prr 1.2.0"` {
		t.Errorf("schema %s hash %s generator %s", top["schema"], top["hash"], top["generator"])
	}
	// History keeps the order it was given in, the order of its chain,
	// even where the times go back (one machine's clock behind another's).
	var h []review.Event
	if err := json.Unmarshal(top["history"], &h); err != nil {
		t.Fatal(err)
	}
	given := richHistory()
	if len(h) != len(given) {
		t.Fatalf("%d events, want %d", len(h), len(given))
	}
	for i := range h {
		if h[i].Field != given[i].Field || !h[i].At.Equal(given[i].At) {
			t.Errorf("event %d is %s at %v, want %s at %v", i+1, h[i].Field, h[i].At, given[i].Field, given[i].At)
		}
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"schema\": \"prr.review/v1\",\n")) || !bytes.HasSuffix(out, []byte("}\n")) {
		t.Errorf("not indented, schema first, one final newline:\n%.200s", out)
	}
}

// TestJSONRoundTrip: export, import and export again gives the same bytes,
// and the imported review is the same review (same content hash, same
// verdict, same Markdown record).
func TestJSONRoundTrip(t *testing.T) {
	r := richReview(t)
	first := exportJSON(t, r, richHistory())
	r2, h2, err := ReadJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	if second := exportJSON(t, r2, h2); !bytes.Equal(first, second) {
		t.Fatalf("export → import → export changed the bytes:\n%s", firstDiff(first, second))
	}
	if review.ContentHash(r2) != review.ContentHash(r) {
		t.Error("the content hash changed on import")
	}
	if !bytes.Equal(render(t, r, Options{}), render(t, r2, Options{})) {
		t.Error("the Markdown record changed on import")
	}
	if len(h2) != 3 {
		t.Errorf("%d history events, want 3", len(h2))
	}
}

// TestJSONTimeZones: times stored in any zone are written in UTC.
func TestJSONTimeZones(t *testing.T) {
	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	want := exportJSON(t, richReview(t), richHistory())

	time.Local = time.FixedZone("X", -5*3600)
	r := richReview(t)
	r.CreatedAt = r.CreatedAt.Local()
	r.UpdatedAt = r.UpdatedAt.In(time.FixedZone("Y", 7*3600))
	for i := range r.SignOffs {
		r.SignOffs[i].At = r.SignOffs[i].At.Local()
	}
	h := richHistory()
	for i := range h {
		h[i].At = h[i].At.Local()
	}
	if got := exportJSON(t, r, h); !bytes.Equal(got, want) {
		t.Fatalf("the zone changed the JSON:\n%s", firstDiff(want, got))
	}
}

func TestJSONNilAndEmpty(t *testing.T) {
	r := richReview(t)
	r.Answers = nil
	out := exportJSON(t, r, nil)
	if !bytes.Contains(out, []byte(`"answers": {}`)) || !bytes.Contains(out, []byte(`"history": []`)) {
		t.Errorf("nil answers and history must be written as {} and []:\n%.300s", out)
	}
	r2, h2, err := ReadJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if r2.Answers == nil || h2 == nil && len(h2) != 0 {
		t.Error("ReadJSON returned a nil answers map")
	}
	if !bytes.Equal(exportJSON(t, r2, h2), out) {
		t.Error("round trip of an empty review changed the bytes")
	}
}

// edit exports the rich review, lets f change the decoded JSON, and
// returns the re-encoded bytes.
func edit(t *testing.T, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(exportJSON(t, richReview(t), richHistory()), &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rev(m map[string]any) map[string]any { return m["review"].(map[string]any) }
func answer(m map[string]any, id string) map[string]any {
	return rev(m)["answers"].(map[string]any)[id].(map[string]any)
}

func TestReadJSONRejects(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "invalid record: the file is empty"},
		{"cut short", []byte(`{"schema": "prr.review/v1", "review": {`), "invalid record: the JSON ends too early"},
		{"not JSON", []byte("# a Markdown record"), "line 1, column 1: invalid character '#'"},
		{"syntax error with position", []byte("{\n  \"schema\": \"prr.review/v1\",\n  \"review\": {,}\n}"), "line 3, column"},
		{"no schema", []byte(`{"review": {}}`), `no "schema"`},
		{"wrong schema", edit(t, func(m map[string]any) { m["schema"] = "prr.review/v2" }), `unsupported record schema "prr.review/v2"`},
		{"unknown top-level field", edit(t, func(m map[string]any) { m["extra"] = 1 }), `unknown field "extra"`},
		{"unknown nested field", edit(t, func(m map[string]any) { answer(m, "dpia")["score"] = 3 }), `unknown field "score"`},
		{"wrong type", edit(t, func(m map[string]any) { rev(m)["service"] = 42 }), "review.service must be string"},
		{"trailing data", append(exportJSON(t, richReview(t), nil), []byte(`{}`)...), "after top-level value"},
		{"bad id", edit(t, func(m map[string]any) { rev(m)["id"] = "../etc" }), "not a prr review id"},
		{"no service", edit(t, func(m map[string]any) { rev(m)["service"] = "" }), "service name is empty"},
		{"multi-line owner", edit(t, func(m map[string]any) { rev(m)["owner"] = "a\nb" }), "single line"},
		{"no created_at", edit(t, func(m map[string]any) { rev(m)["created_at"] = "0001-01-01T00:00:00Z" }), "created_at"},
		{"unknown status", edit(t, func(m map[string]any) { answer(m, "dpia")["status"] = "maybe" }), `item dpia: unknown status "maybe"`},
		{"n/a without reason", edit(t, func(m map[string]any) { delete(answer(m, "tracing"), "note") }), "item tracing: n/a needs a short reason"},
		{"waiver on a pass", edit(t, func(m map[string]any) {
			answer(m, "dpia")["waiver"] = map[string]any{"reason": "r", "accepted_by": "k", "expires": "2026-01-01"}
		}), "only a failing or partial item can be waived"},
		{"bad due date", edit(t, func(m map[string]any) {
			answer(m, "ros")["actions"] = []any{map[string]any{"text": "x", "due": "soon"}}
		}), "not a YYYY-MM-DD date"},
		{"answer for an unknown item", edit(t, func(m map[string]any) {
			rev(m)["answers"].(map[string]any)["ghost"] = map[string]any{"status": "pass"}
		}), `answer for item "ghost"`},
		{"duplicate item id", edit(t, func(m map[string]any) {
			sec := rev(m)["template"].(map[string]any)["sections"].([]any)[0].(map[string]any)
			sec["items"].([]any)[1].(map[string]any)["id"] = "slo-defined"
		}), `template snapshot payments-prr: item id "slo-defined" is already used`},
		{"bad template level", edit(t, func(m map[string]any) {
			sec := rev(m)["template"].(map[string]any)["sections"].([]any)[0].(map[string]any)
			sec["items"].([]any)[0].(map[string]any)["level"] = 7
		}), "level must be 1 (bronze), 2 (silver) or 3 (gold)"},
		{"empty template", edit(t, func(m map[string]any) { rev(m)["template"].(map[string]any)["sections"] = []any{} }), "sections is empty"},
		{"bad sign-off decision", edit(t, func(m map[string]any) {
			rev(m)["signoffs"].([]any)[0].(map[string]any)["decision"] = "lgtm"
		}), `sign-off 1: unknown decision "lgtm"`},
		{"bad sign-off hash", edit(t, func(m map[string]any) {
			rev(m)["signoffs"].([]any)[1].(map[string]any)["hash"] = "md5:abc"
		}), `sign-off 2 (Mallory <img src=x onerror=alert(1)>): hash "md5:abc" is not sha256`},
		{"bad event", edit(t, func(m map[string]any) { m["history"].([]any)[0].(map[string]any)["field"] = "" }), "history event 1: field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadJSON(bytes.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error; want one containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

// endless is an endless stream of spaces: valid JSON whitespace, so only
// the size limit can stop it.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func TestReadJSONOversized(t *testing.T) {
	_, _, err := ReadJSON(io.MultiReader(strings.NewReader(`{"schema":"prr.review/v1",`), endless{}))
	if err == nil || !strings.Contains(err.Error(), "larger than 32 MiB") {
		t.Errorf("oversized input: %v", err)
	}
	if _, err := Verify(endless{}); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("Verify of oversized input: %v", err)
	}
}

func TestJSONNilReview(t *testing.T) {
	if err := JSON(&bytes.Buffer{}, nil, nil, ""); err == nil {
		t.Error("no error for a nil review")
	}
}
