package export

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/prr-dev/prr/review"
)

// oldRecord is a JSON record exported by prr before reviews had renewal
// dates, carried-over answers or template changes (December 2026). It is
// never regenerated: it stands for every record teams already keep.
const oldRecord = "testdata/record-v1-2026-12.json"

// TestOldRecordStillReads: a record of the format as it was still reads,
// its content hash is the one it was signed with (so its sign-offs stay
// current, not stale), and exporting it again gives the same bytes: new
// fields of the review are all left out when they are empty.
func TestOldRecordStillReads(t *testing.T) {
	data, err := os.ReadFile(oldRecord)
	if err != nil {
		t.Fatal(err)
	}
	r, hist, err := ReadJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("an older record no longer reads: %v", err)
	}
	var head struct {
		Hash string `json:"hash"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		t.Fatal(err)
	}
	if got := review.ContentHash(r); got != head.Hash {
		t.Errorf("content hash of an older record changed:\n got %s\nwant %s", got, head.Hash)
	}
	if st := review.SignOffState(r); st.State != review.SignedOff || st.Stale != 0 {
		t.Errorf("the older record's sign-offs: %+v", st)
	}
	if again := exportJSON(t, r, hist); !bytes.Equal(again, bytes.Replace(data, []byte(`"prr dev"`), []byte(`"prr 1.2.0"`), 1)) {
		t.Errorf("exporting an older record again changes it:\n%s", again)
	}
}
