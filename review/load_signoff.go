package review

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// signoffRoles reads the signoff_roles list: each entry a role, or a
// mapping of a role that must sign ("role", "signed", "principals").
func (p *parser) signoffRoles(t *Template, n *yaml.Node) {
	entries := p.list(n, "signoff_roles")
	if len(entries) > maxListLen {
		p.fail(n, "signoff_roles has %d entries; at most %d are allowed", len(entries), maxListLen)
		return
	}
	seen := map[string]bool{}
	for _, e := range entries {
		var rule RoleRule
		at := e
		if e.Kind == yaml.MappingNode {
			m := p.mapping(e, "a sign-off role", "role", "signed", "principals")
			if m == nil {
				continue
			}
			if m["role"] == nil {
				p.fail(e, "a sign-off role written as a mapping needs 'role:', such as 'role: sre'")
				continue
			}
			at = m["role"]
			rule.Role = strings.TrimSpace(p.str(m["role"], "role"))
			if v := m["signed"]; v != nil {
				rule.Signed = p.boolean(v, "signed")
			}
			rule.Principals = p.strList(m["principals"], "principals")
		} else {
			rule.Role = strings.TrimSpace(p.str(e, "signoff_roles entry"))
		}
		r := strings.ToLower(rule.Role)
		switch {
		case r == "":
			continue
		case !ValidSlug(r):
			p.fail(at, "sign-off role %q must be a slug such as owner, sre or security", truncate(r, 40))
			continue
		case seen[r]:
			p.fail(at, "sign-off role %q is listed twice", r)
			continue
		}
		seen[r] = true
		t.SignoffRoles = append(t.SignoffRoles, r)
		if e.Kind == yaml.MappingNode {
			rule.Role = r
			t.SignoffRules = append(t.SignoffRules, rule)
		}
	}
}
