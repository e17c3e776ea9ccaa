package review

import (
	"strings"
	"testing"
)

// A template snapshot is judged by its content, remembered or not: the
// same snapshot gives the same answer, and a change gives a new one.
func TestTemplateValidateRemembersByContent(t *testing.T) {
	good, err := ParseTemplate("t.yaml", []byte(goodTemplate))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := good.Validate(); err != nil {
			t.Fatalf("a good snapshot: %v", err)
		}
	}
	bad := *good
	bad.Sections = append([]Section(nil), good.Sections...)
	bad.Sections[0].Items = append([]Item(nil), good.Sections[0].Items...)
	bad.Sections[0].Items[1].ID = "slo-defined"
	for range 2 {
		if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), `item id "slo-defined" is already used`) {
			t.Fatalf("a snapshot with a twin item id: %v", err)
		}
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("the good snapshot after the bad one: %v", err)
	}
	for i := range maxMemo + 5 { // more snapshots than are remembered
		other := *good
		other.Version = i + 1
		if err := other.Validate(); err != nil {
			t.Fatalf("version %d: %v", i+1, err)
		}
	}
	if err := bad.Validate(); err == nil {
		t.Fatal("the bad snapshot passed once forgotten")
	}
}
