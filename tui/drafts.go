package tui

// Drafts: text typed into an editor and not saved yet. They are kept in
// memory as they are typed and written, a moment after the typing stops,
// to one small file per review under the state directory, so that a note
// or a half-filled form survives a crash (or ctrl+c) and is offered again
// the next time the same editor of the same item is opened. A draft goes
// once its text is saved, or when the user discards it.

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/prr-dev/prr/review"
)

// draftKey names one editor of one item: its note, or one of its forms
// ("na", "evidence", "action", "waiver", "park").
type draftKey struct{ Item, Field string }

// draft is what was typed: the note's text under "text", a form's fields
// by name.
type draft struct {
	At     time.Time         `json:"at"`
	Values map[string]string `json:"values"`
}

// draftFile is the file of one review's drafts.
type draftFile struct {
	Review string       `json:"review"`
	Drafts []draftEntry `json:"drafts"`
}

type draftEntry struct {
	Item  string `json:"item"`
	Field string `json:"field"`
	draft
}

// draftDebounce is how long typing must pause before the drafts are
// written: a crash loses at most this much of what was typed.
const draftDebounce = 400 * time.Millisecond

// maxDraftFile bounds what is read back: drafts are a few kilobytes.
const maxDraftFile = 1 << 20

// draftsMsg carries the drafts read from a review's file.
type draftsMsg struct {
	id     string
	drafts map[draftKey]draft
	err    error
}

// draftFlushMsg asks for the drafts of a review to be written now.
type draftFlushMsg struct{ id string }

// draftsWrittenMsg reports a write of the drafts file.
type draftsWrittenMsg struct{ err error }

func (draftsMsg) to() state        { return stateWalk }
func (draftFlushMsg) to() state    { return stateWalk }
func (draftsWrittenMsg) to() state { return stateWalk }

func draftPath(dir, reviewID string) string {
	return filepath.Join(dir, "drafts", reviewID+".json")
}

// readDrafts reads a review's drafts; no file is no drafts.
func readDrafts(dir, reviewID string) (map[draftKey]draft, error) {
	f, err := os.Open(draftPath(dir, reviewID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var df draftFile
	if err := json.NewDecoder(io.LimitReader(f, maxDraftFile)).Decode(&df); err != nil {
		return nil, err
	}
	out := map[draftKey]draft{}
	for _, e := range df.Drafts {
		if df.Review == reviewID && e.Item != "" && e.Field != "" && len(e.Values) > 0 {
			out[draftKey{e.Item, e.Field}] = e.draft
		}
	}
	return out, nil
}

// writeDrafts replaces a review's drafts file (removes it when there are
// none), through a temporary file renamed into place.
func writeDrafts(dir, reviewID string, ds map[draftKey]draft) error {
	path := draftPath(dir, reviewID)
	if len(ds) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	df := draftFile{Review: reviewID}
	keys := slices.SortedFunc(maps.Keys(ds), func(a, b draftKey) int {
		if a.Item != b.Item {
			return cmpString(a.Item, b.Item)
		}
		return cmpString(a.Field, b.Field)
	})
	for _, k := range keys {
		df.Drafts = append(df.Drafts, draftEntry{Item: k.Item, Field: k.Field, draft: ds[k]})
	}
	data, err := json.MarshalIndent(df, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+reviewID+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// loadDrafts reads the drafts of the review the screen opens.
func (w *walkModel) loadDrafts() tea.Cmd {
	dir, id := w.c.stateDir, w.id
	if dir == "" || !review.ValidIDPrefix(id) || len(id) != review.IDLength {
		return nil
	}
	return func() tea.Msg {
		ds, err := readDrafts(dir, id)
		return draftsMsg{id: id, drafts: ds, err: err}
	}
}

// draftsLoaded takes in the drafts read from the file; what was typed in
// this session meanwhile wins.
func (w *walkModel) draftsLoaded(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		w.c.logger.Warn("read drafts", "review", msg.id, "err", msg.err)
		return nil
	}
	if msg.id != w.id || len(msg.drafts) == 0 {
		return nil
	}
	for k, d := range msg.drafts {
		if _, ok := w.drafts[k]; !ok {
			w.drafts[k] = d
		}
	}
	return w.refresh()
}

// keepDraft records what an editor holds; an editor holding what is saved
// has no draft.
func (w *walkModel) keepDraft(k draftKey, values map[string]string) tea.Cmd {
	if d, ok := w.drafts[k]; ok && maps.Equal(d.Values, values) {
		return nil
	}
	w.drafts[k] = draft{At: w.c.now().UTC().Truncate(time.Second), Values: values}
	return w.draftsChanged()
}

// dropDraft forgets a draft: its text was saved, or discarded.
func (w *walkModel) dropDraft(k draftKey) tea.Cmd {
	if _, ok := w.drafts[k]; !ok {
		return nil
	}
	delete(w.drafts, k)
	return w.draftsChanged()
}

// draftsChanged asks for the file to be written once typing pauses.
func (w *walkModel) draftsChanged() tea.Cmd {
	if w.c.stateDir == "" || w.draftFlushQueued {
		return nil
	}
	w.draftFlushQueued = true
	id := w.id
	return tea.Tick(draftDebounce, func(time.Time) tea.Msg { return draftFlushMsg{id: id} })
}

// flushDrafts writes the drafts of the review on show.
func (w *walkModel) flushDrafts(msg draftFlushMsg) tea.Cmd {
	w.draftFlushQueued = false
	if msg.id != w.id {
		return nil
	}
	return w.writeDraftsCmd()
}

// writeDraftsCmd writes a copy of the drafts as they are now.
func (w *walkModel) writeDraftsCmd() tea.Cmd {
	dir, id := w.c.stateDir, w.id
	if dir == "" || !review.ValidIDPrefix(id) || len(id) != review.IDLength {
		return nil
	}
	ds := maps.Clone(w.drafts)
	return func() tea.Msg { return draftsWrittenMsg{err: writeDrafts(dir, id, ds)} }
}

// noteDraft is the note draft of an item, if there is one.
func (w *walkModel) noteDraft(itemID string) (string, bool) {
	d, ok := w.drafts[draftKey{itemID, "note"}]
	if !ok {
		return "", false
	}
	return d.Values["text"], true
}
