package review

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"time"
)

// HashPrefix names the canonical encoding the content hash is taken over.
// Change the encoding only together with this prefix, so that old sign-offs
// can still be told apart from stale ones.
const HashPrefix = "prr-content-v1"

// canonicalReview is the content a sign-off vouches for: the template
// snapshot, the review's metadata and every answer. It leaves out sign-offs
// (a sign-off cannot sign itself), history, and who changed an answer when,
// so that re-saving the same answer does not make sign-offs stale.
type canonicalReview struct {
	Format       string            `json:"format"`
	ID           string            `json:"id"`
	Service      string            `json:"service"`
	Team         string            `json:"team"`
	Owner        string            `json:"owner"`
	Participants []Participant     `json:"participants"`
	Created      string            `json:"created"`
	Template     Template          `json:"template"`
	Answers      []canonicalAnswer `json:"answers"`
}

type canonicalAnswer struct {
	Item     string   `json:"item"`
	Status   Status   `json:"status"`
	Note     string   `json:"note"`
	Evidence []string `json:"evidence"`
	Actions  []Action `json:"actions"`
	Waiver   *Waiver  `json:"waiver"`
}

// ContentHash returns "sha256:<hex>" over the canonical encoding of the
// review. encoding/json writes struct fields in declaration order and
// escapes strings the same way on every platform, and answers are sorted by
// item id, so the hash is stable across runs, machines and Go versions.
func ContentHash(r *Review) string {
	c := canonicalReview{
		Format:       HashPrefix,
		ID:           r.ID,
		Service:      r.Service,
		Team:         r.Team,
		Owner:        r.Owner,
		Participants: nonNil(r.Participants),
		Created:      r.CreatedAt.UTC().Format(time.RFC3339),
		Template:     r.Template,
	}
	ids := make([]string, 0, len(r.Answers))
	for id, a := range r.Answers {
		if !a.IsZero() {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	c.Answers = make([]canonicalAnswer, 0, len(ids))
	for _, id := range ids {
		a := r.Answers[id]
		c.Answers = append(c.Answers, canonicalAnswer{
			Item: id, Status: a.Status, Note: a.Note,
			Evidence: nonNil(a.Evidence), Actions: nonNil(a.Actions), Waiver: a.Waiver,
		})
	}
	b, err := json.Marshal(c)
	if err != nil {
		// Only unsupported types make Marshal fail, and canonicalReview has none.
		panic("review: canonical encoding failed: " + err.Error())
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
