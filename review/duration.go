package review

import (
	"fmt"
	"time"
)

// FormatDuration writes a duration for people: "45s", "1m05s" (a short
// timebox run over by a second is not "1m"), "12m", "1h05m".
func FormatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < 0:
		d = 0
		fallthrough
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < 10*time.Minute && d%time.Minute != 0:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// FormatClock writes a running time in whole minutes, as a meeting's
// clock shows it: "0m", "4m", "1h02m". Minutes, not seconds, so that an
// idle screen redraws once a minute rather than every second.
func FormatClock(d time.Duration) string {
	m := max(int(d/time.Minute), 0)
	if m >= 60 {
		return fmt.Sprintf("%dh%02dm", m/60, m%60)
	}
	return fmt.Sprintf("%dm", m)
}
