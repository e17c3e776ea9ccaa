package export

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
	"github.com/prr-dev/prr/review"
	"github.com/yuin/goldmark/ast"
	"go.yaml.in/yaml/v3"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test -update and review the diff\n%s", name, firstDiff(want, got))
	}
}

func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func render(t testing.TB, r *review.Review, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMarkdownGolden(t *testing.T) {
	r := richReview(t)
	golden(t, "rich.md.golden", render(t, r, Options{Version: "1.2.0"}))
	golden(t, "rich-frontmatter.md.golden", render(t, r, Options{Version: "1.2.0", FrontMatter: true}))
}

// TestMarkdownDeterministic renders the same review with a different local
// time zone, with its times stored in another zone, and later on the wall
// clock: the bytes must not change.
func TestMarkdownDeterministic(t *testing.T) {
	r := richReview(t)
	first := render(t, r, Options{Version: "1.2.0", FrontMatter: true})

	saved := time.Local
	t.Cleanup(func() { time.Local = saved })
	time.Local = time.FixedZone("UTC+14", 14*3600)

	oslo := time.FixedZone("Oslo", 3600)
	shifted := richReview(t)
	shifted.CreatedAt = shifted.CreatedAt.In(oslo)
	shifted.UpdatedAt = shifted.UpdatedAt.In(oslo)
	for i := range shifted.SignOffs {
		shifted.SignOffs[i].At = shifted.SignOffs[i].At.In(time.FixedZone("LA", -8*3600))
	}
	time.Sleep(10 * time.Millisecond) // the wall clock moves on
	for _, rr := range []*review.Review{r, shifted} {
		if again := render(t, rr, Options{Version: "1.2.0", FrontMatter: true}); !bytes.Equal(first, again) {
			t.Fatalf("output changed with the time zone or the clock:\n%s", firstDiff(first, again))
		}
	}
}

// TestAsOf: the record is judged at the latest of the last change and the
// sign-offs, never now.
func TestAsOf(t *testing.T) {
	r := richReview(t)
	if got, want := AsOf(r), at("2026-03-14 10:40"); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("AsOf = %v, want %v in UTC", got, want)
	}
	r.SignOffs = nil
	if got, want := AsOf(r), at("2026-03-14 10:30"); !got.Equal(want) {
		t.Errorf("AsOf without sign-offs = %v, want %v", got, want)
	}
	// The waiver on "alerts-actionable" expires 2026-12-31: a record of a
	// review last touched in 2027 shows it expired, whatever today is.
	r.UpdatedAt = at("2027-01-01 00:00")
	out := string(render(t, r, Options{}))
	if !strings.Contains(out, "| 1.2 Alerts are actionable & routed to on-call | partial | Risk accepted until the new pager rota | Kari Nordmann | 2026-12-31 | **expired** |") {
		t.Errorf("a waiver past AsOf is not shown as expired:\n%s", out)
	}
}

