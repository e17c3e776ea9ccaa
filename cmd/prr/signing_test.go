package main

import (
	"errors"
	"testing"

	"github.com/prr-dev/prr/review/sshsign"
	"github.com/prr-dev/prr/review/sshsign/sshsigntest"
)

// The sign-off screen's keys come from a real ssh-agent, and sign.
func TestAgentKeysForTheSignOffScreen(t *testing.T) {
	sock := sshsigntest.StartAgent(t)
	key := sshsigntest.Keygen(t, t.TempDir(), "kari@laptop", "ed25519")
	sshsigntest.AddKey(t, sock, key)
	t.Setenv("SSH_AUTH_SOCK", sock)
	a := &app{}
	keys, err := a.agentKeys()
	if err != nil || len(keys) != 1 || keys[0].Comment != "kari@laptop" || keys[0].Type != "ssh-ed25519" {
		t.Fatalf("agent keys: %v %+v", err, keys)
	}
	armored, err := sshsign.Sign(keys[0].Signer, []byte("statement"), "prr-test")
	if err != nil {
		t.Fatal(err)
	}
	sig, err := sshsign.Parse([]byte(armored))
	if err != nil || sig.Verify([]byte("statement"), "prr-test") != nil || sig.Fingerprint() != keys[0].Fingerprint {
		t.Fatalf("the agent's signature: %v", err)
	}
	// Asked again (the screen opened again), the same connection answers.
	if again, err := a.agentKeys(); err != nil || len(again) != 1 {
		t.Fatalf("again: %v %+v", err, again)
	}

	t.Setenv("SSH_AUTH_SOCK", "")
	if _, err := (&app{}).agentKeys(); !errors.Is(err, sshsign.ErrNoAgent) {
		t.Errorf("no agent: %v", err)
	}
}
