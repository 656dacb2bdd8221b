extension APIRoute {
    // Paths follow seed 002 (`/submit`, `/status`, `/decision`) and the QMTL WorldService
    // (`/worlds/…`) where SPEC is silent (docs/decisions.md).

    // MARK: Service

    public static let health = APIRoute(.get, "/health", nil, "health", "Liveness: the process answers.", response: "Health")
    public static let ready = APIRoute(.get, "/ready", nil, "ready", "Readiness: the store answers and its schema is current.", response: "Health")
    public static let metrics = APIRoute(.get, "/metrics", nil, "metrics", "Prometheus metrics (text format 0.0.4).", response: "PrometheusText")
    public static let openAPI = APIRoute(.get, "/openapi.json", nil, "openAPI", "This API's OpenAPI 3.1 document.", response: "OpenAPI")

    // MARK: Worlds

    public static let createWorld = APIRoute(
        .post, "/worlds", .admin, "createWorld", "Create a world with its first snapshot.", status: 201, body: "CreateWorldRequest",
        response: "World")
    public static let listWorlds = APIRoute(.get, "/worlds", .viewer, "listWorlds", "Every world, by id.", response: "WorldList")
    public static let describeWorld = APIRoute(.get, "/worlds/{world}", .viewer, "describeWorld", "One world.", response: "World")
    public static let describeWorldAlias = APIRoute(
        .get, "/worlds/{world}/describe", .viewer, "describeWorld", "One world (the QMTL path).", response: "World")
    public static let updateWorld = APIRoute(
        .put, "/worlds/{world}", .admin, "updateWorld", "Apply a patch as a new snapshot.", body: "WorldPatch", response: "World")
    public static let setWorldState = APIRoute(
        .post, "/worlds/{world}/state", .admin, "setWorldState", "Suspend, resume or archive a world.", body: "WorldStateRequest",
        response: "World")
    public static let publishPolicy = APIRoute(
        .post, "/worlds/{world}/policies", .operator, "publishPolicy", "Publish a policy document as the next version and the default.",
        status: 201, body: "PolicyDocument", response: "PolicyInfo")
    public static let policies = APIRoute(
        .get, "/worlds/{world}/policies", .viewer, "policies", "Every published version, the default marked.", response: "PolicyList")
    public static let setDefaultPolicy = APIRoute(
        .post, "/worlds/{world}/set-default", .operator, "setDefaultPolicy", "Make a published version the default.",
        body: "DefaultPolicyRequest", response: "PolicyInfo")
    public static let policyWhatIf = APIRoute(
        .post, "/worlds/{world}/policies/what-if", .viewer, "policyWhatIf", "Who a draft policy would let in and out (no side effects).",
        body: "PolicyDocument", response: "PolicyWhatIfInfo")
    public static let strategies = APIRoute(
        .get, "/worlds/{world}/strategies", .viewer, "strategies", "Every bound strategy with its status.", response: "StrategyStatusList")
    public static let setEdgeOverride = APIRoute(
        .put, "/worlds/{world}/edges/{src}/{dst}", .operator, "setEdgeOverride", "Narrow or restore one edge in the world.",
        body: "EdgeOverrideRequest", response: "EdgeOverrideInfo")
    public static let edgeOverrides = APIRoute(
        .get, "/worlds/{world}/edges/overrides", .viewer, "edgeOverrides", "The world's edge overrides.", response: "EdgeOverrideList")
    public static let revalidate = APIRoute(
        .post, "/worlds/{world}/revalidate", .operator, "revalidate", "Re-queue every strategy of the world.", response: "RunTicketList")
    public static let queuedRuns = APIRoute(
        .get, "/worlds/{world}/queue", .viewer, "queuedRuns", "Queued re-evaluations, fingerprint changes first.", response: "RunTicketList")

    // MARK: Datasets

    public static let addDataset = APIRoute(
        .post, "/datasets", .submitter, "addDataset", "Register bars under their fingerprint (the same bars again: no-op).", status: 201,
        body: "DatasetUpload", response: "DatasetInfo")
    public static let listDatasets = APIRoute(.get, "/datasets", .viewer, "listDatasets", "Every dataset.", response: "DatasetList")
    public static let describeDataset = APIRoute(
        .get, "/datasets/{fingerprint}", .viewer, "describeDataset", "One dataset.", response: "DatasetInfo")
    public static let datasetBars = APIRoute(
        .get, "/datasets/{fingerprint}/bars", .viewer, "datasetBars", "A dataset's bars.", response: "BarList")
    public static let appendBars = APIRoute(
        .post, "/worlds/{world}/feed", .submitter, "appendBars", "Append bars to a world's feed (after its dataset's last bar).",
        body: "BarList", response: "FeedInfo")
    public static let feedBars = APIRoute(
        .get, "/worlds/{world}/feed", .viewer, "feedBars", "A world's feed bars.", response: "BarList",
        query: [Query(name: "after", required: false, summary: "Only bars after this time (ISO-8601 UTC).")])

    // MARK: Submission and runs

    public static let submit = APIRoute(
        .post, "/submit", .submitter, "submit", "Upsert a strategy's nodes and bind it to worlds.", status: 202, body: "SubmitRequest",
        response: "SubmitResponse")
    public static let status = APIRoute(
        .get, "/status", .viewer, "status", "A strategy's status in a world and its latest run.", response: "StrategyStatus",
        query: [
            Query(name: "strategy_id", required: true, summary: "The StrategyID."),
            Query(name: "world_id", required: true, summary: "The world."),
        ])
    public static let startRun = APIRoute(
        .post, "/worlds/{world}/strategies/{strategy}/runs", .submitter, "startRun", "Start a backtest evaluation (or take the cached one).",
        status: 201, response: "RunTicket")
    public static let evaluate = APIRoute(
        .post, "/worlds/{world}/evaluate", .submitter, "evaluate", "Report a run's metrics; the world's policy decides.",
        body: "EvaluateRequest", response: "RunInfo")
    public static let failRun = APIRoute(
        .post, "/worlds/{world}/strategies/{strategy}/runs/{run}/fail", .submitter, "failRun", "Mark a run failed with the runtime's error.",
        body: "FailRunRequest", response: "RunInfo")
    public static let startPaper = APIRoute(
        .post, "/worlds/{world}/strategies/{strategy}/paper", .submitter, "startPaper",
        "Start (or resume) the paper stage of a strategy whose backtest phase is complete.", status: 201, response: "RunTicket")
    public static let startLive = APIRoute(
        .post, "/worlds/{world}/strategies/{strategy}/live", .submitter, "startLive",
        "Start (or resume) observing a live strategy; risk breaches pause it (RISK_TRIP).", status: 201, response: "RunTicket")
    public static let reportProgress = APIRoute(
        .post, "/worlds/{world}/strategies/{strategy}/runs/{run}/progress", .submitter, "reportProgress",
        "Record a paper run's metrics and bar window so far, without ending it.", body: "RunResult", response: "RunInfo")
    public static let runs = APIRoute(
        .get, "/worlds/{world}/strategies/{strategy}/runs", .viewer, "runs", "A strategy's runs in the world, newest first.",
        response: "RunInfoList",
        query: [
            Query(name: "stage", required: false, summary: "backtest, paper or live."),
            Query(name: "limit", required: false, summary: "At most this many (1 to 1000, default 100)."),
        ])
    public static let run = APIRoute(
        .get, "/worlds/{world}/strategies/{strategy}/runs/{run}", .viewer, "run", "One run; `latest` names the newest.", response: "RunInfo")
    public static let runSeries = APIRoute(
        .get, "/worlds/{world}/strategies/{strategy}/runs/{run}/series", .viewer, "runSeries", "A run's equity series.",
        response: "RunSeries")
    public static let runMetrics = APIRoute(
        .get, "/worlds/{world}/strategies/{strategy}/runs/{run}/metrics", .viewer, "runMetrics", "A run's metrics.",
        response: "MetricMap")
    public static let runHistory = APIRoute(
        .get, "/worlds/{world}/strategies/{strategy}/runs/{run}/history", .viewer, "runHistory", "A run's history, oldest first.",
        response: "RunRevisionList")
    public static let strategyNodes = APIRoute(
        .get, "/strategies/{strategy}/nodes", .viewer, "strategyNodes", "A stored strategy's nodes, the root last.",
        response: "SubmittedNodeList")

    // MARK: Decisions

    public static let postDecision = APIRoute(
        .post, "/decision", .operator, "postDecision", "Post a DecisionEvent.", status: 201, body: "DecisionRequest", response: "DecisionInfo")
    public static let approveDecision = APIRoute(
        .post, "/decisions/{event}/approve", .operator, "approveDecision", "Approve a pending non-local decision.", response: "DecisionInfo")
    public static let rejectDecision = APIRoute(
        .post, "/decisions/{event}/reject", .operator, "rejectDecision", "Reject a pending decision.", response: "DecisionInfo")
    public static let revokeDecision = APIRoute(
        .post, "/decisions/{event}/revoke", .operator, "revokeDecision", "End a pending or applied decision.", response: "DecisionInfo")
    public static let listDecisions = APIRoute(
        .get, "/decisions", .viewer, "listDecisions", "Decisions, oldest first.", response: "DecisionList",
        query: [
            Query(name: "world_id", required: false, summary: "Only this world's."),
            Query(name: "state", required: false, summary: "Comma-separated states."),
        ])
    public static let quarantineNonLocal = APIRoute(
        .post, "/decisions/quarantine-non-local", .operator, "quarantineNonLocal", "Quarantine every non-local decision.",
        response: "DecisionList")

    public static let decisionEvents = APIRoute(
        .get, "/decisions/events", .viewer, "decisionEvents", "A page of the decision stream (decision.events.v1).",
        response: "DecisionStreamPage",
        query: [
            Query(name: "after", required: false, summary: "Entries after this position (default 0)."),
            Query(name: "world_id", required: false, summary: "Only this world's."),
            Query(name: "limit", required: false, summary: "At most this many (1 to 10000, default 500)."),
        ])
    public static let decisionEventStream = APIRoute(
        .get, "/events/decisions", .viewer, "decisionEventStream",
        "The decision stream as Server-Sent Events (`id` = position, `event: decision.events.v1`); resumes after `Last-Event-ID`.",
        response: "EventStream",
        query: [
            Query(name: "world_id", required: false, summary: "Only this world's."),
            Query(name: "after", required: false, summary: "Start after this position when there is no Last-Event-ID."),
        ])

    // MARK: Jobs

    public static let enqueueJob = APIRoute(
        .post, "/jobs", .submitter, "enqueueJob", "Queue a backtest or paper job (the same id again is the job as it is).", status: 201,
        body: "JobRequest", response: "JobEnqueued")
    public static let claimJob = APIRoute(
        .post, "/jobs/claim", .submitter, "claimJob", "Claim the oldest queued job of some kinds under a lease.", body: "JobClaimRequest",
        response: "JobClaim")
    public static let heartbeatJob = APIRoute(
        .post, "/jobs/{job}/heartbeat", .submitter, "heartbeatJob", "Extend a held job's lease; save progress and a checkpoint.",
        body: "JobReport", response: "JobInfo")
    public static let finishJob = APIRoute(
        .post, "/jobs/{job}/finish", .submitter, "finishJob", "Finish a held job, with the error when it failed.", body: "JobReport",
        response: "JobInfo")
    public static let jobs = APIRoute(
        .get, "/jobs", .viewer, "jobs", "Jobs, oldest first.", response: "JobInfoList",
        query: [
            Query(name: "state", required: false, summary: "queued, claimed, done or failed."),
            Query(name: "limit", required: false, summary: "1 to 1000 (default 100)."),
        ])
    public static let job = APIRoute(.get, "/jobs/{job}", .viewer, "job", "One job.", response: "JobInfo")

    // MARK: Campaigns

    public static let campaignStatus = APIRoute(
        .get, "/worlds/{world}/campaign/status", .viewer, "campaignStatus", "Each strategy's campaign: phase, window, promotability.",
        response: "CampaignStatusList", query: [Query(name: "strategy_id", required: false, summary: "One strategy.")])
    public static let campaignTick = APIRoute(
        .post, "/worlds/{world}/campaign/tick", .viewer, "campaignTick", "What to do next (no side effects; same state, same keys).",
        response: "CampaignTickInfo", query: [Query(name: "strategy_id", required: false, summary: "One strategy.")])

    // MARK: Envelopes

    public static let decide = APIRoute(
        .get, "/worlds/{world}/decide", .viewer, "decide", "What the world lets a strategy (or its strategies) do now.",
        response: "DecisionEnvelope", query: [Query(name: "strategy_id", required: false, summary: "One strategy.")])
    public static let activation = APIRoute(
        .get, "/worlds/{world}/activation", .viewer, "activation", "Whether a strategy is active, and with what weight.",
        response: "ActivationEnvelope",
        query: [
            Query(name: "strategy_id", required: true, summary: "The StrategyID."),
            Query(name: "side", required: true, summary: "long or short."),
        ])

    // MARK: Audit

    public static let auditLog = APIRoute(
        .get, "/audit", .viewer, "auditLog", "Audit log entries, oldest first, with their hashes.", response: "AuditEntryList",
        query: [
            Query(name: "after", required: false, summary: "Entries after this sequence number (default 0)."),
            Query(name: "limit", required: false, summary: "At most this many (1 to 10000, default 100)."),
        ])
    public static let verifyAudit = APIRoute(
        .get, "/audit/verify", .viewer, "verifyAudit", "Check the audit log's hash chain against its head.", response: "AuditVerdictInfo")

    // MARK: Live promotion and applies

    public static let liveCandidates = APIRoute(
        .get, "/worlds/{world}/promotions/live/candidates", .viewer, "liveCandidates",
        "Strategies with a paper run that are not live, with their verdicts.", response: "LiveCandidates")
    public static let livePlan = APIRoute(
        .get, "/worlds/{world}/promotions/live/plan", .viewer, "livePlan", "One strategy's live verdict and plan.",
        response: "LivePromotionInfo",
        query: [
            Query(name: "strategy_id", required: true, summary: "The StrategyID."),
            Query(name: "run_id", required: false, summary: "Its latest paper run (checked)."),
        ])
    public static let approveLive = APIRoute(
        .post, "/worlds/{world}/promotions/live/approve", .operator, "approveLive", "Approve a paper run for live (a listed approver).",
        body: "LiveDecisionRequest", response: "ApprovalInfo")
    public static let rejectLive = APIRoute(
        .post, "/worlds/{world}/promotions/live/reject", .operator, "rejectLive", "Reject a paper run for live (a listed approver).",
        body: "LiveDecisionRequest", response: "ApprovalInfo")
    public static let applyLive = APIRoute(
        .post, "/worlds/{world}/promotions/live/apply", .operator, "applyLive", "Make an applicable run live (two-phase apply).",
        body: "LiveApplyRequest", response: "ApplyInfo")
    public static let autoApplyLive = APIRoute(
        .post, "/worlds/{world}/promotions/live/auto-apply", .operator, "autoApplyLive",
        "auto_apply worlds: apply every applicable candidate within the guardrails.", response: "AutoApplyInfo")
    public static let applyPlan = APIRoute(
        .post, "/worlds/{world}/apply", .operator, "applyPlan", "Two-phase apply of an explicit plan.", body: "ApplyRequest",
        response: "ApplyInfo")
    public static let applyStatus = APIRoute(
        .get, "/worlds/{world}/applies/{apply}", .viewer, "applyStatus", "One apply and its stage.", response: "ApplyInfo")

    public static let report = APIRoute(
        .get, "/worlds/{world}/report", .viewer, "report", "The world's report: verdicts, live blocks, overlaps, equity curves, approvals.",
        response: "WorldReport", query: [Query(name: "strategy_id", required: false, summary: "Only this strategy.")])

    // MARK: Risk Signal Hub

    public static let pushRiskSnapshot = APIRoute(
        .post, "/risk-hub/worlds/{world}/snapshots", .operator, "pushRiskSnapshot",
        "Store a risk snapshot (the same version and content again: the stored one).", status: 201, body: "RiskSnapshotRequest",
        response: "RiskSnapshotInfo")
    public static let latestRiskSnapshot = APIRoute(
        .get, "/risk-hub/worlds/{world}/snapshots/latest", .viewer, "latestRiskSnapshot", "The world's newest risk snapshot.",
        response: "RiskSnapshotInfo")
    public static let riskSnapshots = APIRoute(
        .get, "/risk-hub/worlds/{world}/snapshots", .viewer, "riskSnapshots", "Risk snapshots, newest first.", response: "RiskSnapshotList",
        query: [
            Query(name: "version", required: false, summary: "Only this version."),
            Query(name: "as_of", required: false, summary: "Only snapshots whose data time is at most this (ISO-8601 UTC)."),
            Query(name: "limit", required: false, summary: "At most this many (1 to 1000, default 20)."),
        ])

    // MARK: Tokens

    public static let createToken = APIRoute(
        .post, "/tokens", .admin, "createToken", "Create a bearer token (its secret is shown once).", status: 201, body: "TokenRequest",
        response: "TokenInfo")
    public static let listTokens = APIRoute(.get, "/tokens", .admin, "listTokens", "Every token, without secrets.", response: "TokenList")
    public static let revokeToken = APIRoute(.delete, "/tokens/{token}", .admin, "revokeToken", "Revoke a token.", response: "TokenInfo")

    /// Every route, in the order of the OpenAPI document.
    public static let all: [APIRoute] = [
        health, ready, metrics, openAPI,
        createWorld, listWorlds, describeWorld, describeWorldAlias, updateWorld, setWorldState, publishPolicy, policies, setDefaultPolicy,
        policyWhatIf, strategies, setEdgeOverride, edgeOverrides, revalidate, queuedRuns,
        addDataset, listDatasets, describeDataset, datasetBars, appendBars, feedBars,
        submit, status, startRun, evaluate, failRun, startPaper, startLive, reportProgress, runs, run, runMetrics, runSeries, runHistory,
        strategyNodes,
        postDecision, approveDecision, rejectDecision, revokeDecision, listDecisions, quarantineNonLocal, decisionEvents, decisionEventStream,
        campaignStatus, campaignTick, enqueueJob, claimJob, heartbeatJob, finishJob, jobs, job,
        decide, activation,
        auditLog, verifyAudit,
        liveCandidates, livePlan, approveLive, rejectLive, applyLive, autoApplyLive, applyPlan, applyStatus, report,
        pushRiskSnapshot, latestRiskSnapshot, riskSnapshots,
        createToken, listTokens, revokeToken,
    ]
}
