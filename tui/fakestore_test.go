package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/storetest"
)

// fakeStore is an in-memory Store that keeps the real store's contract
// (review/storetest runs against both): answers are changed and validated
// with the domain's rules, lists are sorted and summarised by the domain,
// every change moves the revisions, and what it returns is a copy the
// caller may keep.
type fakeStore struct {
	mu      sync.Mutex
	reviews map[string]*review.Review
	revs    map[string]uint64
	dbRev   uint64
	clock   *storetest.Clock
	nextID  int

	// failWrites makes every write fail with this error (a locked database).
	failWrites error
	writes     int
	// lists and newestLists count List and ListNewest calls.
	lists, newestLists int
}

// newFakeStore returns an empty store whose clock shows testNow.
func newFakeStore() *fakeStore { return newFakeStoreOn(storetest.NewClock(testNow)) }

func newFakeStoreOn(clock *storetest.Clock) *fakeStore {
	return &fakeStore{reviews: map[string]*review.Review{}, revs: map[string]uint64{}, clock: clock}
}

func (s *fakeStore) now() time.Time { return s.clock.Now() }

// changed records a change of review id: as in the real store, a review's
// revision is the database's revision when it last changed.
func (s *fakeStore) changed(id string) {
	s.dbRev++
	s.revs[id] = s.dbRev
	if r, ok := s.reviews[id]; ok {
		r.UpdatedAt = s.now()
		// The fake keeps no history, but its head moves with every change,
		// as the real one's does.
		review.AppendHistory(r, []review.Event{{At: s.now(), Actor: "test", Field: "change"}})
	}
}

func clone(r *review.Review) *review.Review {
	b, err := json.Marshal(r)
	if err != nil {
		panic(err)
	}
	var out review.Review
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}

func (s *fakeStore) Create(t review.Template, meta review.Meta) (*review.Review, error) {
	return s.CreateWith(t, meta, nil)
}

func (s *fakeStore) CreateWith(t review.Template, meta review.Meta, fn func(r *review.Review) error) (*review.Review, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return nil, s.failWrites
	}
	if t.ID == "" {
		return nil, errors.New("create review: the template has no id")
	}
	s.nextID++
	id := fmt.Sprintf("r%07d", s.nextID)
	r, err := review.NewReview(id, t, meta, s.now(), "test")
	if err != nil {
		return nil, err
	}
	if fn != nil {
		start := clone(r)
		if err := fn(r); err != nil {
			return nil, err
		}
		r.SetMeta(r.Meta().Normalize())
		if err := review.ValidateStart(start, r); err != nil {
			return nil, err
		}
		for item, a := range r.Answers {
			a.UpdatedAt, a.UpdatedBy = s.now(), "test"
			r.Answers[item] = a
		}
	}
	s.reviews[id] = clone(r)
	s.changed(id)
	return clone(r), nil
}

// add puts a ready-made review in the store (test setup).
func (s *fakeStore) add(r *review.Review) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviews[r.ID] = clone(r)
	s.dbRev++
	s.revs[r.ID] = s.dbRev
}

func (s *fakeStore) find(idOrPrefix string) (*review.Review, error) {
	idOrPrefix = strings.ToLower(strings.TrimSpace(idOrPrefix))
	if idOrPrefix == "" {
		return nil, errors.New("no review id given")
	}
	if r, ok := s.reviews[idOrPrefix]; ok {
		return r, nil
	}
	var found *review.Review
	for id, r := range s.reviews {
		if strings.HasPrefix(id, idOrPrefix) {
			if found != nil {
				return nil, fmt.Errorf("review %q is ambiguous", idOrPrefix)
			}
			found = r
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no review %q", idOrPrefix)
	}
	return found, nil
}

func (s *fakeStore) Get(idOrPrefix string) (*review.Review, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.find(idOrPrefix)
	if err != nil {
		return nil, err
	}
	return clone(r), nil
}

func (s *fakeStore) List() ([]review.Summary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists++
	return s.listLocked(), nil
}

func (s *fakeStore) ListNewest(n int) ([]review.Summary, int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.newestLists++
	all := s.listLocked()
	return all[:min(n, len(all))], len(all), nil
}

func (s *fakeStore) listLocked() []review.Summary {
	var out []review.Summary
	now := s.now()
	for _, r := range s.reviews {
		rec := review.Summarize(r, nil, now)
		out = append(out, rec.At(now, ""))
	}
	slices.SortFunc(out, review.NewestFirst)
	return out
}

func (s *fakeStore) Revision(id string) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" {
		return s.dbRev, nil
	}
	r, err := s.find(id)
	if err != nil {
		return 0, err
	}
	return s.revs[r.ID], nil
}

