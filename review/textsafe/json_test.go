package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	in := "csi \u009b2J osc \u009d0;x del \x7f rlo \u202eevil\u202c zw a\u200bb bom \ufeff tag \U000e0041 æøå 日本 ✅"
	enc, err := json.Marshal(map[string]string{"s": in})
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(enc)
	want := `{"s":"csi \u009b2J osc \u009d0;x del \u007f rlo \u202eevil\u202c zw a\u200bb bom \ufeff tag \udb40\udc41 æøå 日本 ✅"}`
	if string(out) != want {
		t.Errorf("JSON = %s\nwant   %s", out, want)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["s"] != in {
		t.Errorf("decodes to %q, %v", back["s"], err)
	}
	plain := []byte(`{"s":"plain æøå"}`)
	if out := JSON(plain); &out[0] != &plain[0] {
		t.Error("JSON copied text with nothing to escape")
	}
}

func FuzzJSON(f *testing.F) {
	for _, s := range []string{"\u009b", "\u202e", "a\x7fb", "\U000e0001", "\xff\xfe", "plain", "twelve bytes\x7f", "0123456789abcdef\u009b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(enc)
		var back, want string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("JSON(%s) = %s is not JSON: %v", enc, out, err)
		}
		_ = json.Unmarshal(enc, &want)
		if back != want {
			t.Fatalf("JSON(%s) = %s decodes to %q, want %q", enc, out, back, want)
		}
		for _, r := range string(out) {
			if r == 0x7f || r >= 0x80 && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0xfeff {
				t.Fatalf("JSON(%s) = %s keeps %U", enc, out, r)
			}
		}
	})
}

// BenchmarkJSONNothingToEscape is the cost on prr list --json's usual
// output: 10,000 rows of about 300 bytes, ASCII and some Norwegian.
func BenchmarkJSONNothingToEscape(b *testing.B) {
	row := `{"id":"k3x9m2qa","service":"betaling-åpen-api","team":"payments","template_id":"standard","template_version":3,"template_title":"Production readiness review (standard)","verdict":"blocked","state":"draft","answered":12,"total":80,"blocking":24,"open_actions":0,"score":0,"created_at":"2026-12-04T12:08:18.902923196Z","updated_at":"2026-12-04T12:08:18.902923196Z"}`
	data := []byte(strings.Repeat(row+",\n", 10000))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		JSON(data)
	}
}
