package export

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

// escaper is the set of escaping functions Data is built with: the
// package's own (escapers), or, in tests, the old ones, so that whole
// records can be rendered both ways and compared.
type escaper struct {
	inline   func(string) string
	code     func(string) string // ids
	note     func(string) string
	noteLine func(string) string // a note of one line, in a table cell
	link     func(url, text string) string
}

var escapers = escaper{inline: Inline, code: Code, note: Note, noteLine: NoteLine, link: Link}

// newData derives everything a layout shows from r as of asOf. Scores,
// verdict, state and staleness come from the review package; this only
// arranges and escapes them.
func newData(r *review.Review, asOf time.Time, version string, e escaper) *Data {
	as := review.Assess(r, asOf)
	st := review.SignOffState(r)
	d := &Data{
		Title:   "Production readiness review: " + e.inline(r.Service),
		ID:      e.code(r.ID),
		Service: e.inline(r.Service),
		Team:    e.inline(r.Team),
		Owner:   e.inline(r.Owner),
		Template: TemplateInfo{
			ID: e.code(r.Template.ID), Version: r.Template.Version, Title: e.inline(r.Template.Title),
			Hash: review.TemplateHash(&r.Template), SignoffRoles: e.inlineAll(r.Template.SignoffRoles),
		},
		Created:   day(r.CreatedAt.In(asOf.Location())),
		Updated:   day(r.UpdatedAt.In(asOf.Location())),
		AsOf:      day(asOf),
		CreatedAt: instant(r.CreatedAt),
		UpdatedAt: instant(r.UpdatedAt),
		Verdict: Verdict{
			Value:   string(as.Verdict),
			Label:   e.verdictLabel(as.Verdict),
			Reasons: e.inlineAll(as.Reasons),
		},
		Score:     review.PercentText(as.Score),
		Answered:  as.Answered,
		Total:     as.Total,
		Level:     as.Level,
		LevelName: levelName(as.Level),
		State: State{
			Value:        string(st.State),
			Label:        e.stateLabel(st.State),
			Reasons:      e.inlineAll(st.Reasons),
			Stale:        st.Stale,
			MissingRoles: e.inlineAll(st.MissingRoles),
		},
		Hash:      safeHash(st.Hash),
		ShortHash: shortHash(st.Hash),
		Version:   e.versionText(version),
		Raw:       r,
	}
	d.Participants, d.Attendance = e.participants(r.Participants)
	d.Standing = newStanding(as.Standing)
	d.Meeting = newMeeting(r)
	numbers := d.addSections(r, as, asOf, e)
	d.Parked = parkedItems(as, numbers)
	d.Blocking = e.findings(as.Blocking, numbers)
	d.Conditions = e.findings(as.Conditions, numbers)
	for _, w := range as.Waivers {
		d.Waivers = append(d.Waivers, e.newWaiver(numbers[w.ItemID], w.Title, w.Status, w.Waiver, w.Expired))
	}
	d.addSignOffs(r, st.Hash, e)
	d.Skills = newSkills(r)
	d.Risks, d.DPIA, d.Runbooks = newRisks(r, asOf), newDPIA(r), newRunbooks(r)
	if st.State == review.SignedOff { // the hash is known: not hashed again for the renewal
		d.signedAt = review.LastApproval(r, st.Hash)
	}
	return d
}

// participants escapes the attendance list and joins it into one line.
func (e escaper) participants(ps []review.Participant) ([]Participant, string) {
	var out []Participant
	var who []string
	for _, p := range ps {
		pp := Participant{Name: e.inline(p.Name), Role: e.inline(p.Role)}
		out = append(out, pp)
		if pp.Role != "" {
			who = append(who, pp.Name+" ("+pp.Role+")")
		} else {
			who = append(who, pp.Name)
		}
	}
	return out, strings.Join(who, ", ")
}

