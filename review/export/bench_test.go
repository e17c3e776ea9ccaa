package export

import (
	"encoding/json"
	"io"
	"testing"
)

// BenchmarkMarkdown1000Items renders the record of a 1,000-item review
// with the default layout, parsing the layout included.
func BenchmarkMarkdown1000Items(b *testing.B) {
	r := bigReview(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := Markdown(io.Discard, r, Options{Version: "1.2.0"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSONMarshal1000Items is the floor: encoding/json on the same
// review, no escaping, no layout.
func BenchmarkJSONMarshal1000Items(b *testing.B) {
	r := bigReview(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJSON1000Items is the JSON record: indented, normalised, with
// the content hash.
func BenchmarkJSON1000Items(b *testing.B) {
	r := bigReview(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if err := JSON(io.Discard, r, nil, "1.2.0"); err != nil {
			b.Fatal(err)
		}
	}
}
