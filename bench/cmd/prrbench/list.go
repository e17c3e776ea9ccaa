package main

// measureList runs `prr list --json` on the 10,000-review database as a
// whole process, against `prr version` (same binary, no database), for wall
// time and peak resident memory, alternating the two.
func (s *suite) measureList() []row {
	const metric = "prr list --json, 10,000 reviews: wall"
	const memMetric = "prr list --json, 10,000 reviews: peak RSS"
	var listWall, verWall, listRSS, verRSS sample
	runs := s.runs
	for i := -1; i < runs; i++ {
		vw, vr, err := runProc(s.binPath("prr"), []string{"version"}, s.env)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		lw, lr, err := runProc(s.binPath("prr"), []string{"list", "--json"}, s.env)
		if err != nil {
			return []row{errRow(metric, err)}
		}
		if i < 0 {
			runs = s.affordable(lw)
			continue
		}
		listWall, verWall = append(listWall, lw.Seconds()), append(verWall, vw.Seconds())
		listRSS, verRSS = append(listRSS, lr), append(verRSS, vr)
	}
	return []row{ratioRow(metric, listWall, verWall, dur, 3), deltaRow(memMetric, listRSS, verRSS, mb, 20e6)}
}
