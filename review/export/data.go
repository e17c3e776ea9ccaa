package export

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
)

// Data is what a layout is executed with: the default one in
// templates/record.md.tmpl, or a user's own given with --template.
//
// Every string in Data is ready to print. User text (service, names, titles,
// notes, evidence, reasons) has been escaped: fields documented as "inline"
// with Inline, which makes them safe both in running text and in a table
// cell; fields documented as "block" with Block, which must stand as a
// paragraph of their own. Dates, numbers, hashes and labels are generated
// by prr and contain nothing Markdown would read as syntax. So a layout
// that only prints Data fields cannot be made to emit raw HTML, a broken
// table or a javascript: link, whatever the review holds.
//
// Raw is the one exception: the review itself, unescaped, for layouts that
// need something Data does not offer. Never print its strings directly;
// pass them through the inline, cell, paragraphs or link functions.
type Data struct {
	Title        string        // inline: "Production readiness review: <service>"
	Service      string        // inline
	Team         string        // inline, may be empty
	Owner        string        // inline, may be empty
	Participants []Participant // who attended, in the order recorded
	// Attendance is the participants as one inline line:
	// "Kari Nordmann (owner), Ola Nordmann (sre)"; empty if none.
	Attendance string
	Template   TemplateInfo

	Created string // YYYY-MM-DD (UTC) the review was started
	Updated string // YYYY-MM-DD (UTC) of its last change
	AsOf    string // YYYY-MM-DD (UTC) the record describes; see AsOf

	Verdict  Verdict
	Score    string // "82.5%": the overall score, rounded down to 0.1
	Answered int
	Total    int
	// Level is the maturity level reached (0 none, 1 bronze, 2 silver,
	// 3 gold) and LevelName its name.
	Level     int
	LevelName string
	State     State

	Sections   []Section // every section, with its items and answers
	Blocking   []Finding // required items that keep the review blocked
	Conditions []Finding // optional items that fall short
	Waivers    []Waiver  // every waiver on a failing or partial item
	Actions    []Action  // every action item, open or done, in template order
	// OpenActions and OverdueActions count the action items not done, and
	// those of them past their due date as of AsOf.
	OpenActions    int
	OverdueActions int

	// Skills is the skill matrix with each area's bus factor; nil when the
	// review has none (skills.go).
	Skills *Skills
	// Risks, DPIA and Runbooks are the risk register, the DPIA screening
	// and the runbook coverage; nil when the review has none (assess.go).
	Risks    *Risks
	DPIA     *DPIA
	Runbooks *Runbooks

	SignOffs []SignOff // the latest sign-off of each signer, in signing order
	// Superseded counts earlier sign-offs replaced by a later decision of
	// the same signer; the JSON record keeps them.
	Superseded int

	Hash      string // the review's content hash now: "sha256:<64 hex>"
	ShortHash string // "sha256:" and the first 12 hex digits
	Version   string // the prr version that wrote the record

	// Raw is the review itself, unescaped. Read only; escape what you print.
	Raw *review.Review
}

// Participant is someone who attended the review meeting.
type Participant struct {
	Name string // inline
	Role string // inline, may be empty
}

// TemplateInfo says which checklist, at which version, the review used.
type TemplateInfo struct {
	ID      string // inline
	Version int
	Title   string // inline
}

// Verdict is the derived verdict (see review.Assess).
type Verdict struct {
	Value   string   // ready, ready-with-conditions or blocked
	Label   string   // "✅ Ready", "⚠️ Ready with conditions", "❌ Blocked"
	Reasons []string // inline, one per line of reasoning; empty when ready
}

// State is where the review stands with its sign-offs (see review.SignOffState).
type State struct {
	Value        string   // draft, in-review, signed-off or rejected
	Label        string   // "Draft", "In review", "Signed off", "Rejected"
	Reasons      []string // inline; why it is not signed off
	Stale        int      // sign-offs given to content that has since changed
	MissingRoles []string // inline; sign-off roles without a current approval
}

// Section is one section of the checklist with its scores and items.
type Section struct {
	Number   int    // 1-based position in the template
	ID       string // inline
	Title    string // inline
	Total    int
	Answered int
	Passed   int
	Partial  int
	Failed   int
	NA       int
	Score    string // "75%", rounded down to 0.1
	Items    []Item
}

// Item is one checklist item with its answer.
type Item struct {
	Number      string // "2.3": section and position
	ID          string // inline
	Title       string // inline
	Required    bool
	Level       int    // 1 bronze, 2 silver, 3 gold
	LevelName   string // "bronze", "silver", "gold"
	Status      string // unanswered, pass, partial, fail or n/a
	StatusLabel string // "✅ pass", "⚠️ partial", "❌ fail", "➖ n/a", "❔ unanswered"
	Note        string // block; empty if none
	Evidence    []Evidence
	Actions     []Action
	Waiver      *Waiver // nil if none
}

