package tui

// state is the screen on show; it indexes the root model's table of
// screens.
type state int

const (
	stateHome state = iota
	stateNewReview
	stateWalk
	stateSummary
	stateTemplates
	stateSignOff
	stateExport
	stateRollCall
	stateDiff
	stateHistory
	stateSkills
	stateRisks
	stateDPIA
	stateRunbooks
	stateCount
)

// pages describes every screen: its name (for the full help's title and
// the tests), how to build it, and what it waits for before it opens.
var pages = [stateCount]struct {
	name string
	new  func(c *common, wr *writer) screen
	// needsCatalog: the screen lists checklists, so it opens once they
	// have been read.
	needsCatalog bool
	// needsSaved: the screen opens only once every answer given has been
	// saved: a sign-off vouches for the review as stored, and the record
	// shows it.
	needsSaved bool
	// ticks: the screen shows a running clock, and gets a clockMsg when
	// it next changes (clocked) while it is on show, and only then.
	ticks bool
}{
	stateHome:      {name: "home", new: func(c *common, _ *writer) screen { return newHome(c) }},
	stateNewReview: {name: "new review", new: func(c *common, _ *writer) screen { return newNewReview(c) }, needsCatalog: true},
	stateWalk:      {name: "walk", new: func(c *common, wr *writer) screen { return newWalk(c, wr, "") }, ticks: true},
	stateSummary:   {name: "summary", new: func(c *common, _ *writer) screen { return newSummary(c) }},
	stateTemplates: {name: "templates", new: func(c *common, _ *writer) screen { return newTemplates(c) }, needsCatalog: true},
	stateSignOff:   {name: "sign-off", new: func(c *common, _ *writer) screen { return newSignOff(c) }, needsSaved: true},
	stateExport:    {name: "export", new: func(c *common, _ *writer) screen { return newExport(c) }, needsSaved: true},
	stateRollCall:  {name: "roll call", new: func(c *common, wr *writer) screen { return newRollCall(c, wr) }},
	stateDiff:      {name: "what changed", new: func(c *common, _ *writer) screen { return newOverTime(c, stateDiff) }, needsSaved: true},
	stateHistory:   {name: "history", new: func(c *common, _ *writer) screen { return newOverTime(c, stateHistory) }, needsSaved: true},
	stateSkills:    {name: "skill matrix", new: func(c *common, wr *writer) screen { return newSkills(c, wr) }, needsSaved: true},
	stateRisks:     {name: "risk register", new: func(c *common, wr *writer) screen { return newRisks(c, wr) }, needsSaved: true},
	stateDPIA:      {name: "DPIA screening", new: func(c *common, wr *writer) screen { return newDPIA(c, wr) }, needsSaved: true},
	stateRunbooks:  {name: "runbooks", new: func(c *common, wr *writer) screen { return newRunbooks(c, wr) }, needsSaved: true},
}

func (s state) String() string {
	if s < 0 || s >= stateCount {
		return "unknown"
	}
	return pages[s].name
}