// TestMarkdownStructure parses the record as GitHub does and checks its
// shape: the headings, every table's columns and rows, the links, and that
// no hostile text became HTML, code, a quote, a heading or a link.
func TestMarkdownStructure(t *testing.T) {
	r := richReview(t)
	out := render(t, r, Options{Version: "1.2.0"})
	checkTableLines(t, out)
	d := checkSafe(t, out)

	wantHeadings := []string{
		"# Production readiness review: payments-api",
		"## Participants", "## Verdict", "## Meeting", "## Sections", "## Blocking items", "## Parking lot", "## Waivers", "## Action items", "## Answers",
		"### 1. Observability",
		"#### 1.1 SLIs and SLOs are defined and measured",
		"#### 1.2 Alerts are actionable & routed to on-call",
		"#### 1.3 # Dashboards exist for `golden signals`",
		"#### 1.4 Distributed tracing",
		"### 2. Resilience | recovery",
		"#### 2.1 Backups are restored in a test every quarter",
		"#### 2.2 Runbooks for every alert",
		"#### 2.3 > Chaos experiments run",
		"### 3. Security " + hostileImg,
		"#### 3.1 DPIA done (personal data)",
		"#### 3.2 Security risk assessment (ROS)",
		"#### 3.3 Penetration test " + hostileScript,
		"## Sign-offs",
	}
	if got := d.headings(); strings.Join(got, "\n") != strings.Join(wantHeadings, "\n") {
		t.Errorf("headings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantHeadings, "\n"))
	}

	tables := d.tables()
	wantTables := []struct {
		header []string
		rows   int
	}{
		{[]string{"Field", "Value"}, 11},
		{[]string{"Name", "Role"}, 4},
		{[]string{"", ""}, 5},
		{[]string{"Sitting", "From", "To", "Duration", "Present"}, 2},
		{[]string{"Section", "Answered", "Pass", "Partial", "Fail", "N/A", "Score", "Time"}, 3},
		{[]string{"Item", "Status", "Required", "Note", "Parked since (UTC)"}, 2},
		{[]string{"Item", "Status", "Reason", "Accepted by", "Expires", "In force"}, 3},
		{[]string{"Item", "Action", "Owner", "Due", "Done"}, 4},
		{[]string{"Name", "Role", "Decision", "Comment", "Date (UTC)", "Hash", "Status"}, 4},
	}
	if len(tables) != len(wantTables) {
		t.Fatalf("%d tables, want %d", len(tables), len(wantTables))
	}
	for i, w := range wantTables {
		if strings.Join(tables[i].header, "|") != strings.Join(w.header, "|") || len(tables[i].rows) != w.rows {
			t.Errorf("table %d: header %q with %d rows, want %q with %d", i, tables[i].header, len(tables[i].rows), w.header, w.rows)
		}
	}
	// Cells read back as the user's text, pipes and HTML included.
	meta := tables[0].rows
	for _, kv := range [][2]string{
		{"Review", "k3x9m2qa"},
		{"Service", "payments-api"},
		{"Team", "Payments | Core"},
		{"Template", "Payments production readiness (payments-prr v3)"},
		{"Template snapshot", review.TemplateHash(&r.Template)},
		{"Sign-off roles", "owner, sre, security"},
		{"Created", "2026-01-12 09:00:00 UTC"},
		{"Last change", "2026-03-14 10:30:00 UTC"},
		{"As of", "2026-03-14"},
	} {
		found := false
		for _, row := range meta {
			if row[0] == kv[0] {
				found = true
				if row[1] != kv[1] {
					t.Errorf("metadata %s = %q, want %q", kv[0], row[1], kv[1])
				}
			}
		}
		if !found {
			t.Errorf("metadata has no %s row", kv[0])
		}
	}
	if got := tables[1].rows[1]; got[0] != "Ola | Nordmann" || got[1] != "sre" {
		t.Errorf("participant row 2 = %q", got)
	}
	// The roll call lists who was there apart from who signed; the
	// parking lot keeps its note, pipes and HTML as text.
	for i, kv := range [][2]string{
		{"Present", "Kari Nordmann (owner), Ola | Nordmann (sre), Per | Late " + hostileScript + " (dba)"},
		{"Absent", "Mallory " + hostileImg + " (security)"},
		{"Facilitator", "Kari Nordmann"},
		{"Scribe", "Ola | Nordmann"},
		{"Time", "1h30m"},
	} {
		if row := tables[2].rows[i]; row[0] != kv[0] || row[1] != kv[1] {
			t.Errorf("meeting row %d = %q, want %q", i, row, kv)
		}
	}
	if row := tables[3].rows[0]; strings.Join(row, "|") != "2026-03-13|09:00|10:10|1h10m|Kari Nordmann, Ola | Nordmann, Per | Late "+hostileScript {
		t.Errorf("first sitting %q", row)
	}
	if row := tables[4].rows[1]; row[7] != "7m of 5m (over)" {
		t.Errorf("the resilience section's time reads %q", row[7])
	}
	if row := tables[5].rows[1]; row[0] != "2.3 > Chaos experiments run" || row[3] != "ask the DBA | "+hostileScript {
		t.Errorf("parked row %q", row)
	}
	// Every sign-off in signing order; a hash in full unless it is the
	// content hash, which the footer writes in full.
	signoffs := tables[8].rows
	wantSignOffs := [][]string{
		{"Kari Nordmann", "owner", "approve", "Good to go.", "2026-03-14 10:05", "stale"},
		{"Mallory " + hostileImg, "security", "reject", "| not | yet | # heading", "2026-03-14 10:06", "replaced"},
		{"Ola | Nordmann", "sre", "approve-with-conditions", "Once the *pager* alert is routed. Thanks!", "2026-03-14 10:35", "current"},
		{"Mallory " + hostileImg, "security", "approve", "OK now " + hostileScript, "2026-03-14 10:40", "current"},
	}
	for i, w := range wantSignOffs {
		got := signoffs[i]
		if got[0] != w[0] || got[1] != w[1] || got[2] != w[2] || got[3] != w[3] || got[4] != w[4] || got[6] != w[5] {
			t.Errorf("sign-off row %d = %q, want %q", i, got, w)
		}
		want := r.SignOffs[i].Hash
		if want == review.ContentHash(r) {
			want = want[:len("sha256:")+12]
		}
		if got[5] != want {
			t.Errorf("sign-off row %d hash %q, want %q", i, got[5], want)
		}
	}

	wantLinks := []string{
		"https://slo.example.com/doc_v2",
		"mailto:sre@example.com",
		"https://slo.example.com/payments-api?window=30d&team=core",
		"https://wiki.example.com/Runbook%20%28v2%29%7Cx%20%3Cb%3E",
		"mailto:sre@example.com",
		"https://grafana.example.com/d/abc",
		"https://wiki.example.com/restore-test",
		"https://docs.example.com/dpia.pdf",
	}
	if got := d.destinations(); strings.Join(got, "\n") != strings.Join(wantLinks, "\n") {
		t.Errorf("links:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLinks, "\n"))
	}
	c := d.count()
	if c[ast.KindThematicBreak] != 1 {
		t.Errorf("%d thematic breaks, want 1 (before the footer)", c[ast.KindThematicBreak])
	}

	s := string(out)
	for _, want := range []string{
		"**❌ Blocked — 1 required failing, 1 left**: score 56%, 9 of 10 items answered, no maturity level reached.",
		"- 2.2 Resilience \\| recovery › Runbooks for every alert: required item is parked",
		"· id `runbooks` · **parked**\n",
		"State: **In review**.",
		"- 3.2 Security &lt;img src=x onerror=alert(1)> › Security risk assessment (ROS): required item is fail; its waiver expired on 2026-02-28",
		"3 open, 1 overdue.",
		"2026-03-01 (**overdue**) | no |",
		"1 sign-off was replaced by a later decision of the same signer.",
		"Content hash: `" + review.ContentHash(r) + "` · prr 1.2.0\n",
		"- javascript:alert(1) (not a link)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("record lacks %q", want)
		}
	}
}

// TestMarkdownHostile renders one hostile string at a time in every user
// field and checks each with goldmark.
func TestMarkdownHostile(t *testing.T) {
	hostile := map[string]string{
		"pipes and newlines": "a | b\n| c | d |\n|---|---|",
		"heading":            "# Heading\n## Another",
		"quote":              "> quoted",
		"list":               "- item\n+ item\n* item\n1. item",
		"backticks":          "```\ncode\n```\n`span`",
		"script":             hostileScript,
		"img onerror":        hostileImg,
		"html comment":       "<!-- x --> <?php ?> <![CDATA[x]]>",
		"autolink":           "<javascript:alert(1)> <https://x>",
		"markdown link":      "[x](javascript:alert(1)) ![i](javascript:alert(1)) [y][ref]\n\n[ref]: javascript:alert(1)",
		"entity":             "&lt;script&gt; &#x3C;img&#x3E;",
		"long line":          strings.Repeat("long|", 5000),
		"escapes":            hostileESC,
		"c0 and c1":          "a\x00b\x01c\x08d\x0be\x0cf\x7fg\u0080h\u009fi\x9b31mj",
		"invalid UTF-8":      "a\xff\xfe\xc0\xafb",
		"bidi":               hostileBidi,
		"indent":             "    indented code\n\tand a tab",
		"setext":             "Title\n=====\nSub\n-----",
		"liquid":             "{{ site.secret }} {% include x %}",
	}
	for name, h := range hostile {
		t.Run(name, func(t *testing.T) {
			r := richReview(t)
			r.Service, r.Team, r.Owner = "svc "+h, h, h
			r.Template.Title, r.Template.Sections[0].Title, r.Template.Sections[0].Items[0].Title = h, h, h
			a := r.Answers["alerts-actionable"]
			a.Note = h
			a.Evidence = append(a.Evidence, h)
			a.Actions[0].Text, a.Actions[0].Owner = h, h
			a.Waiver.Reason, a.Waiver.AcceptedBy = h, h
			r.Answers["alerts-actionable"] = a
			r.Participants[0].Name, r.Participants[0].Role = h, h
			r.SignOffs[0].Name, r.SignOffs[0].Role, r.SignOffs[0].Comment = h, h, h
			r.Meeting.Attendance[0].Name, r.Meeting.Attendance[0].Role, r.Meeting.Facilitator = h, h, h
			r.Meeting.Sittings[0].Present = []string{h, h}
			r.Meeting.Parked["chaos"] = review.Parking{Note: h}
			for _, fm := range []bool{false, true} {
				out := render(t, r, Options{FrontMatter: fm})
				if fm {
					out = checkFrontMatter(t, out, "svc "+h)
				}
				checkTableLines(t, out)
				d := checkSafe(t, out)
				if got := len(d.headings()); got != 24 {
					t.Errorf("%d headings, want 24:\n%.2000s", got, strings.Join(d.headings(), "\n"))
				}
				if got := len(d.tables()); got != 9 {
					t.Errorf("%d tables, want 9", got)
				}
			}
		})
	}
}

// checkFrontMatter parses the front matter as YAML and checks that the
// service name came through as one value, not as keys or a broken block.
// It returns the Markdown after the front matter.
func checkFrontMatter(t *testing.T, out []byte, service string) []byte {
	t.Helper()
	s := string(out)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("no front matter")
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("front matter does not end")
	}
	var fm map[string]string
	if err := yaml.Unmarshal([]byte(s[4:4+end]), &fm); err != nil {
		t.Fatalf("front matter is not YAML: %v\n%s", err, s[:4+end])
	}
	keys := []string{"title", "service", "date", "verdict", "state", "hash"}
	if len(fm) != len(keys) {
		t.Errorf("front matter keys %v, want %v", fm, keys)
	}
	if want := oneLine(service); fm["service"] != want || fm["title"] != "Production readiness review: "+want {
		t.Errorf("front matter service %q title %q, want %q", fm["service"], fm["title"], want)
	}
	if !review.ValidHash(fm["hash"]) {
		t.Errorf("front matter hash %q", fm["hash"])
	}
	body := s[4+end+len("\n---\n"):]
	if !strings.HasPrefix(body, "\n# ") {
		t.Errorf("no blank line and title after the front matter: %.80q", body)
	}
	return []byte(body[1:])
}

