package main

// Every package prr links that the program above would not: blank imports
// run each package's initialisation (Glamour's Chroma registries, Huh,
// Fang, Cobra, bbolt, YAML, SSH signatures and the SSH server, templates, regular expressions) before main, as
// in prr, so the first-frame and idle figures compare prr's own work only.
// TestHelloLinksWhatPrrLinks fails when prr starts linking a package that
// is missing here.
import (
	_ "container/heap"
	_ "crypto/ed25519"
	_ "crypto/rand"
	_ "crypto/sha256"
	_ "embed"
	_ "encoding/pem"
	_ "hash/fnv"
	_ "log/slog"
	_ "maps"
	_ "regexp"
	_ "text/template"

	_ "charm.land/bubbles/v2/help"
	_ "charm.land/bubbles/v2/key"
	_ "charm.land/bubbles/v2/progress"
	_ "charm.land/bubbles/v2/textarea"
	_ "charm.land/bubbles/v2/textinput"
	_ "charm.land/bubbles/v2/viewport"
	_ "charm.land/fang/v2"
	_ "charm.land/glamour/v2"
	_ "charm.land/glamour/v2/ansi"
	_ "charm.land/glamour/v2/styles"
	_ "charm.land/huh/v2"
	_ "charm.land/lipgloss/v2"
	_ "charm.land/ssh"
	_ "github.com/adrg/xdg"
	_ "github.com/charmbracelet/harmonica"
	_ "github.com/hiddeco/sshsig"
	_ "github.com/spf13/cobra"
	_ "github.com/spf13/pflag"
	_ "go.etcd.io/bbolt"
	_ "go.etcd.io/bbolt/errors"
	_ "go.yaml.in/yaml/v3"
	_ "golang.org/x/crypto/ssh"
	_ "golang.org/x/crypto/ssh/agent"
)