// Evidence is one evidence entry: a link if it is an http(s) or mailto URL,
// escaped plain text otherwise.
type Evidence struct {
	Markdown string // a [label](<url>) link, or inline text
	Link     bool   // whether Markdown is a link
}

// Action is one action item.
type Action struct {
	ItemNumber string // "2.3"
	ItemTitle  string // inline
	Text       string // inline
	Owner      string // inline, may be empty
	Due        string // YYYY-MM-DD, or empty
	Done       bool
	Overdue    bool // open and due before AsOf
}

// Waiver is an accepted risk on a failing or partial item.
type Waiver struct {
	ItemNumber string // "2.3"
	ItemTitle  string // inline
	Status     string // the item's status: fail or partial
	Reason     string // inline
	AcceptedBy string // inline
	Expires    string // YYYY-MM-DD
	Expired    bool   // expired as of AsOf
}

// Finding is an item that matters for the verdict.
type Finding struct {
	ItemNumber string // "2.3"
	Section    string // inline: the section title
	ItemTitle  string // inline
	Status     string // the item's status
	Reason     string // inline: why it counts, in words
}

// SignOff is one participant's decision on the review.
type SignOff struct {
	Name      string // inline
	Role      string // inline, may be empty
	Decision  string // approve, approve-with-conditions or reject (inline)
	Comment   string // inline: a comment flattened to one line, may be empty
	Date      string // "YYYY-MM-DD HH:MM" in UTC
	Hash      string // the hash signed, "sha256:<64 hex>", or "" if malformed
	ShortHash string // "sha256:" and 12 hex digits, or "" if malformed
	Stale     bool   // the review changed after this sign-off
	Status    string // "current" or "stale"
}

// newData derives everything a layout shows from r as of asOf. Scores,
// verdict, state and staleness come from the review package; this only
// arranges and escapes them.
func newData(r *review.Review, asOf time.Time, version string) *Data {
	as := review.Assess(r, asOf)
	st := review.SignOffState(r)
	d := &Data{
		Title:    "Production readiness review: " + Inline(r.Service),
		Service:  Inline(r.Service),
		Team:     Inline(r.Team),
		Owner:    Inline(r.Owner),
		Template: TemplateInfo{ID: Inline(r.Template.ID), Version: r.Template.Version, Title: Inline(r.Template.Title)},
		Created:  day(r.CreatedAt),
		Updated:  day(r.UpdatedAt),
		AsOf:     day(asOf),
		Verdict: Verdict{
			Value:   string(as.Verdict),
			Label:   verdictLabel(as.Verdict),
			Reasons: inlineAll(as.Reasons),
		},
		Score:     percent(as.Score),
		Answered:  as.Answered,
		Total:     as.Total,
		Level:     as.Level,
		LevelName: levelName(as.Level),
		State: State{
			Value:        string(st.State),
			Label:        stateLabel(st.State),
			Reasons:      inlineAll(st.Reasons),
			Stale:        st.Stale,
			MissingRoles: inlineAll(st.MissingRoles),
		},
		Hash:      safeHash(st.Hash),
		ShortHash: shortHash(st.Hash),
		Version:   versionText(version),
		Raw:       r,
	}
	d.Participants, d.Attendance = participants(r.Participants)
	numbers := d.addSections(r, as, asOf)
	d.Blocking = findings(as.Blocking, numbers)
	d.Conditions = findings(as.Conditions, numbers)
	for _, w := range as.Waivers {
		d.Waivers = append(d.Waivers, newWaiver(numbers[w.ItemID], w.Title, w.Status, w.Waiver, w.Expired))
	}
	d.addSignOffs(r, st.Hash)
	d.Skills = newSkills(r)
	d.Risks, d.DPIA, d.Runbooks = newRisks(r, asOf), newDPIA(r), newRunbooks(r)
	return d
}

