package review

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func meetingReview(t *testing.T) *Review {
	t.Helper()
	r, err := NewReview("abcd2345", testTemplate(), Meta{Service: "svc", Participants: []Participant{
		{Name: "Kari Nordmann", Role: "owner"}, {Name: "Ola Nordmann", Role: "sre"}, {Name: "山田太郎", Role: "security"},
	}}, day, "tester")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRollCall(t *testing.T) {
	r := meetingReview(t)
	if err := r.Mark("kari nordmann ", true); err != nil {
		t.Fatal(err)
	}
	if err := r.Mark("Ola Nordmann", false); err != nil {
		t.Fatal(err)
	}
	if err := r.Mark("Per", true); !errors.Is(err, ErrUnknownPerson) {
		t.Fatalf("marking someone unknown: %v", err)
	}
	if err := r.AddAttendee(Participant{Name: " Åse Ødegård ", Role: "DPO"}); err != nil {
		t.Fatal(err)
	}
	if err := r.AddAttendee(Participant{Name: "ola nordmann"}); err != nil { // joined after all
		t.Fatal(err)
	}
	if err := r.AddAttendee(Participant{Name: "bad\nname"}); err == nil {
		t.Fatal("a name with a newline was added")
	}
	var got []string
	for _, p := range r.People() {
		mark := "?"
		if p.Marked {
			mark = map[bool]string{true: "present", false: "absent"}[p.Present]
		}
		got = append(got, p.Name+"/"+p.Role+"/"+mark)
	}
	want := []string{"Kari Nordmann/owner/present", "Ola Nordmann/sre/present", "山田太郎/security/?", "Åse Ødegård/dpo/present"}
	if !slices.Equal(got, want) {
		t.Fatalf("roll call:\n got %q\nwant %q", got, want)
	}
	if got := r.PresentNames(); !slices.Equal(got, []string{"Kari Nordmann", "Ola Nordmann", "Åse Ødegård"}) {
		t.Fatalf("present: %q", got)
	}
	if err := r.SetFacilitator("KARI NORDMANN"); err != nil || r.Meeting.Facilitator != "Kari Nordmann" {
		t.Fatalf("facilitator %q, %v", r.Meeting.Facilitator, err)
	}
	if err := r.SetScribe("Nobody"); !errors.Is(err, ErrUnknownPerson) {
		t.Fatalf("an unknown scribe: %v", err)
	}
	if err := r.SetScribe("山田太郎"); err != nil || r.Meeting.Scribe != "山田太郎" {
		t.Fatalf("scribe %q, %v", r.Meeting.Scribe, err)
	}
	if err := r.Meeting.validate(&r.Template); err != nil {
		t.Fatal(err)
	}
}

func TestParkingCountsForTheVerdict(t *testing.T) {
	r := meetingReview(t)
	for _, id := range []string{"req1", "req2", "opt1", "opt2"} {
		r.Answers[id] = Answer{Status: Pass}
	}
	if as := Assess(r, day); as.Verdict != Ready || as.Standing.Kind != StandingReady {
		t.Fatalf("before parking: %s / %s", as.Verdict, as.Standing.Kind)
	}
	if err := r.Park("req2", "  ask the DBA ", day); err != nil {
		t.Fatal(err)
	}
	if err := r.Park("opt1", "", day.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := r.Park("nope", "x", day); !errors.Is(err, ErrUnknownItem) {
		t.Fatalf("parking an unknown item: %v", err)
	}
	if err := r.Park("req1", strings.Repeat("x", MaxParkNote+1), day); err == nil {
		t.Fatal("an overlong note was taken")
	}
	as := Assess(r, day)
	if as.Verdict != Blocked || len(as.Blocking) != 1 || as.Blocking[0].Reason != "required item is parked: ask the DBA" {
		t.Fatalf("a parked required item: %s %+v", as.Verdict, as.Blocking)
	}
	if as.Standing != (Standing{Kind: InProgress, Left: 1, Parked: 2}) {
		t.Fatalf("standing %+v", as.Standing)
	}
	if len(as.Parked) != 2 || as.Parked[0].ItemID != "opt1" || as.Parked[1].ItemID != "req2" || as.Parked[1].Reason != "parked: ask the DBA" {
		t.Fatalf("parking lot %+v", as.Parked)
	}
	if len(as.Conditions) != 1 || as.Conditions[0].Reason != "optional item is parked" {
		t.Fatalf("conditions %+v", as.Conditions)
	}
	// Parking again changes the note, not when it was parked.
	if err := r.Park("req2", "DBA says yes", day.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if p, _ := r.IsParked("req2"); p.Note != "DBA says yes" || !p.At.Equal(day) {
		t.Fatalf("parked again: %+v", p)
	}
	if !r.Unpark("req2") || r.Unpark("req2") || !r.Unpark("opt1") || r.Meeting.Parked != nil {
		t.Fatalf("unpark: %+v", r.Meeting.Parked)
	}
	if as := Assess(r, day); as.Verdict != Ready {
		t.Fatalf("after unparking: %s", as.Verdict)
	}
}

func TestStandingOf(t *testing.T) {
	pass := Answer{Status: Pass}
	tests := []struct {
		name    string
		answers map[string]Answer
		want    Standing
		label   string
	}{
		{"new review", nil, Standing{Kind: NotStarted, Left: 2}, "not started — 2 required left"},
		{"optional answered only", map[string]Answer{"opt1": pass}, Standing{Kind: InProgress, Left: 2}, "in progress — 2 required left"},
		{"one failing", map[string]Answer{"req1": {Status: Fail}}, Standing{Kind: StandingBlocked, Left: 1, Failing: 1}, "blocked — 1 required failing, 1 left"},
		{"expired waiver", map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-01-01")}, "req2": pass}, Standing{Kind: StandingBlocked, Failing: 1}, "blocked — 1 required failing"},
		{"conditions", map[string]Answer{"req1": pass, "req2": pass}, Standing{Kind: StandingConditions}, "ready with conditions"},
		{"ready", map[string]Answer{"req1": pass, "req2": pass, "opt1": pass, "opt2": pass}, Standing{Kind: StandingReady}, "ready"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := Assess(reviewWith(tt.answers), day)
			if as.Standing != tt.want || as.Standing.Label() != tt.label {
				t.Fatalf("standing %+v %q, want %+v %q", as.Standing, as.Standing.Label(), tt.want, tt.label)
			}
			// The list row says the same from its few counters.
			rec := Summarize(reviewWith(tt.answers), nil, day)
			sum := rec.At(day, "")
			if sum.Standing != tt.want.Kind || sum.FullStanding() != tt.want {
				t.Fatalf("summary standing %s %+v, want %+v", sum.Standing, sum.FullStanding(), tt.want)
			}
		})
	}
}

// A waiver on a parked required item keeps it "left" until the waiver
// expires; from the day after, it fails: the summary's timeline says so.
func TestSummaryStandingAfterAWaiverExpires(t *testing.T) {
	r := reviewWith(map[string]Answer{"req1": {Status: Fail, Waiver: waiver("2026-12-31")}, "req2": {Status: Pass}})
	if err := r.Park("req1", "", day); err != nil {
		t.Fatal(err)
	}
	rec := Summarize(r, nil, day)
	if s := rec.At(day, ""); s.FullStanding() != (Standing{Kind: InProgress, Left: 1, Parked: 1}) {
		t.Fatalf("before expiry: %+v", s.FullStanding())
	}
	if s := rec.At(day.AddDate(0, 2, 0), ""); s.FullStanding() != (Standing{Kind: StandingBlocked, Failing: 1, Parked: 1}) {
		t.Fatalf("after expiry: %+v", s.FullStanding())
	}
}

func TestCountTimeAndSittings(t *testing.T) {
	r := meetingReview(t)
	if err := r.Mark("Kari Nordmann", true); err != nil {
		t.Fatal(err)
	}
	t0 := day.Add(30 * time.Second / 7) // not on a whole second
	r.CountTime(t0, t0.Add(90*time.Second), map[string]int{"a": 60, "b": 30, "nope": 5})
	r.CountTime(t0.Add(2*time.Minute), t0.Add(3*time.Minute), map[string]int{"b": 60})
	m := &r.Meeting
	if len(m.Sittings) != 1 || m.Sittings[0].Duration() != 3*time.Minute || !slices.Equal(m.Sittings[0].Present, []string{"Kari Nordmann"}) {
		t.Fatalf("one sitting: %+v", m.Sittings)
	}
	if m.SectionSeconds["a"] != 60 || m.SectionSeconds["b"] != 90 || len(m.SectionSeconds) != 2 {
		t.Fatalf("section time: %v", m.SectionSeconds)
	}
	// After lunch: a second sitting, with who is there then.
	if err := r.Mark("Ola Nordmann", true); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(SittingGap + 4*time.Minute)
	r.CountTime(later, later.Add(time.Minute), map[string]int{"a": 60})
	if len(m.Sittings) != 2 || m.Sittings[1].Duration() != time.Minute || len(m.Sittings[1].Present) != 2 || len(m.Sittings[0].Present) != 1 {
		t.Fatalf("two sittings: %+v", m.Sittings)
	}
	if got := FormatDuration(m.MeetingTime()); got != "4m" {
		t.Fatalf("meeting time %s", got)
	}
	s := r.Template.Sections[0]
	s.Timebox = 1
	if !m.Over(&s) {
		t.Fatal("2 minutes in a 1-minute timebox is not over")
	}
	s.Timebox = 2
	if m.Over(&s) {
		t.Fatal("2 minutes in a 2-minute timebox is over")
	}
	if err := m.validate(&r.Template); err != nil {
		t.Fatal(err)
	}
}

func TestFormatDurations(t *testing.T) {
	for d, want := range map[time.Duration]string{-time.Second: "0s", 45 * time.Second: "45s", 61 * time.Second: "1m01s", 4 * time.Minute: "4m", 12*time.Minute + 30*time.Second: "12m", 65 * time.Minute: "1h05m"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{0: "0m", 59 * time.Second: "0m", 247 * time.Second: "4m", 3729 * time.Second: "1h02m"} {
		if got := FormatClock(d); got != want {
			t.Errorf("FormatClock(%v) = %q, want %q", d, got, want)
		}
	}
}

// The history says who was marked, parked, timed, in words.
func TestDiffMeeting(t *testing.T) {
	old := meetingReview(t)
	if err := old.Mark("Ola Nordmann", true); err != nil {
		t.Fatal(err)
	}
	if err := old.Park("opt2", "later", day); err != nil {
		t.Fatal(err)
	}
	next := *old
	next.Meeting = old.Meeting.Clone()
	if err := next.Mark("Ola Nordmann", false); err != nil {
		t.Fatal(err)
	}
	if err := next.AddAttendee(Participant{Name: "Åse", Role: "dpo"}); err != nil {
		t.Fatal(err)
	}
	if err := next.SetFacilitator("Åse"); err != nil {
		t.Fatal(err)
	}
	if err := next.Park("req1", "ask the DBA", day); err != nil {
		t.Fatal(err)
	}
	next.Unpark("opt2")
	next.CountTime(day, day.Add(2*time.Minute), map[string]int{"a": 120})
	next.SetPosition("req2")
	var got []string
	for _, e := range DiffReview(old, &next, day, "kari") {
		got = append(got, e.Item+"|"+e.Field+"|"+e.Old+"|"+e.New)
	}
	want := []string{
		"|attendance|Ola Nordmann (sre): present|Ola Nordmann (sre): absent",
		"|attendance||Åse (dpo): present",
		"|facilitator||Åse",
		"opt2|parked|parked: later|",
		"req1|parked||parked: ask the DBA",
		"|time|0s|2m (a +2m, sitting from 2026-11-23 10:00)",
		"|position||req2",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("events:\n got %q\nwant %q", got, want)
	}
	// The clone shares nothing with the original.
	if _, ok := old.Meeting.Parked["req1"]; ok || len(old.Meeting.Attendance) != 1 || !old.Meeting.Attendance[0].Present {
		t.Fatalf("the original changed: %+v", old.Meeting)
	}
	// None of it is in the content hash.
	if ContentHash(old) != ContentHash(&next) {
		t.Fatal("the meeting changed the content hash")
	}
}

func TestValidateChangeChecksTheMeeting(t *testing.T) {
	old := meetingReview(t)
	for name, change := range map[string]func(m *Meeting){
		"parked unknown item":   func(m *Meeting) { m.Parked = map[string]Parking{"nope": {}} },
		"name with a newline":   func(m *Meeting) { m.Attendance = []Attendee{{Name: "a\nb"}} },
		"invisible name":        func(m *Meeting) { m.Facilitator = "\u200b" },
		"marked twice":          func(m *Meeting) { m.Attendance = []Attendee{{Name: "Kari"}, {Name: "kari"}} },
		"time on no section":    func(m *Meeting) { m.SectionSeconds = map[string]int{"zz": 1} },
		"negative time":         func(m *Meeting) { m.SectionSeconds = map[string]int{"a": -1} },
		"sitting ends early":    func(m *Meeting) { m.Sittings = []Sitting{{Start: day, End: day.Add(-time.Second)}} },
		"position on no item":   func(m *Meeting) { m.Position = "nope" },
		"multi-line park note ": func(m *Meeting) { m.Parked = map[string]Parking{"req1": {Note: "a\nb"}} },
	} {
		next := *old
		next.Meeting = old.Meeting.Clone()
		change(&next.Meeting)
		if err := ValidateChange(old, &next); err == nil {
			t.Errorf("%s: accepted", name)
		}
		whole := next
		if err := whole.Validate(); err == nil {
			t.Errorf("%s: Validate accepted it", name)
		}
	}
}

func TestTimeboxInTemplates(t *testing.T) {
	src := "id: t\nversion: 1\ntitle: T\nsections:\n  - id: s\n    title: S\n    timebox: %s\n    items:\n      - id: i\n        title: I\n"
	tp, err := ParseTemplate("t.yaml", []byte(strings.Replace(src, "%s", "10", 1)))
	if err != nil || tp.Sections[0].Timebox != 10 {
		t.Fatalf("timebox 10: %v %+v", err, tp)
	}
	for _, bad := range []string{"0", "-5", "601", "ten", "1.5"} {
		if _, err := ParseTemplate("t.yaml", []byte(strings.Replace(src, "%s", bad, 1))); err == nil || !strings.Contains(err.Error(), "timebox") {
			t.Errorf("timebox %s: %v", bad, err)
		}
	}
	// The snapshot keeps it, and the hash covers it.
	r, _ := NewReview("abcd2345", *tp, Meta{Service: "s"}, day, "")
	if err := r.Template.Validate(); err != nil {
		t.Fatal(err)
	}
	before := ContentHash(r)
	r.Template.Sections[0].Timebox = 11
	if ContentHash(r) == before {
		t.Fatal("the timebox is not in the content hash")
	}
}