// addSections fills in the sections with their items, and the action
// items in template order, and returns each item's number by id.
func (d *Data) addSections(r *review.Review, as review.Assessment, asOf time.Time, e escaper) map[string]string {
	numbers := make(map[string]string, r.Template.ItemCount()) // item id → "2.3"
	overdue := map[string]map[int]bool{}
	for _, oa := range as.OpenActions {
		if overdue[oa.ItemID] == nil {
			overdue[oa.ItemID] = map[int]bool{}
		}
		overdue[oa.ItemID][oa.Index] = oa.Overdue
	}
	d.Sections = make([]Section, 0, len(r.Template.Sections))
	for si, s := range r.Template.Sections {
		ss := review.SectionScore{}
		if si < len(as.Sections) {
			ss = as.Sections[si]
		}
		sec := Section{
			Number: si + 1, ID: e.code(s.ID), Title: e.inline(s.Title),
			Total: ss.Total, Answered: ss.Answered, Passed: ss.Passed, Partial: ss.Partial,
			Failed: ss.Failed, NA: ss.NA, Score: review.PercentText(ss.Percent()),
			Items: make([]Item, 0, len(s.Items)),
		}
		sec.setTime(r, &r.Template.Sections[si])
		for ii, it := range s.Items {
			num := strconv.Itoa(si+1) + "." + strconv.Itoa(ii+1)
			numbers[it.ID] = num
			a := r.Answer(it.ID)
			item := e.newItem(num, it, a, asOf)
			if p, ok := r.IsParked(it.ID); ok {
				item.Parked, item.ParkedNote = true, e.inline(p.Note)
			}
			item.ToConfirm = a.ToConfirm
			if r.Origin != nil {
				item.New = r.Origin.Template.IsNew(it.ID)
				item.Changed = strings.Join(r.Origin.Template.ChangedIn(it.ID), ", ")
			}
			if a.ToConfirm {
				d.ToConfirm++
			}
			for ai, ac := range a.Actions {
				act := Action{
					ItemNumber: num, ItemTitle: item.Title,
					Text: e.inline(ac.Text), Owner: e.inline(ac.Owner), Due: e.dateText(ac.Due),
					Done: ac.Done, Overdue: !ac.Done && overdue[it.ID][ai],
				}
				item.Actions = append(item.Actions, act)
				d.Actions = append(d.Actions, act)
				if !ac.Done {
					d.OpenActions++
					if act.Overdue {
						d.OverdueActions++
					}
				}
			}
			sec.Items = append(sec.Items, item)
		}
		d.Sections = append(d.Sections, sec)
	}
	return numbers
}

// addSignOffs lists the sign-off that counts for each signer, marked
// current or stale against the review's hash now, and every sign-off,
// those replaced by a later one of the same signer marked so.
func (d *Data) addSignOffs(r *review.Review, hash string, e escaper) {
	current := review.CurrentSignOffs(r)
	d.Superseded = len(r.SignOffs) - len(current)
	counts := make(map[review.SignOff]bool, len(current))
	for _, s := range current {
		counts[s] = true
		d.SignOffs = append(d.SignOffs, e.newSignOff(s, hash, "current"))
	}
	for _, s := range r.SignOffs {
		status := "replaced"
		if counts[s] {
			status = "current"
		}
		d.AllSignOffs = append(d.AllSignOffs, e.newSignOff(s, hash, status))
	}
}

// newSignOff escapes one sign-off; status is "current" or "replaced", and
// a current one whose hash is not hash is "stale".
func (e escaper) newSignOff(s review.SignOff, hash, status string) SignOff {
	so := SignOff{
		Name: e.inline(s.Name), Role: e.inline(s.Role), Decision: e.decisionText(s.Decision),
		Comment: e.inline(s.Comment), Date: s.At.UTC().Format("2006-01-02 15:04"),
		Hash: safeHash(s.Hash), ShortHash: shortHash(s.Hash), HashShown: safeHash(s.Hash),
		Stale: s.Stale(hash), Status: status,
	}
	if so.Hash == hash {
		so.HashShown = so.ShortHash
	}
	if so.Stale && status == "current" {
		so.Status = "stale"
	}
	return so
}