// participants escapes the attendance list and joins it into one line.
func participants(ps []review.Participant) ([]Participant, string) {
	var out []Participant
	var who []string
	for _, p := range ps {
		pp := Participant{Name: Inline(p.Name), Role: Inline(p.Role)}
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
func (d *Data) addSections(r *review.Review, as review.Assessment, asOf time.Time) map[string]string {
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
			Number: si + 1, ID: Inline(s.ID), Title: Inline(s.Title),
			Total: ss.Total, Answered: ss.Answered, Passed: ss.Passed, Partial: ss.Partial,
			Failed: ss.Failed, NA: ss.NA, Score: percent(ss.Percent()),
			Items: make([]Item, 0, len(s.Items)),
		}
		for ii, it := range s.Items {
			num := strconv.Itoa(si+1) + "." + strconv.Itoa(ii+1)
			numbers[it.ID] = num
			a := r.Answer(it.ID)
			item := newItem(num, it, a, asOf)
			for ai, ac := range a.Actions {
				act := Action{
					ItemNumber: num, ItemTitle: item.Title,
					Text: Inline(ac.Text), Owner: Inline(ac.Owner), Due: dateText(ac.Due),
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
// current or stale against the review's hash now.
func (d *Data) addSignOffs(r *review.Review, hash string) {
	current := review.CurrentSignOffs(r)
	d.Superseded = len(r.SignOffs) - len(current)
	for _, s := range current {
		so := SignOff{
			Name: Inline(s.Name), Role: Inline(s.Role), Decision: decisionText(s.Decision),
			Comment: Cell(s.Comment), Date: s.At.UTC().Format("2006-01-02 15:04"),
			Hash: safeHash(s.Hash), ShortHash: shortHash(s.Hash),
			Stale: s.Stale(hash), Status: "current",
		}
		if so.Stale {
			so.Status = "stale"
		}
		d.SignOffs = append(d.SignOffs, so)
	}
}

func newItem(num string, it review.Item, a review.Answer, asOf time.Time) Item {
	status := a.Status
	if status == "" {
		status = review.Unanswered
	}
	item := Item{
		Number: num, ID: Inline(it.ID), Title: Inline(it.Title),
		Required: it.Required, Level: max(it.Level, 1), LevelName: levelName(max(it.Level, 1)),
		Status: statusText(status), StatusLabel: statusLabel(status),
		Note: Block(a.Note),
	}
	if len(a.Evidence) > 0 {
		item.Evidence = make([]Evidence, 0, len(a.Evidence))
	}
	for _, e := range a.Evidence {
		md := Link(e, "")
		item.Evidence = append(item.Evidence, Evidence{Markdown: md, Link: strings.HasPrefix(md, "[")})
	}
	if a.Waiver != nil {
		w := newWaiver(num, it.Title, status, a.Waiver, !review.WaiverActive(a.Waiver, asOf))
		item.Waiver = &w
	}
	return item
}

func newWaiver(num, title string, status review.Status, w *review.Waiver, expired bool) Waiver {
	return Waiver{
		ItemNumber: num, ItemTitle: Inline(title), Status: statusText(status),
		Reason: Inline(w.Reason), AcceptedBy: Inline(w.AcceptedBy), Expires: dateText(w.Expires),
		Expired: expired,
	}
}

func findings(fs []review.Finding, numbers map[string]string) []Finding {
	var out []Finding
	for _, f := range fs {
		out = append(out, Finding{
			ItemNumber: numbers[f.ItemID], Section: Inline(f.Section), ItemTitle: Inline(f.Title),
			Status: statusText(f.Status), Reason: Inline(f.Reason),
		})
	}
	return out
}

func inlineAll(ss []string) []string {
	var out []string
	for _, s := range ss {
		out = append(out, Inline(s))
	}
	return out
}

// day formats an instant as its UTC date, whatever zone it was stored in.
func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// dateText prints a calendar date as written when it is a real date, and
// escaped otherwise: dates come from users and imported files too.
func dateText(d review.Date) string {
	if d.Valid() {
		return string(d)
	}
	return Inline(string(d))
}

// percent rounds down to one decimal, so that a record never claims 100%
// for 99.96%.
func percent(p float64) string {
	if math.IsNaN(p) || p < 0 {
		p = 0
	}
	return strconv.FormatFloat(math.Floor(p*10)/10, 'f', -1, 64) + "%"
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
func versionText(v string) string {
	if v == "" {
		return "dev"
	}
	if versionRE.MatchString(v) && len(v) <= 64 {
		return v
	}
	return Inline(v)
}

func levelName(l int) string { return review.LevelName(l) }

func verdictLabel(v review.Verdict) string {
	if !v.Valid() {
		return Inline(string(v))
	}
	return v.Emoji() + " " + sentence(v.Label())
}

func stateLabel(s review.State) string {
	if !s.Valid() {
		return Inline(string(s))
	}
	return sentence(s.Label())
}

// sentence capitalises a label's first letter (labels are ASCII words).
func sentence(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// statusText prints a known status as is ("n/a" included: a slash is not
// syntax) and escapes anything else a stored review might hold.
func statusText(s review.Status) string {
	if s == "" {
		return string(review.Unanswered)
	}
	if s.Valid() {
		return string(s)
	}
	return Inline(string(s))
}

func decisionText(d review.Decision) string {
	if _, err := review.ParseDecision(string(d)); err == nil {
		return string(d)
	}
	return Inline(string(d))
}

func statusLabel(s review.Status) string {
	if s != "" && !s.Valid() {
		return Inline(string(s))
	}
	return s.Emoji() + " " + s.Label()
}
