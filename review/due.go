package review

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// ServiceKey is the name a service is known by across its reviews: its
// reviews are those whose service names match without regard to case or
// surrounding space ("Payments-API" and "payments-api" are one service).
func ServiceKey(service string) string { return strings.ToLower(strings.TrimSpace(service)) }

// Latest returns, for each service, its newest review (by when it was
// started) among sums, in sums' order.
func Latest(sums []Summary) []Summary {
	newest := map[string]int{}
	for i, s := range sums {
		k := ServiceKey(s.Service)
		if j, ok := newest[k]; !ok || startedAfter(s, sums[j]) {
			newest[k] = i
		}
	}
	var out []Summary
	for i, s := range sums {
		if newest[ServiceKey(s.Service)] == i {
			out = append(out, s)
		}
	}
	return out
}

// startedAfter orders reviews by when they were started, then by id.
func startedAfter(a, b Summary) bool {
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c > 0
	}
	return a.ID > b.ID
}

// DueOptions tune Due.
type DueOptions struct {
	// Within is how far ahead to look: something due within it from today
	// is listed, as is everything already overdue. Empty: today only.
	Within Period
	// Team lists only the services whose newest review names this team
	// (without regard to case); empty for every team.
	Team string
	// Newest is the newest version of each template prr knows (the
	// catalog's), by template id; a newer version a review uses counts too.
	Newest map[string]int
	// ValidFor is the valid_for setting (see RenewalOf).
	ValidFor Period
}

// Digest is what is due across the reviews: what a cron job mails or
// posts to chat (prr due), grouped by team and owner.
type Digest struct {
	Today  Date       `json:"today"`
	Until  Date       `json:"until"`
	Groups []DueGroup `json:"groups"`
}

// DueGroup is what is due for one team and owner, as the newest review of
// each of their services names them.
type DueGroup struct {
	Team      string        `json:"team"`
	Owner     string        `json:"owner"`
	Renewals  []DueRenewal  `json:"renewals,omitempty"`
	Waivers   []DueWaiver   `json:"waivers,omitempty"`
	Actions   []DueAction   `json:"actions,omitempty"`
	Templates []DueTemplate `json:"templates,omitempty"`
}

// DueRenewal is a signed-off review that expires within the horizon, or
// has expired.
type DueRenewal struct {
	Review     string `json:"review"`
	Service    string `json:"service"`
	ValidUntil Date   `json:"valid_until"`
	Expired    bool   `json:"expired"`
	// Underway is the newer review of the service already started, if any.
	Underway string `json:"underway,omitempty"`
}

// DueWaiver is a waiver in the newest review of a service that expires
// within the horizon, or has expired (its item counts as failing again).
type DueWaiver struct {
	Review     string `json:"review"`
	Service    string `json:"service"`
	Item       string `json:"item"`
	Title      string `json:"title"`
	AcceptedBy string `json:"accepted_by"`
	Expires    Date   `json:"expires"`
	Expired    bool   `json:"expired"`
}

// DueAction is an open action item of the newest review of a service due
// within the horizon, or overdue.
type DueAction struct {
	Review  string `json:"review"`
	Service string `json:"service"`
	Item    string `json:"item"`
	Text    string `json:"text"`
	Owner   string `json:"owner,omitempty"`
	Due     Date   `json:"due"`
	Overdue bool   `json:"overdue"`
}

// DueTemplate is the newest review of a service running an older version
// of its checklist than the newest known.
type DueTemplate struct {
	Review     string `json:"review"`
	Service    string `json:"service"`
	TemplateID string `json:"template_id"`
	Version    int    `json:"version"`
	Newest     int    `json:"newest"`
}

// DueCounts sums a digest up: how many of each kind, and how many of
// them are already late (expired reviews and waivers, overdue actions).
type DueCounts struct {
	Renewals  int `json:"renewals"`
	Waivers   int `json:"waivers"`
	Actions   int `json:"actions"`
	Templates int `json:"templates"`
	Overdue   int `json:"overdue"`
}

// Counts sums the digest up.
func (d Digest) Counts() DueCounts {
	var c DueCounts
	for _, g := range d.Groups {
		c.Renewals += len(g.Renewals)
		c.Waivers += len(g.Waivers)
		c.Actions += len(g.Actions)
		c.Templates += len(g.Templates)
		for _, r := range g.Renewals {
			c.Overdue += btoi(r.Expired)
		}
		for _, w := range g.Waivers {
			c.Overdue += btoi(w.Expired)
		}
		for _, a := range g.Actions {
			c.Overdue += btoi(a.Overdue)
		}
	}
	return c
}

