package mdimport

import (
	"bytes"

	"go.yaml.in/yaml/v3"

	"github.com/prr-dev/prr/review"
)

// The template as YAML, in the order and form of prr's own templates:
// text of several lines as block scalars (yaml.v3 writes them so).
type yamlTemplate struct {
	ID          string        `yaml:"id"`
	Version     int           `yaml:"version"`
	Title       string        `yaml:"title"`
	Description string        `yaml:"description,omitempty"`
	Sections    []yamlSection `yaml:"sections"`
}

type yamlSection struct {
	ID          string     `yaml:"id"`
	Title       string     `yaml:"title"`
	Description string     `yaml:"description,omitempty"`
	Items       []yamlItem `yaml:"items"`
}

type yamlItem struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	Required bool     `yaml:"required"`
	Level    int      `yaml:"level"`
	Guidance string   `yaml:"guidance,omitempty"`
	Tags     []string `yaml:"tags,omitempty,flow"`
	Refs     []string `yaml:"refs,omitempty"`
}

// YAML writes t as a template file that prr templates validate accepts.
func YAML(t *review.Template) ([]byte, error) {
	y := yamlTemplate{ID: t.ID, Version: t.Version, Title: t.Title, Description: t.Description}
	for _, s := range t.Sections {
		ys := yamlSection{ID: s.ID, Title: s.Title, Description: s.Description}
		for _, it := range s.Items {
			ys.Items = append(ys.Items, yamlItem{ID: it.ID, Title: it.Title, Required: it.Required, Level: max(it.Level, 1), Guidance: it.Guidance, Tags: it.Tags, Refs: it.Refs})
		}
		y.Sections = append(y.Sections, ys)
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(y); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
