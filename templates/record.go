package templates

import _ "embed"

// Record is the default layout of the exported Markdown record: a Go
// text/template executed with export.Data. It lives here, as text, so that
// users can copy it as the starting point of their own --template.
//
//go:embed record.md.tmpl
var Record string
