package tui

// The walk screen's clock: the meeting's time is counted while a review is
// on the walk screen (never on the other screens), per section, from the
// root's once-a-second clockMsg and the injected clock. What is counted is
// saved with the review every saveTimeEvery, when the screen is left, and
// before ctrl+c ends the program, so a crash loses at most that much; the
// same writes keep the item the walk was on, for the next visit. The
// domain (Review.CountTime) turns the stretches into sittings.

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// saveTimeEvery is how often the time counted is saved.
const saveTimeEvery = time.Minute

// maxTickGap is the longest gap between two ticks that still counts as
// time in the meeting: more means the program was stopped or the laptop
// slept, and the time between is a pause.
const maxTickGap = 2 * time.Minute

// meetingClock is the time counted on this visit and not saved yet.
type meetingClock struct {
	last    time.Time // the last moment counted; zero while not counting
	from    time.Time // the start of the stretch not saved yet
	savedAt time.Time // when the last save was queued
	pending map[string]time.Duration
	// inflight is time on its way to the store, shown meanwhile.
	inflight map[string]time.Duration
	// sitStart is the start of the sitting on show.
	sitStart time.Time
	// savedPos is the position last saved.
	savedPos string
}

// timeChunk is time given to the store in one write.
type timeChunk struct {
	from, to time.Time
	secs     map[string]int
}

// startClock starts counting at now, in the sitting the review's last one
// continues, or a new one.
func (w *walkModel) startClock() {
	now := w.c.now()
	k := &w.clock
	k.last, k.from, k.savedAt = now, now, now
	if k.pending == nil {
		k.pending = map[string]time.Duration{}
	}
	k.sitStart = now
	if ss := w.rev.Meeting.Sittings; len(ss) > 0 {
		if last := ss[len(ss)-1]; now.Sub(last.End) <= review.SittingGap && !now.Before(last.Start) {
			k.sitStart = last.Start
		}
	}
	k.savedPos = w.rev.Meeting.Position
}

// tick counts the time since the last tick on the current section, and
// saves what is counted once a minute.
func (w *walkModel) tick() tea.Cmd {
	k := &w.clock
	if w.rev == nil || k.last.IsZero() {
		return nil
	}
	now := w.c.now()
	d := now.Sub(k.last)
	var cmd tea.Cmd
	switch {
	case d <= 0:
		return nil
	case d > maxTickGap:
		// A pause: save the stretch before it, and count on from now.
		cmd = w.saveTime(k.last)
		k.from = now
	default:
		if cur, ok := w.current(); ok && w.countsTime() {
			k.pending[w.rev.Template.Sections[cur.section].ID] += d
		}
	}
	k.last = now
	if now.Sub(k.savedAt) >= saveTimeEvery {
		cmd = tea.Batch(cmd, w.saveTime(now))
	}
	w.head = w.header()
	return cmd
}

// countsTime reports whether this terminal counts the meeting's time and
// keeps its place: a terminal of its own always; in a room of terminals
// (prr serve) only the one that drives, so that time is counted once and
// the place is the facilitator's.
func (w *walkModel) countsTime() bool { return w.c.live == nil || w.driving() }

// saveTime queues a write of the whole seconds counted until to, and of
// the position; nothing if neither changed.
func (w *walkModel) saveTime(to time.Time) tea.Cmd {
	k := &w.clock
	k.savedAt = to
	if !w.countsTime() {
		k.from = to
		return nil
	}
	secs := map[string]int{}
	for id, d := range k.pending {
		if s := int(d / time.Second); s > 0 {
			secs[id] = s
			k.pending[id] -= time.Duration(s) * time.Second
		}
	}
	cur, ok := w.current()
	pos := ""
	if ok {
		pos = cur.item.ID
	}
	if len(secs) == 0 && pos == k.savedPos {
		return nil
	}
	chunk := &timeChunk{from: k.from, to: to, secs: secs}
	k.from = to
	if k.inflight == nil {
		k.inflight = map[string]time.Duration{}
	}
	for id, s := range secs {
		k.inflight[id] += time.Duration(s) * time.Second
	}
	k.savedPos = pos
	return w.wr.enqueue(writeReq{
		reviewID: w.rev.ID, label: "meeting time", chunk: chunk,
		change: func(r *review.Review) error {
			if len(chunk.secs) > 0 {
				r.CountTime(chunk.from, chunk.to, chunk.secs)
			}
			r.SetPosition(pos)
			return nil
		},
	})
}

