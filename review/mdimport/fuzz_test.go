package mdimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prr-dev/prr/review"
)

// FuzzImport: any bytes give a template that loads from the YAML written,
// or a one-line error; never a panic. (Time and memory are bounded by
// MaxBytes and mdparse's budget; TestImportHostile checks both limits.)
func FuzzImport(f *testing.F) {
	for _, dir := range []string{"testdata/real", "testdata/own"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.md"))
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err == nil {
				f.Add(string(data))
			}
		}
	}
	for _, s := range []string{"- [ ] a\n  - [ ] b\n    - c", "| Name | Level |\n|-|-|\n| a | Must |", "---\ntitle: [x\n---\n- [ ] y", "# \n- [ ] \x00\u202e", "**A-1** — b\n- [ ] **A-1** c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		res, err := Import([]byte(md), "fuzz.md", Options{})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of several lines: %q", err)
			}
			return
		}
		y, err := YAML(res.Template)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := review.ParseTemplate("fuzz.yaml", y); err != nil {
			t.Fatalf("the YAML written does not load: %v\n%s", err, y)
		}
	})
}
