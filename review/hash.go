package review

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"sort"
	"sync"
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
//
// This struct is the definition of the encoding; ContentHash writes the
// same bytes piece by piece (see Hasher), and a test holds the two equal.
type canonicalReview struct {
	canonicalHead                   // encoding/json writes its fields in place
	Template      Template          `json:"template"`
	Answers       []canonicalAnswer `json:"answers"`
	// Assessments is left out when empty, so reviews without any keep
	// the hash they had (canonicalAssessments).
	Assessments *Assessments `json:"assessments,omitempty"`
}

// canonicalHead is canonicalReview's fields before the template.
type canonicalHead struct {
	Format       string        `json:"format"`
	ID           string        `json:"id"`
	Service      string        `json:"service"`
	Team         string        `json:"team"`
	Owner        string        `json:"owner"`
	Participants []Participant `json:"participants"`
	Created      string        `json:"created"`
}

type canonicalAnswer struct {
	Item     string   `json:"item"`
	Status   Status   `json:"status"`
	Note     string   `json:"note"`
	Evidence []string `json:"evidence"`
	Actions  []Action `json:"actions"`
	Waiver   *Waiver  `json:"waiver"`
	// ToConfirm is left out when false, so that every answer hashed before
	// it existed keeps its hash.
	ToConfirm bool `json:"to_confirm,omitempty"`
}

// ContentHash returns "sha256:<hex>" over the canonical encoding of the
// review. encoding/json writes struct fields in declaration order and
// escapes strings the same way on every platform, and answers are sorted by
// item id, so the hash is stable across runs, machines and Go versions.
func ContentHash(r *Review) string {
	// The zero Hasher streams the template into the digest; NewHasher
	// would first encode it into a buffer of its own, to be kept.
	return (&Hasher{}).Hash(r)
}

// A Hasher computes ContentHash for reviews that share one template
// snapshot, encoding that snapshot once instead of on every call. The
// snapshot is most of a review's bytes, and a store that refreshes a signed
// review's state on every answer hashes it again each time.
//
// Hash must only be given reviews whose Template equals the one the Hasher
// was made from; it does not check (that would cost what it saves). The
// zero Hasher encodes each review's own template, like ContentHash.
type Hasher struct {
	template []byte // the snapshot's canonical JSON; nil: encode per call

	// The digest after the head and the template, for the head it was
	// taken with: the head changes only with the review's metadata, so
	// hashing a review again after an answer digests only the answers.
	mu         sync.Mutex
	prefixHead []byte
	prefix     hash.Cloner
}

// NewHasher encodes t once for hashing reviews of that snapshot.
func NewHasher(t *Template) *Hasher {
	if !canonicalShapeOK() {
		return &Hasher{template: mustMarshal(t)}
	}
	e := canonicalEncoder{buf: make([]byte, 0, 4096)}
	e.template(t)
	return &Hasher{template: e.buf}
}

// TemplateHash returns the content hash of a template snapshot:
// "sha256:<hex>" over its canonical JSON, the bytes ContentHash takes in
// for the template. Equal snapshots have equal hashes, so a store can keep
// each distinct one once and refer to it by its hash.
func TemplateHash(t *Template) string { return NewHasher(t).TemplateHash() }

// TemplateJSON is the canonical JSON of the snapshot the Hasher was made
// from (nil for the zero Hasher). It is shared: do not change it.
func (h *Hasher) TemplateJSON() []byte { return h.template }