func (e escaper) newItem(num string, it review.Item, a review.Answer, asOf time.Time) Item {
	status := a.Status
	if status == "" {
		status = review.Unanswered
	}
	item := Item{
		Number: num, ID: e.code(it.ID), Title: e.inline(it.Title),
		Required: it.Required, Level: max(it.Level, 1), LevelName: levelName(max(it.Level, 1)),
		Status: e.statusText(status), StatusLabel: e.statusLabel(status),
		Note: e.note(a.Note),
	}
	if len(a.Evidence) > 0 {
		item.Evidence = make([]Evidence, 0, len(a.Evidence))
	}
	var links []string
	for _, ev := range a.Evidence {
		md := e.link(ev, "")
		item.Evidence = append(item.Evidence, Evidence{Markdown: md, Link: strings.HasPrefix(md, "[")})
		if strings.HasPrefix(md, "[") {
			links = append(links, md)
		}
	}
	item.NoteCell, item.EvidenceCell = item.Note, strings.Join(links, ", ")
	if strings.Contains(item.Note, "\n") {
		item.NoteCell = below
	} else if item.Note != "" {
		item.NoteCell = e.noteLine(a.Note)
	}
	if len(links) < len(item.Evidence) {
		item.EvidenceCell = below
	}
	item.Details = item.NoteCell == below || item.EvidenceCell == below || len(a.Actions) > 0 || a.Waiver != nil
	if a.Waiver != nil {
		w := e.newWaiver(num, it.Title, status, a.Waiver, !review.WaiverActive(a.Waiver, asOf))
		item.Waiver = &w
	}
	return item
}

func (e escaper) newWaiver(num, title string, status review.Status, w *review.Waiver, expired bool) Waiver {
	return Waiver{
		ItemNumber: num, ItemTitle: e.inline(title), Status: e.statusText(status),
		Reason: e.inline(w.Reason), AcceptedBy: e.inline(w.AcceptedBy), Expires: e.dateText(w.Expires),
		Expired: expired,
	}
}

func (e escaper) findings(fs []review.Finding, numbers map[string]string) []Finding {
	var out []Finding
	for _, f := range fs {
		out = append(out, Finding{
			ItemNumber: numbers[f.ItemID], Section: e.inline(f.Section), ItemTitle: e.inline(f.Title),
			Status: e.statusText(f.Status), Reason: e.inline(f.Reason),
		})
	}
	return out
}

func (e escaper) inlineAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, e.inline(s))
	}
	return out
}

// below is what a compact layout's cell says when its content is shown
// under the table: emphasis, which no user text can make.
const below = "*below*"

// day formats an instant as its UTC date, whatever zone it was stored in.
func day(t time.Time) string { return t.Format("2006-01-02") }

// instant formats an instant to the second in UTC (see ParseInstant).
func instant(t time.Time) string { return t.UTC().Format(instantLayout) }

const instantLayout = "2006-01-02 15:04:05 UTC"

// dateText prints a calendar date as written when it is a real date, and
// escaped otherwise: dates come from users and imported files too.
func (e escaper) dateText(d review.Date) string {
	if d.Valid() {
		return string(d)
	}
	return e.inline(string(d))
}

func safeHash(h string) string {
	if review.ValidHash(h) {
		return h
	}
	return ""
}

func shortHash(h string) string {
	if !review.ValidHash(h) {
		return ""
	}
	return h[:len("sha256:")+12]
}

var versionRE = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z.+_-]*$`)

// versionText shows a release version as is ("1.4.0", "v1.4.0-rc.1") and
// escapes anything else, such as "(devel)".
func (e escaper) versionText(v string) string {
	if v == "" {
		return "dev"
	}
	if versionRE.MatchString(v) && len(v) <= 64 {
		return v
	}
	return e.inline(v)
}

func levelName(l int) string { return review.LevelName(l) }

func (e escaper) verdictLabel(v review.Verdict) string {
	if !v.Valid() {
		return e.inline(string(v))
	}
	return v.Emoji() + " " + sentence(v.Label())
}

func (e escaper) stateLabel(s review.State) string {
	if !s.Valid() {
		return e.inline(string(s))
	}
	return sentence(s.Label())
}

// sentence capitalises a label's first letter (labels are ASCII words).
func sentence(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// statusText prints a known status as is ("n/a" included: a slash is not
// syntax) and escapes anything else a stored review might hold.
func (e escaper) statusText(s review.Status) string {
	if s == "" {
		return string(review.Unanswered)
	}
	if s.Valid() {
		return string(s)
	}
	return e.inline(string(s))
}

func (e escaper) decisionText(d review.Decision) string {
	if _, err := review.ParseDecision(string(d)); err == nil {
		return string(d)
	}
	return e.inline(string(d))
}

func (e escaper) statusLabel(s review.Status) string {
	if s != "" && !s.Valid() {
		return e.inline(string(s))
	}
	return s.Emoji() + " " + s.Label()
}
