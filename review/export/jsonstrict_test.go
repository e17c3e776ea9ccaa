package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/templates"
)

// richRecord is the rich review's JSON record with old replaced by new
// once: a way to make a record a JSON encoder would never write.
func richRecord(t *testing.T, old, new string) []byte {
	t.Helper()
	rec := string(exportJSON(t, richReview(t), richHistory()))
	if !strings.Contains(rec, old) {
		t.Fatalf("the record has no %q", old)
	}
	return []byte(strings.Replace(rec, old, new, 1))
}

// A record must mean one thing: what someone reading it in git sees is
// what prr imports. encoding/json lets the last of two equal keys win,
// matches keys without regard to case, and turns invalid UTF-8 and lone
// surrogates into U+FFFD; ReadJSON refuses all of it.
func TestReadJSONRefusesAmbiguousRecords(t *testing.T) {
	const id = `    "id": "k3x9m2qa",` + "\n"
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"two ids", richRecord(t, id, id+`    "id": "zzzzzzzz",`+"\n"), `invalid record: line 7, column 5: the key "id" appears twice in one object`},
		{"ids in two cases", richRecord(t, id, id+`    "ID": "zzzzzzzz",`+"\n"), `line 7, column 5: the key "ID" appears twice in one object (as "id" too)`},
		{"an escaped id", richRecord(t, id, id+`    "\u0069d": "zzzzzzzz",`+"\n"), `line 7, column 5: the key "id" appears twice in one object`},
		{"a folded service", richRecord(t, `    "service": "payments-api",`, `    "service": "payments-api", "ſervice": "evil",`), `line 7, column 32: the key "ſervice" appears twice in one object (as "service" too)`},
		{"nested", richRecord(t, `        "status": "partial",`, `        "status": "partial", "status": "pass",`), `line 117, column 30: the key "status" appears twice`},
		{"two answers to one item", richRecord(t, `    "answers": {`, `    "answers": {"dpia": {"status": "pass"},`), `the key "dpia" appears twice in one object`},
		{"byte-order mark", append([]byte("\ufeff"), exportJSON(t, richReview(t), nil)...), "invalid record: it starts with a byte-order mark (U+FEFF); save it as UTF-8 without one"},
		{"invalid UTF-8", richRecord(t, `"Kari Nordmann"`, "\"Kari \xffNordmann\""), "invalid record: line 9, column 20: not valid UTF-8 text"},
		{"a lone surrogate", richRecord(t, `"Kari Nordmann"`, `"Kari \udc00Nordmann"`), `invalid record: line 9, column 20: \udc00 is half of a UTF-16 surrogate pair, not a character`},
		{"a surrogate pair cut short", richRecord(t, `"Kari Nordmann"`, `"Kari \ud83dNordmann"`), `invalid record: line 9, column 20: \ud83d is half of a UTF-16 surrogate pair`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadJSON(bytes.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v\nwant one containing %q", err, tt.want)
			}
			if _, err := Verify(bytes.NewReader(tt.in)); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Verify: %v", err)
			}
		})
	}
	// In an object of many keys (a set, not a list, finds the twin).
	many := `{"a": {`
	for i := range 40 {
		many += fmt.Sprintf(`"k%d": 1, `, i)
	}
	for _, tc := range []struct{ twin, want string }{
		{`"k7"`, `line 1, column 398: the key "k7" appears twice in one object; keep one`},
		{`"K7"`, `the key "K7" appears twice in one object (as "k7" too)`},
		{`"\u212a7"`, "the key \"\u212a7\" appears twice in one object (as \"k7\" too)"}, // the Kelvin sign
	} {
		err := checkJSONText([]byte(many + tc.twin + `: 2}}`))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("a twin %s among 40 keys: %v\nwant %q", tc.twin, err, tc.want)
		}
	}
	if err := checkJSONText([]byte(many + `"k40": 2}, "b": {"k7": 3}}`)); err != nil {
		t.Errorf("equal keys in different objects: %v", err)
	}
	// A surrogate pair written as escapes is one character, and fine.
	ok := richRecord(t, `"Kari Nordmann"`, `"Kari \ud83d\ude00 Nordmann"`)
	r, _, err := ReadJSON(bytes.NewReader(ok))
	if err != nil || r.Owner != "Kari \U0001F600 Nordmann" {
		t.Errorf("a surrogate pair: %v, %q", err, r.Owner)
	}
}

