package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// The meeting prr serve is measured in: serveClients terminals on one
// review, the first of them (the facilitator) answering an item every
// serveEvery for serveFor.
const (
	serveClients = 20
	serveEvery   = 100 * time.Millisecond
	serveFor     = 30 * time.Second
	// serveWait is how long a change may take to reach a screen before it
	// counts as dropped.
	serveWait = 5 * time.Second
	// serveIdle is how long the meeting is watched before anyone types.
	serveIdle = 5 * time.Second
)

// measureServe runs prr serve on a database of one review, connects
// serveClients SSH clients with a terminal (golang.org/x/crypto/ssh, each
// screen drawn by a virtual terminal) to that review, and has the first
// answer an item every serveEvery: y on each item in turn, then 0 on each
// (the cursor moves on by itself; g goes back to the top between rounds),
// so that every change moves the header's count of answered items by one.
// It reports the time from the key to the moment the last of the screens
// shows the new count, the server's CPU time and peak memory, and the
// changes some screen never showed.
func (s *suite) measureServe() []row {
	const metric = "prr serve: a change on all 20 screens"
	m, err := s.serveMeeting()
	if err != nil {
		return []row{errRow(metric, err)}
	}
	p99 := percentile(m.lat, 0.99)
	return []row{
		figure(metric+", median", m.lat.describeN(dur)),
		figure("prr serve: the change on the facilitator's own screen (saved), median", m.lead.describeN(dur)),
		{metric: metric + ", p99", prr: dur(p99), floor: "—", ratio: "—", goal: "≤ " + dur(0.1), ok: yes(p99 <= 0.1)},
		{metric: fmt.Sprintf("prr serve: changes some screen never showed (of %d)", m.changes), prr: strconv.Itoa(m.dropped), floor: "—", ratio: "—", goal: "0", ok: yes(m.dropped == 0)},
		figure("prr serve: server CPU time per second, 20 screens open, nobody typing", fmt.Sprintf("%.1f%% of a core", 100*m.idle.Seconds()/serveIdle.Seconds())),
		figure("prr serve: server CPU time per second of the meeting", fmt.Sprintf("%.0f%% of a core", 100*m.cpu.Seconds()/m.wall.Seconds())),
		figure("prr serve: server memory the first client adds (the checklists and the Markdown renderer, loaded once)", mb(m.first-m.base)),
		figure("prr serve: server memory each further client adds, nobody typing", mb((m.open-m.first)/(serveClients-1))),
		{metric: "prr serve: server peak memory per connected client", prr: mb(m.perClient) + fmt.Sprintf(" (peak %s, %s before the clients)", mb(m.peak), mb(m.base)), floor: "—", ratio: "—", goal: "≤ 2.00 MB", ok: yes(m.perClient <= 2e6)},
	}
}

// figure is a row with a value and no floor or goal.
func figure(metric, value string) row {
	return row{metric: metric, prr: value, floor: "—", ratio: "—", goal: "—"}
}

// meetingResult is what one measured meeting gave.
type meetingResult struct {
	lat              sample // per change: key to the last screen showing it, seconds
	lead             sample // per change: key to the facilitator's own screen showing it
	changes, dropped int
	cpu              time.Duration
	wall             time.Duration
	idle             time.Duration // server CPU over serveIdle, nobody typing
	base, peak       float64       // server RSS before the clients and at its highest, bytes
	first, open      float64       // server RSS with the first client, and with all of them before anyone types
	perClient        float64
}

func percentile(s sample, p float64) float64 {
	v := s.sorted()
	if len(v) == 0 {
		return 0
	}
	return v[min(len(v)-1, int(p*float64(len(v))))]
}