func TestFrontMatter(t *testing.T) {
	r := richReview(t)
	out := render(t, r, Options{FrontMatter: true})
	checkFrontMatter(t, out, r.Service)
	if !strings.Contains(string(out), "\nverdict: \"blocked\"\nstate: \"in-review\"\n") {
		t.Errorf("front matter lacks verdict and state:\n%s", out[:400])
	}
	for _, s := range []string{"x\"\nevil: 1", "x\\", "a: b # c", "---", "\u2028\ufeff'quoted'", "emoji ✅ \U0001F600", hostileFrontMatter,
		"see www.evil.example", "mail a@evil.example", "https://evil.example/x", "`code` *em* _em_ ~~s~~", "&amp; &#60;b&#62;", "x\\<b>"} {
		r.Service = s
		out := render(t, r, Options{FrontMatter: true})
		body := checkFrontMatter(t, out, s)
		checkFrontMatterInert(t, out, body)
	}
}

// hostileFrontMatter is the service name an audit used to get a live
// image tag and a javascript: link out of front matter read as Markdown.
const hostileFrontMatter = "<img src=x onerror=alert(1)>[x](javascript:alert(1))"

// TestGlamour renders the record the way the TUI previews it.
func TestGlamour(t *testing.T) {
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(styles.DarkStyleConfig), glamour.WithWordWrap(100))
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Render(string(render(t, richReview(t), Options{Version: "1.2.0"})))
	if err != nil {
		t.Fatal(err)
	}
	plain := ansi.Strip(out)
	for _, want := range []string{"payments-api", "Production readiness review", "Blocked", "Sign-offs", "stale"} {
		if !strings.Contains(plain, want) {
			t.Errorf("glamour output lacks %q", want)
		}
	}
}