// Empty reports whether nothing is due.
func (c DueCounts) Empty() bool { return c.Renewals+c.Waivers+c.Actions+c.Templates == 0 }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dueWaivers are the waivers of r on a failing or partial answer, in
// template order, those carried over and still to confirm included: a
// waiver about to lapse matters before the team gets to it.
func dueWaivers(r *Review) []Finding {
	var out []Finding
	for _, it := range r.Template.Items() {
		if a := r.Answer(it.ID); a.Waiver != nil && a.Status.Waivable() {
			out = append(out, Finding{Item: it, ItemID: it.ID, Title: it.Title, Status: a.Status, Waiver: a.Waiver, ToConfirm: a.ToConfirm})
		}
	}
	return out
}

// Due finds what is due as of now among the reviews sums lists (as a
// store lists them on that day, so that their renewal is judged): for
// each service, its last signed-off review if it expires within the
// horizon, and in its newest review the waivers expiring and the open
// action items due within it, and an older template version than the
// newest known. It reads a whole review (get) only for a service whose
// newest review has a deadline within the horizon (Summary.NextDeadline).
func Due(sums []Summary, get func(id string) (*Review, error), now time.Time, o DueOptions) (Digest, error) {
	today := Today(now)
	d := Digest{Today: today, Until: cmp.Or(o.Within.After(today), today)}
	newest := map[string]int{}
	for id, v := range o.Newest {
		newest[id] = v
	}
	for _, s := range sums {
		newest[s.TemplateID] = max(newest[s.TemplateID], s.TemplateVersion)
	}
	signed := map[string]Summary{} // the last signed-off review of each service
	for _, s := range sums {
		k := ServiceKey(s.Service)
		if last, ok := signed[k]; !s.SignedAt.IsZero() && (!ok || startedAfter(s, last)) {
			signed[k] = s
		}
	}
	groups := map[[2]string]*DueGroup{}
	group := func(s Summary) *DueGroup {
		k := [2]string{s.Team, s.Owner}
		if groups[k] == nil {
			groups[k] = &DueGroup{Team: s.Team, Owner: s.Owner}
		}
		return groups[k]
	}
	within := func(date Date) bool { return date != "" && string(date) <= string(d.Until) }
	for _, cur := range Latest(sums) {
		if o.Team != "" && !strings.EqualFold(strings.TrimSpace(cur.Team), strings.TrimSpace(o.Team)) {
			continue
		}
		if s, ok := signed[ServiceKey(cur.Service)]; ok && within(s.ValidUntil) {
			rn := DueRenewal{Review: s.ID, Service: s.Service, ValidUntil: s.ValidUntil, Expired: s.Expired}
			if s.ID != cur.ID {
				rn.Underway = cur.ID
			}
			group(cur).Renewals = append(group(cur).Renewals, rn)
		}
		if v := newest[cur.TemplateID]; cur.TemplateVersion < v {
			group(cur).Templates = append(group(cur).Templates, DueTemplate{Review: cur.ID, Service: cur.Service, TemplateID: cur.TemplateID, Version: cur.TemplateVersion, Newest: v})
		}
		if !within(cur.NextDeadline) {
			continue
		}
		r, err := get(cur.ID)
		if err != nil {
			return Digest{}, err
		}
		for _, w := range dueWaivers(r) {
			if within(w.Waiver.Expires) {
				group(cur).Waivers = append(group(cur).Waivers, DueWaiver{Review: r.ID, Service: r.Service, Item: w.ItemID, Title: w.Title,
					AcceptedBy: w.Waiver.AcceptedBy, Expires: w.Waiver.Expires, Expired: !WaiverActive(w.Waiver, now)})
			}
		}
		for _, oa := range Assess(r, now).OpenActions {
			if within(oa.Action.Due) {
				group(cur).Actions = append(group(cur).Actions, DueAction{Review: r.ID, Service: r.Service, Item: oa.ItemID,
					Text: oa.Action.Text, Owner: oa.Action.Owner, Due: oa.Action.Due, Overdue: oa.Overdue})
			}
		}
	}
	for _, g := range groups {
		slices.SortStableFunc(g.Renewals, func(a, b DueRenewal) int { return strings.Compare(string(a.ValidUntil), string(b.ValidUntil)) })
		slices.SortStableFunc(g.Waivers, func(a, b DueWaiver) int { return strings.Compare(string(a.Expires), string(b.Expires)) })
		slices.SortStableFunc(g.Actions, func(a, b DueAction) int { return strings.Compare(string(a.Due), string(b.Due)) })
		d.Groups = append(d.Groups, *g)
	}
	slices.SortFunc(d.Groups, func(a, b DueGroup) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Team), strings.ToLower(b.Team)), strings.Compare(strings.ToLower(a.Owner), strings.ToLower(b.Owner)),
			strings.Compare(a.Team, b.Team), strings.Compare(a.Owner, b.Owner))
	})
	return d, nil
}
