package store

import (
	"testing"

	"github.com/prr-dev/prr/review"
)

func TestTemplateBySnapshotHash(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "svc")
	got, err := s.Template(review.TemplateHash(&r.Template))
	if err != nil || got == nil || review.TemplateHash(got) != review.TemplateHash(&r.Template) {
		t.Fatalf("Template: %v, %v", got, err)
	}
	for _, h := range []string{"sha256:" + "00000000000000000000000000000000000000000000000000000000000000ab", "nope", ""} {
		if got, err := s.Template(h); got != nil || err != nil {
			t.Errorf("Template(%q) = %v, %v; want nothing", h, got, err)
		}
	}
}
