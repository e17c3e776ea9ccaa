package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/prr-dev/prr/review"
	"github.com/prr-dev/prr/review/textsafe"
)

// Schema names the JSON record format. A change that an older prr could
// not read gets a new version; ReadJSON refuses versions it does not know
// rather than guessing.
const Schema = "prr.review/v1"

// MaxJSONBytes bounds what ReadJSON and Verify read. A 5,000-item review
// with long notes is a few megabytes; anything past this is not a record.
const MaxJSONBytes = 32 << 20

// record is the JSON record: the whole review with its history.
type record struct {
	Schema string `json:"schema"`
	// Generator is "prr <version>", for people reading the file.
	Generator string `json:"generator"`
	// Hash is the review's content hash when exported. It is a convenience
	// for scripts and for Verify, which recomputes it; import ignores it.
	Hash    string         `json:"hash"`
	Review  review.Review  `json:"review"`
	History []review.Event `json:"history"`
}

// JSON writes the whole review (template snapshot, answers, sign-offs) and
// its history as an indented JSON record that ReadJSON reads back.
//
// The output is deterministic and safe to show on a terminal (see
// textsafe.JSON): map keys are sorted by encoding/json, times
// are written in UTC, history is in the order it was recorded (its hash
// chain's order, whatever the clocks of the machines that recorded it
// said), and nil and empty lists are written alike.
// Export, import and export again gives the same bytes.
func JSON(w io.Writer, r *review.Review, history []review.Event, version string) error {
	if r == nil {
		return errors.New("export: no review")
	}
	rec := record{
		Schema:    Schema,
		Generator: strings.TrimSpace("prr " + oneLine(version)),
		Hash:      review.ContentHash(r),
		Review:    normalized(r),
		History:   make([]review.Event, len(history)),
	}
	for i, e := range history {
		e.At = e.At.UTC()
		rec.History[i] = e
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	// Records are read in diffs and editors, not embedded in HTML; keep
	// "<" and "&" readable.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return fmt.Errorf("export: encode review %s: %w", r.ID, err)
	}
	// "cat record.json" must not drive the terminal: C1 controls and bidi
	// and other format characters are written as \u escapes.
	_, err := w.Write(textsafe.JSON(buf.Bytes()))
	return err
}

// normalized returns a shallow copy of r whose times are UTC and whose
// answers map is never nil, so that the encoding does not depend on the
// time zone a review was loaded in or on how it was built.
func normalized(r *review.Review) review.Review {
	c := *r
	c.CreatedAt, c.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	c.Answers = make(map[string]review.Answer, len(r.Answers))
	for id, a := range r.Answers {
		if !a.UpdatedAt.IsZero() {
			a.UpdatedAt = a.UpdatedAt.UTC()
		}
		c.Answers[id] = a
	}
	c.SignOffs = make([]review.SignOff, len(r.SignOffs))
	for i, s := range r.SignOffs {
		s.At = s.At.UTC()
		c.SignOffs[i] = s
	}
	if len(c.SignOffs) == 0 {
		c.SignOffs = nil
	}
	return c
}

// ReadJSON reads a JSON record written by JSON, at most MaxJSONBytes. It
// is strict: the schema must be one this prr knows, unknown fields are
// errors, and the review must be valid: its id, its metadata, the template
// snapshot (checked by the same rules as a template file), every answer
// against its item, every sign-off and every history event. Errors are one
// line, naming what is wrong and where.
func ReadJSON(rd io.Reader) (*review.Review, []review.Event, error) {
	data, err := readBounded(rd)
	if err != nil {
		return nil, nil, err
	}
	rec, err := decodeRecord(data)
	if err != nil {
		return nil, nil, err
	}
	r := &rec.Review
	if err := validateReview(r, rec.History, time.Now()); err != nil {
		return nil, nil, err
	}
	if r.Answers == nil {
		r.Answers = map[string]review.Answer{}
	}
	return r, rec.History, nil
}

func readBounded(rd io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read record: %w", err)
	}
	if len(data) > MaxJSONBytes {
		return nil, fmt.Errorf("record is larger than %d MiB; a prr record is far smaller", MaxJSONBytes>>20)
	}
	return data, nil
}

// decodeRecord decodes a record strictly, then refuses what encoding/json
// read other than a person reads it (checkJSONText). A record that does
// not decode, or not as this prr's schema, is looked at again, leniently,
// so that a record from a newer prr says "unknown schema" rather than
// "unknown field". A good record is decoded once.
func decodeRecord(data []byte) (*record, error) {
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		return nil, checkJSONText(data)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("invalid record: the file is empty")
	}
	var rec record
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&rec)
	if err == nil {
		if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
			return nil, positionError(data, len(data)-len(rest), fmt.Sprintf("invalid character %q after top-level value; a record is one JSON object", rest[0]))
		}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, jsonError(data, err)
	}
	if err != nil || rec.Schema != Schema {
		var head struct {
			Schema *string `json:"schema"`
		}
		_ = json.Unmarshal(data, &head) // the strict decode found the syntax fine
		switch {
		case head.Schema == nil:
			return nil, fmt.Errorf("not a prr JSON record: it has no \"schema\" field (expected %q)", Schema)
		case *head.Schema != Schema || err == nil:
			return nil, fmt.Errorf("unsupported record schema %q; this prr reads %q", truncate(*head.Schema, 60), Schema)
		}
		return nil, jsonError(data, err)
	}
	if err := checkJSONText(data); err != nil {
		return nil, err
	}
	return &rec, nil
}

// jsonError turns a decoding error into one line with a position.
func jsonError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, max(se.Offset-1, 0)) // Offset is just past the bad byte
		return fmt.Errorf("invalid record: line %d, column %d: %s", line, col, strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		field := te.Field
		if field == "" {
			field = "the record"
		}
		return fmt.Errorf("invalid record: line %d, column %d: %s must be %s, not %s", line, col, field, te.Type, te.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("invalid record: the JSON ends too early")
	}
	return fmt.Errorf("invalid record: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// position converts a byte offset to a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = 1 + bytes.Count(before, []byte("\n"))
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func truncate(s string, n int) string {
	s = oneLine(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
