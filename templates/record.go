package templates

import _ "embed"

// Record is the default layout of the exported Markdown record: a Go
// text/template executed with export.Data. It lives here, as text, so that
// users can copy it as the starting point of their own --template.
//
//go:embed record.md.tmpl
var Record string

// RecordCompact is the compact layout: a table per section, a row per item.
//
//go:embed record-compact.md.tmpl
var RecordCompact string

// RecordParts defines the parts both layouts share (the details table,
// participants, verdict, evidence, actions, waiver, sign-offs). prr loads
// it before every layout, so a user's layout may call them too.
//
//go:embed record-parts.md.tmpl
var RecordParts string