func TestEmptyReview(t *testing.T) {
	tpl := review.Template{ID: "t", Version: 1, Title: "T", Sections: []review.Section{{ID: "s", Title: "S", Items: []review.Item{{ID: "i", Title: "I", Required: true}}}}}
	r, err := review.NewReview("00000000", tpl, review.Meta{Service: "svc"}, at("2026-01-01 00:00"), "me")
	if err != nil {
		t.Fatal(err)
	}
	out := render(t, r, Options{})
	d := checkSafe(t, out)
	if n := len(d.tables()); n != 2 {
		t.Errorf("%d tables, want 2 (metadata and sections)", n)
	}
	for _, want := range []string{"State: **Draft**.", "## Waivers\n\nNone.\n", "## Action items\n\nNone.\n", "No sign-offs yet.", "| Team | — |"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("record lacks %q:\n%s", want, out)
		}
	}
}

func TestMarkdownNilReview(t *testing.T) {
	if err := Markdown(&bytes.Buffer{}, nil, Options{}); err == nil {
		t.Error("no error for a nil review")
	}
}

func TestTidy(t *testing.T) {
	for _, tt := range []struct{ in, pre, want string }{
		{"", "", "\n"},
		{"\n\n a  \n\n\n\nb\t\n\n", "", " a\n\nb\n"},
		{"x", "---\n", "---\n\nx\n"},
		{"\n\nx\n", "---\n", "---\n\nx\n"},
	} {
		var b bytes.Buffer
		b.WriteString(tt.pre)
		tidy(&b, []byte(tt.in))
		if b.String() != tt.want {
			t.Errorf("tidy(%q) = %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

func TestParseLayoutErrors(t *testing.T) {
	_, err := ParseLayout("my.tmpl", "# {{.Title}}\n\nline 3\n{{if .Service}}\nnever closed\n")
	if err == nil || err.Error() != "layout my.tmpl:6: unexpected EOF" {
		t.Errorf("unclosed action: error %v should name my.tmpl:6", err)
	}
	_, err = ParseLayout("my.tmpl", "ok\n{{nosuchfunc .Title}}\n")
	if err == nil || !strings.Contains(err.Error(), "my.tmpl:2") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unknown function: error %v should name my.tmpl:2 on one line", err)
	}
	// An error while executing names the line too, and writes nothing.
	l, err := ParseLayout("run.tmpl", "a\nb\n{{.NoSuchField}}\n")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = Markdown(&buf, richReview(t), Options{Layout: l})
	if err == nil || !strings.Contains(err.Error(), "run.tmpl:3") {
		t.Errorf("missing field: error %v should name run.tmpl:3", err)
	}
	if buf.Len() != 0 {
		t.Errorf("a failing layout wrote %d bytes", buf.Len())
	}
}

func TestCustomLayout(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mine.md.tmpl")
	text := "# {{.Service}} ({{.Verdict.Value}})\n\n{{range .SignOffs}}- {{.Name}}: {{.Status}}\n{{end}}\nRaw team: {{inline .Raw.Team}}\n\n{{link \"javascript:alert(1)\" \"x\"}} {{link \"https://x.example\" .Raw.Service}}\n\n{{paragraphs .Raw.Owner}}\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := LoadLayout(file)
	if err != nil {
		t.Fatal(err)
	}
	if l.Name() != file {
		t.Errorf("Name() = %q", l.Name())
	}
	out := render(t, richReview(t), Options{Layout: l})
	want := "# payments-api (blocked)\n\n- Kari Nordmann: stale\n- Mallory &lt;img src=x onerror=alert(1)>: current\n- Ola \\| Nordmann: current\n\nRaw team: Payments \\| Core\n\njavascript:alert(1) [payments-api](<https://x.example>)\n\nKari Nordmann\n"
	if string(out) != want {
		t.Errorf("custom layout:\n%s\nwant:\n%s", out, want)
	}
	checkSafe(t, out)
}

func TestLoadLayoutErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.tmpl")
	if _, err := LoadLayout(missing); !errors.Is(err, os.ErrNotExist) || err.Error() != "layout "+missing+": no such file or directory" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := LoadLayout(dir); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
	big := filepath.Join(dir, "big.tmpl")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), MaxLayoutBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLayout(big); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Errorf("oversized file: %v", err)
	}
	bin := filepath.Join(dir, "bin.tmpl")
	if err := os.WriteFile(bin, []byte("\xff\xfe{{.Title}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadLayout(bin); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("binary file: %v", err)
	}
}
