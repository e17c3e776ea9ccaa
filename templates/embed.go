// Package templates holds what prr ships inside its binary: the built-in
// checklists (YAML, in this folder) and the default layout of the exported
// record.
package templates

import "embed"

// Checklists holds the built-in checklist files, *.yaml at the top level.
//
//go:embed *.yaml
var Checklists embed.FS