// TemplateHash is TemplateHash of the Hasher's snapshot.
func (h *Hasher) TemplateHash() string {
	sum := sha256.Sum256(h.template)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Hash is ContentHash(r), for a review of the Hasher's snapshot.
//
// It writes canonicalReview's encoding in three pieces — the fields before
// the template, the template, the answers — straight into the digest. The
// pieces join into exactly json.Marshal's bytes: a struct is encoded as
// '{', its fields as "name":value separated by commas, and '}', with no
// space anywhere. canonicalEncoder writes each piece without reflection;
// hashMarshal is the same with json.Marshal.
func (h *Hasher) Hash(r *Review) string {
	if !canonicalShapeOK() {
		return h.hashMarshal(r)
	}
	bp := hashBuffers.Get().(*[]byte)
	defer hashBuffers.Put(bp)
	e := canonicalEncoder{d: sha256.New(), buf: (*bp)[:0]}
	defer func() { *bp = e.buf[:0] }() // keep what it grew to
	e.head(r)
	e.raw(`,"template":`)
	if h.template != nil {
		e.d = h.digestPrefix(e.buf)
		e.buf = e.buf[:0]
	} else {
		e.template(&r.Template)
	}
	e.raw(`,"answers":`)
	e.answers(r)
	e.assessments(r)
	e.raw("}")
	e.flush()
	return "sha256:" + hex.EncodeToString(e.d.Sum(nil))
}

// hashBuffers recycles the buffers Hash encodes into on their way to the
// digest: a store hashes a signed review on every answer, and a fresh
// 64 KB buffer each time kept the garbage collector busy.
var hashBuffers = sync.Pool{New: func() any {
	b := make([]byte, 0, 2*flushAt)
	return &b
}}

// digestPrefix returns a digest that has taken head and then the
// template, from the cached state when head is the one it was taken with.
func (h *Hasher) digestPrefix(head []byte) hash.Hash {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.prefix != nil && bytes.Equal(head, h.prefixHead) {
		if c, err := h.prefix.Clone(); err == nil {
			if d, ok := c.(hash.Hash); ok {
				return d
			}
		}
	}
	d := sha256.New()
	write(d, head)
	write(d, h.template)
	if c, ok := d.(hash.Cloner); ok {
		if saved, err := c.Clone(); err == nil {
			h.prefixHead, h.prefix = bytes.Clone(head), saved
		}
	}
	return d
}

// hashMarshal is Hash with encoding/json doing the encoding: the
// definition canonicalEncoder follows, used when the canonical types no
// longer have the shape canonicalEncoder was written for.
func (h *Hasher) hashMarshal(r *Review) string {
	tmpl := h.template
	if tmpl == nil {
		tmpl = mustMarshal(&r.Template)
	}
	head := mustMarshal(canonicalHead{
		Format:       HashPrefix,
		ID:           r.ID,
		Service:      r.Service,
		Team:         r.Team,
		Owner:        r.Owner,
		Participants: nonNil(r.Participants),
		Created:      created(r),
	})
	d := sha256.New()
	write(d, head[:len(head)-1]) // without the closing brace
	write(d, []byte(`,"template":`))
	write(d, tmpl)
	write(d, []byte(`,"answers":`))
	write(d, mustMarshal(canonicalAnswers(r)))
	if a := canonicalAssessments(r); a != nil {
		write(d, []byte(`,"assessments":`))
		write(d, marshalAssessments(a))
	}
	write(d, []byte("}"))
	return "sha256:" + hex.EncodeToString(d.Sum(nil))
}

func created(r *Review) string { return r.CreatedAt.UTC().Format(time.RFC3339) }

// canonicalAnswers lists the review's non-empty answers by item id.
func canonicalAnswers(r *Review) []canonicalAnswer {
	ids := answerIDs(r)
	out := make([]canonicalAnswer, 0, len(ids))
	for _, id := range ids {
		a := r.Answers[id]
		out = append(out, canonicalAnswer{
			Item: id, Status: a.Status, Note: a.Note,
			Evidence: nonNil(a.Evidence), Actions: nonNil(a.Actions), Waiver: a.Waiver,
			ToConfirm: a.ToConfirm,
		})
	}
	return out
}

// answerIDs lists the ids of the review's non-empty answers, sorted.
func answerIDs(r *Review) []string {
	ids := make([]string, 0, len(r.Answers))
	for id, a := range r.Answers {
		if !a.IsZero() {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only unsupported types make Marshal fail, and the canonical
		// types have none.
		panic("review: canonical encoding failed: " + err.Error())
	}
	return b
}

// write feeds a digest, whose Write never fails.
func write(d hash.Hash, b []byte) { _, _ = d.Write(b) }

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
