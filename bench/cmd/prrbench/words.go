package main

// The vocabulary generated reviews are written in: what teams actually put
// into a readiness review, so that records, summaries and the list screen
// carry text of realistic length and shape.

var (
	serviceWords = []string{
		"payments", "checkout", "ledger", "billing", "invoice", "search", "catalog",
		"identity", "login", "profile", "notify", "mailer", "ingest", "export",
		"reporting", "pricing", "orders", "shipping", "tracking", "inventory",
		"booking", "calendar", "consent", "audit", "gateway", "media", "upload",
	}
	serviceKinds = []string{"api", "worker", "web", "sync", "batch", "proxy", "service", "stream"}

	teams = []string{
		"payments", "platform", "identity", "growth", "data", "core-banking",
		"logistics", "customer", "security", "search", "mobile", "sre",
	}

	people = []string{
		"Kari Nordmann", "Ola Nordmann", "Ingrid Berg", "Lars Hansen", "Aisha Khan",
		"Mateo García", "Chen Wei", "Sofia Rossi", "Jonas Lind", "Priya Raman",
		"Emma Dahl", "Noah Berg", "Fatima Ali", "Erik Solberg", "Mia Johansen",
	}

	notes = []string{
		"Discussed in the meeting; the team showed the dashboard live.",
		"Covered by the platform defaults (NAIS), verified in the manifest.",
		"Runbook exists but was last reviewed eight months ago; owner will refresh it.",
		"Alerts page the on-call rotation through the paging tool; tested last sprint.",
		"Restore from backup was tested in staging on the last game day, took 40 minutes.",
		"Only one engineer knows the deployment pipeline well; pairing planned.",
		"SLO is 99.9 % availability over 28 days, measured at the load balancer.",
		"DPIA drafted with the data protection officer, waiting for final review.",
		"Dependencies are pinned and scanned nightly; two medium findings open.",
		"Logs go to the central stack with a 30-day retention, no personal data in them.",
		"Not relevant: the service holds no state of its own.",
		"Capacity test done at three times the expected peak without errors.",
		"Feature flags allow a rollback without a deploy.",
	}

	naReasons = []string{
		"Not applicable: the service stores no personal data.",
		"Not applicable: batch job with no user-facing endpoint.",
		"Handled by the platform team for every service on the cluster.",
	}

	evidenceLinks = []string{
		"https://grafana.example.com/d/%s/overview",
		"https://wiki.example.com/teams/%s/runbook",
		"https://github.com/example/%s/blob/main/docs/slo.md",
		"https://backstage.example.com/catalog/default/component/%s",
		"https://pagerduty.example.com/services/%s",
	}

	actionTexts = []string{
		"Write the restore runbook and test it once",
		"Add an alert on error-budget burn rate",
		"Pair a second engineer on the deployment pipeline",
		"Finish the DPIA with the data protection officer",
		"Move secrets from environment files to the vault",
		"Define an SLO for the queue latency",
		"Load test the new checkout flow before launch",
	}

	waiverReasons = []string{
		"Launch first; the risk is accepted for the pilot with internal users only.",
		"Legacy dependency scheduled for removal next quarter.",
	}

	signoffComments = []string{
		"", "", "Good review, thanks all.", "Approved on condition the action items are done before GA.",
		"Looks solid.", "",
	}
)
