package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/prr-dev/prr/review/userfile"
)

// CatalogEntry is a template known to prr, with where it came from.
type CatalogEntry struct {
	Template *Template
	BuiltIn  bool
	// Source is "built-in" or the path of the custom template file.
	Source string
}

// Catalog is every template prr knows: the built-in ones and the custom ones
// from the user's templates folder.
type Catalog struct {
	Entries []CatalogEntry
}

// LoadCatalog reads the built-in templates from builtin (every *.yaml at
// its top level) and the custom ones from dir (every *.yaml and *.yml; a
// missing folder is fine). Bad custom files do not hide the good ones: the
// catalog holds what loaded and the error lists each file that did not.
// A custom template may not reuse the id of a built-in one, nor of another
// custom one.
func LoadCatalog(builtin fs.FS, dir string) (*Catalog, error) {
	c := &Catalog{}
	names, err := fs.Glob(builtin, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for _, n := range names {
		data, err := fs.ReadFile(builtin, n)
		if err != nil {
			return nil, fmt.Errorf("read built-in template %s: %w", n, err)
		}
		t, err := ParseTemplate("built-in "+path.Base(n), data)
		if err != nil {
			return nil, err // a broken built-in template is a bug in prr
		}
		c.Entries = append(c.Entries, CatalogEntry{Template: t, BuiltIn: true, Source: "built-in"})
	}
	if dir == "" {
		return c, nil
	}
	files, err := customFiles(dir)
	if err != nil {
		return c, err
	}
	var errs []error
	for _, f := range files {
		t, err := LoadTemplateFile(f)
		if err == nil {
			err = c.Add(t, f)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return c, errors.Join(errs...)
}

// Add adds a custom template read from source, unless its id is taken by
// a built-in template or another custom one: an id names one checklist.
func (c *Catalog) Add(t *Template, source string) error {
	if prev, ok := c.Lookup(t.ID); ok {
		return fmt.Errorf("%s: template id %q is already used by %s; give this template another id", source, t.ID, prev.Source)
	}
	c.Entries = append(c.Entries, CatalogEntry{Template: t, Source: source})
	return nil
}

func customFiles(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil && !st.IsDir() {
		return nil, fmt.Errorf("templates folder %s is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read templates folder: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		if ext := filepath.Ext(name); ext == ".yaml" || ext == ".yml" {
			out = append(out, filepath.Join(dir, name))
		}
	}
	sort.Strings(out)
	return out, nil
}

// LoadTemplateFile reads and validates one template file. Only a regular
// file is read (a FIFO or a device in the templates folder cannot block
// prr), and at most MaxTemplateBytes of it.
func LoadTemplateFile(file string) (*Template, error) {
	buf, err := userfile.Read(file, MaxTemplateBytes)
	var tl *userfile.TooLargeError
	if errors.As(err, &tl) {
		return nil, &TemplateError{File: file, Msg: "the file " + tl.Error() + " for a template"}
	}
	if err != nil {
		return nil, &TemplateError{File: file, Msg: err.Error(), Err: err}
	}
	return ParseTemplate(file, buf)
}

// Lookup finds a template by id.
func (c *Catalog) Lookup(id string) (CatalogEntry, bool) {
	for _, e := range c.Entries {
		if e.Template.ID == id {
			return e, true
		}
	}
	return CatalogEntry{}, false
}

// IDs lists the ids of every template, built-in ones first.
func (c *Catalog) IDs() []string {
	out := make([]string, len(c.Entries))
	for i, e := range c.Entries {
		out[i] = e.Template.ID
	}
	return out
}

// Newest returns the newest version of the checklist t is a version of:
// the catalog's, unless t is as new or newer, or the catalog lacks it.
func (c *Catalog) Newest(t *Template) *Template {
	if e, ok := c.Lookup(t.ID); ok && e.Template.Version > t.Version {
		return e.Template
	}
	return t
}

// Versions returns the version of every template in the catalog, by id.
func (c *Catalog) Versions() map[string]int {
	out := make(map[string]int, len(c.Entries))
	for _, e := range c.Entries {
		out[e.Template.ID] = e.Template.Version
	}
	return out
}