// BenchmarkReadJSON1000Items reads the record of a 1,000-item review:
// import reads one record per file, and a batch import reads thousands.
func BenchmarkReadJSON1000Items(b *testing.B) {
	var buf bytes.Buffer
	if err := JSON(&buf, bigReview(b, 1000), nil, "1.2.0"); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadJSON(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadJSONStandard reads the record of a review of the standard
// checklist, every item answered: the common case of a batch import.
func BenchmarkReadJSONStandard(b *testing.B) {
	c, err := review.LoadCatalog(templates.Checklists, "")
	if err != nil {
		b.Fatal(err)
	}
	e, _ := c.Lookup("standard")
	r, err := review.NewReview("abcd2345", *e.Template, review.Meta{Service: "payments-api"}, time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), "kari")
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range e.Template.Sections {
		for _, it := range s.Items {
			r.Answers[it.ID] = review.Answer{Status: review.Pass, Note: "Checked in the meeting.\nSee the runbook.", Evidence: []string{"https://wiki.example.com/" + it.ID}}
		}
	}
	var buf bytes.Buffer
	if err := JSON(&buf, r, nil, "1.2.0"); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadJSON(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadJSONRich reads a record of the size of a real review.
func BenchmarkReadJSONRich(b *testing.B) {
	var buf bytes.Buffer
	if err := JSON(&buf, richReview(b), richHistory(), "1.2.0"); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := ReadJSON(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheckJSONText1000Items is the cost of refusing ambiguous
// records, alone.
func BenchmarkCheckJSONText1000Items(b *testing.B) {
	var buf bytes.Buffer
	if err := JSON(&buf, bigReview(b, 1000), nil, "1.2.0"); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := checkJSONText(data); err != nil {
			b.Fatal(err)
		}
	}
}

// twinKeys walks data with encoding/json's own tokenizer and reports
// whether some object has two keys that strings.EqualFold takes for one.
func twinKeys(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object    bool
		keys      []string
		expectKey bool
	}
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].object && stack[top].expectKey
		if top >= 0 && stack[top].object {
			stack[top].expectKey = !stack[top].expectKey
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{':
				stack = append(stack, frame{object: true, expectKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].expectKey = true
				}
				continue
			}
			if isKey {
				return false // cannot happen in valid JSON
			}
		case string:
			if isKey {
				for _, k := range stack[top].keys {
					if strings.EqualFold(k, tok) {
						return true
					}
				}
				stack[top].keys = append(stack[top].keys, tok)
			}
		}
	}
}

// FuzzCheckJSONText holds checkJSONText to encoding/json's own reading:
// on valid JSON it refuses exactly the objects with twin keys (and, on
// top of that, only text that is not UTF-8 or has a lone surrogate).
//
//	go test -run '^$' -fuzz FuzzCheckJSONText -fuzztime 30s ./review/export/
func FuzzCheckJSONText(f *testing.F) {
	for _, s := range []string{`{"a":1,"A":2}`, `{"id":1,"\u0069d":2}`, `{"s":1,"ſ":2}`, `{"a":{"b":1},"c":[{"b":2},{"b":3}]}`,
		`{"k":1,"\u212a":2}`, `["a","a"]`, `{"a":"\ud800"}`, `{"\ud83d\ude00":1,"\ud83d\ude00":2}`, `{"a\/b":1,"a/b":2}`, `"x"`, `{}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) || bytes.HasPrefix(data, []byte("\ufeff")) {
			return
		}
		err := checkJSONText(data)
		twins := twinKeys(data)
		switch {
		case twins && err == nil:
			t.Fatalf("%q has twin keys and was accepted", data)
		case !twins && err != nil && !strings.Contains(err.Error(), "UTF-8") && !strings.Contains(err.Error(), "surrogate"):
			t.Fatalf("%q refused: %v", data, err)
		case err != nil && strings.Contains(err.Error(), "UTF-8") && utf8.Valid(data):
			t.Fatalf("%q is UTF-8 and refused: %v", data, err)
		}
	})
}