// timeSaved takes in the store's reply to a write of time.
func (w *walkModel) timeSaved(c *timeChunk, err error) {
	k := &w.clock
	for id, s := range c.secs {
		k.inflight[id] -= time.Duration(s) * time.Second
		if err != nil {
			k.pending[id] += time.Duration(s) * time.Second // try again with the next
		}
	}
	if err != nil {
		k.from = c.from
		w.c.fail("the meeting time was not saved (prr tries again)", err)
	}
}

// stopClock saves what was counted and stops counting: the screen is
// being left.
func (w *walkModel) stopClock() tea.Cmd {
	k := &w.clock
	if w.rev == nil || k.last.IsZero() {
		return nil
	}
	now := w.c.now()
	if cur, ok := w.current(); ok && now.Sub(k.last) <= maxTickGap && now.After(k.last) {
		k.pending[w.rev.Template.Sections[cur.section].ID] += now.Sub(k.last)
	}
	cmd := w.saveTime(now)
	k.last = time.Time{}
	return cmd
}

// leave is the root telling the screen it is no longer on show.
func (w *walkModel) leave() tea.Cmd {
	w.onShow = false
	return tea.Batch(w.stopClock(), w.writeDraftsCmd())
}

// beforeQuit keeps what ctrl+c would lose: a note being typed is saved
// (or, if the domain refuses it as it stands, kept as a draft), a form's
// text stays a draft, the time counted is saved, and the drafts file is
// written, all before the program ends.
func (w *walkModel) beforeQuit() tea.Cmd {
	var cmds []tea.Cmd
	if w.rev != nil && w.noteChanged() {
		text := strings.TrimRight(w.note.Value(), "\n ")
		k := draftKey{w.noteIt, "note"}
		cmds = append(cmds, w.keepDraft(k, map[string]string{"text": text}))
		if edit := (review.Edits{review.SetNote(text)}); w.check(w.noteIt, edit) == nil {
			w.mode = modeBrowse
			cmds = append(cmds, w.save(w.noteIt, edit.Label(), edit, &text))
		}
	}
	cmds = append(cmds, w.stopClock(), w.writeDraftsCmd())
	return tea.Batch(cmds...)
}

// elapsed is the time of the sitting on show.
func (w *walkModel) elapsed() time.Duration {
	if w.clock.last.IsZero() {
		return 0
	}
	return w.clock.last.Sub(w.clock.sitStart)
}

// clockDelay is how long until the clock on show changes: the next whole
// minute of the meeting or of the current section, or the second after
// its timebox runs out (when it turns "over"). A move to another section
// between ticks shows that section's time at once; its next minute may
// then show up to a minute late, at the meeting's next minute.
func (w *walkModel) clockDelay() time.Duration {
	d := time.Minute - w.elapsed()%time.Minute
	if cur, ok := w.current(); ok && w.rev != nil {
		spent := w.sectionTime(cur.section)
		d = min(d, time.Minute-spent%time.Minute)
		if tb := timeboxOf(&w.rev.Template.Sections[cur.section]); tb > 0 && spent < tb+time.Second {
			d = min(d, tb+time.Second-spent)
		}
	}
	return max(d, time.Second)
}

// sectionTime is the time spent on section si: saved, on its way, and
// counted since.
func (w *walkModel) sectionTime(si int) time.Duration {
	id := w.rev.Template.Sections[si].ID
	return w.rev.Meeting.SectionTime(id) + w.clock.inflight[id] + w.clock.pending[id]
}

// timeboxOf is a section's timebox as a duration.
func timeboxOf(s *review.Section) time.Duration { return time.Duration(s.Timebox) * time.Minute }