func (s *fakeStore) UpdateAnswer(id, itemID string, fn func(a *review.Answer) error) (review.Answer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return review.Answer{}, s.failWrites
	}
	r, err := s.find(id)
	if err != nil {
		return review.Answer{}, err
	}
	it, _, ok := r.Template.Find(itemID)
	if !ok {
		return review.Answer{}, fmt.Errorf("review %s has no item %q", id, itemID)
	}
	old := r.Answer(itemID).Clone()
	a := old.Clone()
	if err := fn(&a); err != nil {
		return review.Answer{}, err
	}
	if err := a.Validate(it); err != nil {
		return review.Answer{}, err
	}
	if len(review.DiffAnswer(itemID, old, a, s.now(), "")) == 0 {
		return old, nil
	}
	a.UpdatedAt, a.UpdatedBy = s.now(), "test"
	if a.IsZero() {
		delete(r.Answers, itemID) // back to nothing: stored as nothing
	} else {
		r.Answers[itemID] = a.Clone()
	}
	s.changed(r.ID)
	s.writes++
	return a, nil
}

func (s *fakeStore) Update(idOrPrefix string, fn func(r *review.Review) error) (*review.Review, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return nil, s.failWrites
	}
	old, err := s.find(idOrPrefix)
	if err != nil {
		return nil, err
	}
	next := clone(old)
	if err := fn(next); err != nil {
		return nil, err
	}
	next.SetMeta(next.Meta().Normalize())
	if err := review.ValidateChange(old, next); err != nil {
		return nil, err
	}
	events := review.DiffReview(old, next, s.now(), "test")
	if len(events) == 0 {
		return clone(old), nil
	}
	for _, ev := range events {
		if ev.Item == "" {
			continue
		}
		a, ok := next.Answers[ev.Item]
		switch {
		case !ok:
		case a.IsZero():
			delete(next.Answers, ev.Item)
		default:
			if a.Status == "" {
				a.Status = review.Unanswered
			}
			a.UpdatedAt, a.UpdatedBy = s.now(), "test"
			next.Answers[ev.Item] = a
		}
	}
	s.reviews[old.ID] = next
	s.changed(old.ID)
	s.writes++
	return clone(next), nil
}

func (s *fakeStore) Delete(idOrPrefix string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return s.failWrites
	}
	r, err := s.find(idOrPrefix)
	if err != nil {
		return err
	}
	delete(s.reviews, r.ID)
	delete(s.revs, r.ID)
	s.dbRev++
	return nil
}

func (s *fakeStore) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	now := s.now()
	return s.AddSignOff(id, func(r *review.Review) (review.SignOff, error) {
		return review.NewSignOff(r, name, role, d, comment, now)
	})
}

func (s *fakeStore) AddSignOff(id string, fn func(r *review.Review) (review.SignOff, error)) (review.SignOff, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return review.SignOff{}, s.failWrites
	}
	r, err := s.find(id)
	if err != nil {
		return review.SignOff{}, err
	}
	so, err := fn(clone(r))
	if err != nil {
		return review.SignOff{}, err
	}
	next := clone(r)
	next.SignOffs = append(next.SignOffs, so)
	if err := review.ValidateChange(r, next); err != nil {
		return review.SignOff{}, err
	}
	r.SignOffs = append(r.SignOffs, so)
	s.changed(r.ID)
	s.writes++
	return so, nil
}

// signOffs returns a copy of the stored sign-offs of a review.
func (s *fakeStore) signOffs(id string) []review.SignOff {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]review.SignOff(nil), s.reviews[id].SignOffs...)
}

// review returns a copy of a stored review.
func (s *fakeStore) review(id string) *review.Review {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.reviews[id])
}

// answers returns a copy of the stored answers of a review.
func (s *fakeStore) answers(id string) map[string]review.Answer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]review.Answer{}
	for k, v := range s.reviews[id].Answers {
		out[k] = v.Clone()
	}
	return out
}

// set changes an answer behind the TUI's back, as another process would.
func (s *fakeStore) set(id, itemID string, a review.Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviews[id].Answers[itemID] = a
	s.changed(id)
}

var errLocked = errors.New("database is locked by another prr process (timeout after 1s)")
