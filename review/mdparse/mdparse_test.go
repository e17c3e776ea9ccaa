package mdparse

import (
	"strings"
	"testing"
)

func TestParseRefusesCostlyText(t *testing.T) {
	for name, in := range map[string]string{
		"links":  strings.Repeat("[a](", 1<<15),
		"stars":  strings.Repeat("*a", 1<<16),
		"code":   strings.Repeat("`a", 1<<16),
		"tildes": strings.Repeat("~~a", 1<<15),
		"spread": strings.Repeat(strings.Repeat("[a](", 600)+"\n\n", 200),
		"10 MB":  strings.Repeat("[", 10<<20),
	} {
		if _, err := Parse([]byte(in)); err == nil || !strings.Contains(err.Error(), "too dense") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestParseReadsOrdinaryText(t *testing.T) {
	para := "A note with [a link](<https://example.com>), *emphasis*, `code` and ~~strike~~.\n\n"
	row := "| 1.1 [x](<https://a.example>) · id `x` | ✅ pass | *below* | [https://b.example](<https://b.example>) |\n"
	for name, in := range map[string]string{
		"paragraphs": strings.Repeat(para, 4000),
		"table":      "| a | b | c | d |\n| --- | --- | --- | --- |\n" + strings.Repeat(row, 4000),
	} {
		doc, err := Parse([]byte(in))
		if err != nil || doc.FirstChild() == nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
