package store

import (
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/prr-dev/prr/review"
)

// Every change links its events onto the review's chain, the record keeps
// the head, and a sign-off names the head it was given to.
func TestHistoryIsAChain(t *testing.T) {
	s, _ := openTest(t, newClock())
	r := mustCreate(t, s, "payments")
	mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "ok"))
	before, hist, err := s.GetWithHistory(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if head, err := review.CheckChain(r.ID, hist, before.HistoryHead); err != nil || head != before.HistoryHead || before.ChainStart != nil {
		t.Fatalf("chain after two changes: %v (head %s, record %s)", err, head, before.HistoryHead)
	}
	so, err := s.SignOff(r.ID, "Kari", "owner", review.Approve, "")
	if err != nil {
		t.Fatal(err)
	}
	if so.History != before.HistoryHead {
		t.Errorf("the sign-off names the head %s, the review had %s", so.History, before.HistoryHead)
	}
	after, hist, _ := s.GetWithHistory(r.ID)
	if _, err := review.CheckChain(r.ID, hist, after.HistoryHead); err != nil || after.HistoryHead == before.HistoryHead {
		t.Fatalf("chain after the sign-off: %v", err)
	}
	// A change may not move the head itself.
	if _, err := s.Update(r.ID, func(r *review.Review) error { r.HistoryHead = review.Genesis(r.ID); return nil }); err == nil {
		t.Error("an update moved the chain head")
	}
}

// Doctor finds a history edited, cut short or added to in the file: the
// events no longer lead to the head the record keeps.
func TestDoctorFindsABrokenChain(t *testing.T) {
	for name, tamper := range map[string]func(hb *bolt.Bucket) error{
		"an event edited": func(hb *bolt.Bucket) error {
			k, v := hb.Cursor().First()
			ev, err := decodeEvent(v)
			if err != nil {
				return err
			}
			ev.Actor = "mallory"
			return hb.Put(k, encodeEvent(ev))
		},
		"the last event dropped": func(hb *bolt.Bucket) error {
			k, _ := hb.Cursor().Last()
			return hb.Delete(k)
		},
		"an event added": func(hb *bolt.Bucket) error {
			_, v := hb.Cursor().First()
			return hb.Put(seqKey(99), v)
		},
	} {
		t.Run(name, func(t *testing.T) {
			s, path := openTest(t, newClock())
			r := mustCreate(t, s, "payments")
			mustAnswer(t, s, r.ID, "owner", setStatus(review.Pass, "ok"))
			assertDoctorOK(t, s)
			rewrite(t, path, func(tx *bolt.Tx) error {
				return tamper(tx.Bucket(bucketReviews).Bucket([]byte(r.ID)).Bucket(bucketHistory))
			})
			rep, err := s.Doctor()
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || !strings.Contains(rep.String(), "do not lead to the review's chain head") {
				t.Errorf("Doctor: %s", rep)
			}
		})
	}
}

// Import refuses a history whose chain is broken, and chains one from
// before chains existed, saying so.
func TestPutChecksTheChain(t *testing.T) {
	src, _ := openTest(t, newClock())
	r := mustCreate(t, src, "payments")
	mustAnswer(t, src, r.ID, "owner", setStatus(review.Pass, "ok"))
	full, hist, _ := src.GetWithHistory(r.ID)

	dst, _ := openTest(t, newClock())
	bad := append([]review.Event(nil), hist...)
	bad[0].Actor = "mallory"
	if err := dst.Put(full, bad, false); err == nil || !strings.Contains(err.Error(), "history event") {
		t.Fatalf("a broken chain: %v", err)
	}
	if err := dst.Put(full, hist, false); err != nil {
		t.Fatal(err)
	}
	got, gotHist, _ := dst.GetWithHistory(r.ID)
	if got.HistoryHead != full.HistoryHead || len(gotHist) != len(hist) || gotHist[1].Prev != hist[1].Prev {
		t.Error("the chain was not kept as imported")
	}

	legacy := *full
	legacy.HistoryHead = ""
	old := append([]review.Event(nil), hist...)
	for i := range old {
		old[i].Prev = ""
	}
	if err := dst.Put(&legacy, old, true); err != nil {
		t.Fatal(err)
	}
	got, gotHist, _ = dst.GetWithHistory(r.ID)
	if got.ChainStart == nil || got.ChainStart.Event != len(old)+1 {
		t.Errorf("a history from before chains: chain start %+v", got.ChainStart)
	}
	if _, err := review.CheckChain(got.ID, gotHist, got.HistoryHead); err != nil {
		t.Error(err)
	}
}
