package storetest

import (
	"errors"
	"testing"

	"github.com/prr-dev/prr/review"
)

// testUpdateWhole: Update changes the review's assessments in one step,
// checked with the domain's rules, and moves the revision only when
// something changed.
func testUpdateWhole(t *testing.T, s Store, c *Clock) {
	r := create(t, s, "alpha")
	rev := revision(t, s, r.ID)
	hash := review.ContentHash(r)
	got, err := s.Update(r.ID[:4], func(r *review.Review) error {
		if err := r.AddSkillArea(review.KnowledgeArea{ID: "batch", Title: "Batch jobs"}); err != nil {
			return err
		}
		return r.SetSkillLevel("Ola", "batch", review.LevelTeach)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.SkillLevel("Ola", "batch") != review.LevelTeach || get(t, s, r.ID).SkillLevel("Ola", "batch") != review.LevelTeach {
		t.Fatal("the level was not stored")
	}
	if review.ContentHash(got) == hash || revision(t, s, r.ID) == rev {
		t.Fatal("a change of the matrix moved neither the hash nor the revision")
	}
	// The copy returned is the caller's: changing it changes nothing stored.
	_ = got.SetSkillLevel("Ola", "batch", review.LevelHelp)
	if get(t, s, r.ID).SkillLevel("Ola", "batch") != review.LevelTeach {
		t.Fatal("changing the returned review changed the store")
	}
	rev = revision(t, s, r.ID)
	if _, err := s.Update(r.ID, func(r *review.Review) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if revision(t, s, r.ID) != rev {
		t.Fatal("an update that changed nothing moved the revision")
	}
	refused := errors.New("refused")
	if _, err := s.Update(r.ID, func(r *review.Review) error {
		_ = r.SetSkillLevel("Ola", "batch", review.LevelNone)
		return refused
	}); !errors.Is(err, refused) {
		t.Fatalf("fn's error: %v", err)
	}
	if _, err := s.Update(r.ID, func(r *review.Review) error {
		r.Assessments.Skills.Cells[0].Level = 7 // not a level: the domain refuses
		return nil
	}); err == nil {
		t.Fatal("an invalid matrix was stored")
	}
	if get(t, s, r.ID).SkillLevel("Ola", "batch") != review.LevelTeach || revision(t, s, r.ID) != rev {
		t.Fatal("a refused update changed the review")
	}
}