func (s *suite) serveMeeting() (*meetingResult, error) {
	dir, err := os.MkdirTemp(s.work, "serve-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	env, err := childEnv(dir, filepath.Join(dir, "prr.db"))
	if err != nil {
		return nil, err
	}
	prr := s.binPath("prr")
	newCmd := exec.Command(prr, "new", "--service", "serve-bench", "--template", "standard")
	newCmd.Env = env
	out, err := newCmd.Output()
	if err != nil {
		return nil, fmt.Errorf("prr new: %w", err)
	}
	id := strings.TrimSpace(string(out))

	keys := make([]gossh.Signer, serveClients)
	var ak strings.Builder
	for i := range keys {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		if keys[i], err = gossh.NewSignerFromKey(priv); err != nil {
			return nil, err
		}
		fmt.Fprintf(&ak, "%s client-%02d\n", bytes.TrimSpace(gossh.MarshalAuthorizedKey(keys[i].PublicKey())), i+1)
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), []byte(ak.String()), 0o600); err != nil {
		return nil, err
	}
	srv, addr, err := startServer(prr, env, dir)
	if err != nil {
		return nil, err
	}
	defer srv.stop()

	res := &meetingResult{}
	res.base, _ = rss(srv.cmd.Process.Pid, "VmRSS")
	clients := make([]*sshScreen, serveClients)
	for i := range clients {
		if clients[i], err = dialScreen(addr, keys[i], "open "+id); err != nil {
			return nil, fmt.Errorf("client %d: %w", i+1, err)
		}
		defer clients[i].close()
		// One at a time: the first in is the facilitator.
		if _, err := clients[i].waitFor(regexp.MustCompile(`client-01 drives`), 30*time.Second); err != nil {
			return nil, fmt.Errorf("client %d: %w", i+1, err)
		}
		if i == 0 {
			time.Sleep(time.Second)
			res.first, _ = rss(srv.cmd.Process.Pid, "VmRSS")
		}
	}
	total, err := itemCount(clients[0])
	if err != nil {
		return nil, err
	}

	// The meeting before anyone types: what twenty open screens cost.
	time.Sleep(time.Second)
	res.open, _ = rss(srv.cmd.Process.Pid, "VmRSS")
	idle0, _ := cpuTime(srv.cmd.Process.Pid)
	time.Sleep(serveIdle)
	idle1, _ := cpuTime(srv.cmd.Process.Pid)
	res.idle = idle1 - idle0

	lead := clients[0]
	cpu0, _ := cpuTime(srv.cmd.Process.Pid)
	start := time.Now()
	answered, up := 0, true
	for time.Since(start) < serveFor {
		tick := time.Now()
		key := "y"
		if !up {
			key = "0"
		}
		if up {
			answered++
		} else {
			answered--
		}
		res.changes++
		// Every screen watches for the new count before the key is sent,
		// and notes the moment its output first shows it.
		want := regexp.MustCompile(fmt.Sprintf(`(^|[^0-9])%d/%d answered`, answered, total))
		seen := make([]<-chan time.Time, len(clients))
		for i, c := range clients {
			seen[i] = c.expect(want)
		}
		sent, err := lead.press(key)
		if err != nil {
			return nil, err
		}
		last := time.Time{}
		deadline := time.After(serveWait)
		for i, ch := range seen {
			select {
			case at := <-ch:
				if at.After(last) {
					last = at
				}
				if i == 0 {
					res.lead = append(res.lead, at.Sub(sent).Seconds())
				}
				continue
			case <-deadline:
			}
			res.dropped++
			last = time.Time{}
			fmt.Fprintf(os.Stderr, "prrbench: serve: client %d never showed %d answered: %q\n", i+1, answered, clients[i].screen())
			break
		}
		if !last.IsZero() {
			res.lat = append(res.lat, last.Sub(sent).Seconds())
		}
		if answered == total || answered == 0 {
			up = !up
			if _, err := lead.press("g"); err != nil {
				return nil, err
			}
		}
		time.Sleep(time.Until(tick.Add(serveEvery)))
	}
	res.wall = time.Since(start)
	cpu1, _ := cpuTime(srv.cmd.Process.Pid)
	res.cpu = cpu1 - cpu0
	res.peak, _ = rss(srv.cmd.Process.Pid, "VmHWM")
	res.perClient = (res.peak - res.base) / serveClients
	return res, nil
}

// itemCount reads the number of items from the screen ("item 1/80").
func itemCount(c *sshScreen) (int, error) {
	m := regexp.MustCompile(`item \d+/(\d+)`).FindStringSubmatch(c.screen())
	if m == nil {
		return 0, fmt.Errorf("no item count on screen: %q", c.screen())
	}
	return strconv.Atoi(m[1])
}

// rss reads a memory figure of /proc/PID/status, in bytes.
func rss(pid int, field string) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("/proc/%d/status: no %s", pid, field)
}
