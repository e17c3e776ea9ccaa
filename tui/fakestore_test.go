package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prr-dev/prr/review"
)

// fakeStore is an in-memory Store with the real store's contract: answers
// are validated with the domain's rules, every change bumps the review's
// revision, and what it returns is a copy the caller may keep.
type fakeStore struct {
	mu      sync.Mutex
	reviews map[string]*review.Review
	revs    map[string]uint64
	dbRev   uint64
	now     func() time.Time
	nextID  int

	// failWrites makes every write fail with this error (a locked database).
	failWrites error
	writes     int
	// lists and newestLists count List and ListNewest calls.
	lists, newestLists int
}

func newFakeStore(now func() time.Time) *fakeStore {
	return &fakeStore{reviews: map[string]*review.Review{}, revs: map[string]uint64{}, now: now}
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return nil, s.failWrites
	}
	s.nextID++
	id := fmt.Sprintf("r%07d", s.nextID)
	r, err := review.NewReview(id, t, meta, s.now().Add(time.Duration(s.nextID)*time.Minute), "test")
	if err != nil {
		return nil, err
	}
	s.reviews[id] = r
	s.revs[id] = 1
	s.dbRev++
	return clone(r), nil
}

// add puts a ready-made review in the store (test setup).
func (s *fakeStore) add(r *review.Review) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviews[r.ID] = clone(r)
	s.revs[r.ID]++
	s.dbRev++
}

func (s *fakeStore) find(idOrPrefix string) (*review.Review, error) {
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
	for _, r := range s.reviews {
		a := review.Assess(r, s.now())
		out = append(out, review.Summary{
			ID: r.ID, Service: r.Service, Team: r.Team, Owner: r.Owner,
			TemplateID: r.Template.ID, TemplateVersion: r.Template.Version, TemplateTitle: r.Template.Title,
			Verdict: a.Verdict, State: review.SignOffState(r).State,
			Answered: a.Answered, Total: a.Total, Blocking: len(a.Blocking), OpenActions: len(a.OpenActions),
			Score: a.Score, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.After(out[j].CreatedAt)
		}
		return out[i].ID > out[j].ID
	})
	return out
}

func (s *fakeStore) Revision(id string) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" {
		return s.dbRev, nil
	}
	if _, ok := s.reviews[id]; !ok {
		return 0, fmt.Errorf("no review %q", id)
	}
	return s.revs[id], nil
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
	a := r.Answer(itemID).Clone()
	if err := fn(&a); err != nil {
		return review.Answer{}, err
	}
	if err := a.Validate(it); err != nil {
		return review.Answer{}, err
	}
	if len(review.DiffAnswer(itemID, r.Answer(itemID), a, s.now(), "")) == 0 {
		return r.Answer(itemID).Clone(), nil
	}
	a.UpdatedAt = s.now()
	r.Answers[itemID] = a.Clone()
	r.UpdatedAt = s.now()
	s.revs[id]++
	s.dbRev++
	s.writes++
	return a.Clone(), nil
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
	s.dbRev++
	return nil
}

func (s *fakeStore) SignOff(id, name, role string, d review.Decision, comment string) (review.SignOff, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrites != nil {
		return review.SignOff{}, s.failWrites
	}
	r, err := s.find(id)
	if err != nil {
		return review.SignOff{}, err
	}
	so, err := review.NewSignOff(r, name, role, d, comment, s.now())
	if err != nil {
		return review.SignOff{}, err
	}
	r.SignOffs = append(r.SignOffs, so)
	s.revs[r.ID]++
	s.dbRev++
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
	s.revs[id]++
	s.dbRev++
}

var errLocked = errors.New("database is locked by another prr process (timeout after 1s)")
