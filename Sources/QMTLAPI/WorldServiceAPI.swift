import QMTLCore

/// Everything a client can ask of the WorldService (SPEC §1–5, §7, §10). Two implementations:
/// in process (`QMTLService`, over a store) and over HTTP (`QMTLClient`); the CLI and
/// `Runner.submit` use this protocol only, and one test suite runs against both.
///
/// Every call acts as one ``Caller``, fixed when the implementation is made, checked against
/// the role the call needs and recorded in the audit log. Errors are `QMTLError`s.
public protocol WorldServiceAPI: Sendable {
    // MARK: Worlds (SPEC §4, R-ID-6)

    /// Creates a world with its first snapshot (admin).
    /// - Throws: `E_BAD_WORLD_ID`, `E_WORLD_EXISTS`, `E_WORLD_CONFIG`, `E_DATASET_NOT_FOUND`.
    func createWorld(id: String, spec: WorldSpec) async throws -> World
    /// Every world, by id (viewer).
    func listWorlds() async throws -> [World]
    /// One world (viewer).
    /// - Throws: `E_WORLD_NOT_FOUND`, naming the closest ids.
    func describeWorld(_ id: String) async throws -> World
    /// Applies a patch as a new snapshot (admin); an empty change keeps the WorldRef.
    func updateWorld(_ id: String, patch: WorldPatch) async throws -> World
    /// Suspends, resumes or archives a world (admin). Archived is final.
    func setWorldState(_ id: String, to state: WorldState) async throws -> World

    /// Publishes a policy document (YAML or JSON) as the world's next version and makes it the
    /// default (operator). Every error of the document is reported by `qmtl policy check`; this
    /// refuses with the first.
    func publishPolicy(world: String, document: String, fileName: String) async throws -> PolicyInfo

    /// Makes a published version the world's default (operator, R-POL-3); strategies whose
    /// EvalKey changes are re-queued.
    /// - Throws: `E_POLICY_VERSION_NOT_FOUND`.
    func setDefaultPolicy(world: String, version: Int) async throws -> PolicyInfo
    /// Every published version, oldest first, the default marked (viewer).
    func policies(world: String) async throws -> [PolicyInfo]
    /// Every strategy bound to the world with its status there, by StrategyID (viewer).
    func strategies(world: String) async throws -> [StrategyStatus]

    /// Who would enter and leave the world's selection under a draft policy, evaluated on the
    /// world's evaluated runs, and which rule decided (viewer; no side effects, R-POL-3).
    func policyWhatIf(world: String, document: String, fileName: String) async throws -> PolicyWhatIfInfo

    /// Narrows (`active` false) or restores one GSG edge in one world (operator, R-WVG-4).
    /// - Throws: `E_GSG_MISSING_EDGE`, `E_WORLD_CONFIG` for an unknown reason.
    func setEdgeOverride(_ override: EdgeOverrideInfo) async throws -> EdgeOverrideInfo
    /// A world's edge overrides (viewer).
    func edgeOverrides(world: String) async throws -> [EdgeOverrideInfo]

    // MARK: Datasets (SPEC §4, R-ID-8)

    /// Registers bars under their fingerprint (submitter); the same bars again are a no-op.
    /// - Throws: `E_DATA_EMPTY`, `E_DATA_ORDER`, `E_DATA_VALUE`.
    func addDataset(symbol: String, interval: Int, bars: [Bar]) async throws -> DatasetInfo
    /// Every dataset (viewer).
    func listDatasets() async throws -> [DatasetInfo]
    /// One dataset (viewer).
    /// - Throws: `E_BAD_FINGERPRINT`, `E_DATASET_NOT_FOUND`.
    func describeDataset(_ fingerprint: String) async throws -> DatasetInfo
    /// A dataset's bars, for the runtime that backtests on them (viewer).
    func datasetBars(_ fingerprint: String) async throws -> [Bar]
    /// Appends bars to a world's feed (submitter, R-CAMP-5): bars after its dataset's last,
    /// which paper runs consume; the dataset and every EvalKey stay as they are. Bars the feed
    /// has may be sent again unchanged.
    /// - Throws: `E_DATA_ORDER`, `E_DATA_VALUE`, `E_FEED_CONFLICT`, `E_WORLD_CONFIG` for a world
    ///   without a dataset.
    func appendBars(world: String, bars: [Bar]) async throws -> FeedInfo
    /// A world's feed bars after `after` (ISO-8601 UTC; all when nil), in order (viewer).
    func feedBars(world: String, after: String?) async throws -> [Bar]

    // MARK: Submission and evaluation (R-ID-5, R-WVG, R-RUN)

    /// Recomputes every NodeID, upserts the GSG and binds the strategy to each world (submitter).
    /// Resubmitting is never an error.
    /// - Throws: `E_NODE_ID_MISMATCH` naming the node, `E_WORLD_NOT_FOUND`, `E_WORLD_NOT_ACTIVE`.
    func submit(_ request: SubmitRequest) async throws -> SubmitResponse
    /// Starts a backtest evaluation of a bound strategy in a world (submitter): the run in
    /// `backtest_running`, the root ref in `validating` — or the cached run of the same EvalKey.
    /// - Throws: `E_NOT_BOUND`, `E_WORLD_CONFIG` when the world has no dataset.
    func startRun(world: String, strategy: String) async throws -> RunTicket
    /// Reports a run's metrics (submitter): the world's policy decides, the run becomes
    /// `evaluated` or `rejected`, the root ref `valid` or `invalid`, the validation is cached.
    func evaluate(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo
    /// Marks a run failed with the runtime's error (submitter).
    func failRun(world: String, strategy: String, runID: String, message: String) async throws -> RunInfo
    /// A strategy's status in a world and its latest run (viewer).
    func status(strategy: String, world: String) async throws -> StrategyStatus
    /// A strategy's runs in a world, newest first, of one stage (backtest, paper, live) or all,
    /// at most `limit` (1 to 1000) (viewer, R-RUN-3).
    /// - Throws: `E_NOT_BOUND`, `E_USAGE` for an unknown stage or a limit out of range.
    func runs(world: String, strategy: String, stage: String?, limit: Int) async throws -> [RunInfo]
    /// One run of a strategy in a world; `runID` may be `latest` (viewer, R-RUN-3).
    /// - Throws: `E_RUN_NOT_FOUND`.
    func run(world: String, strategy: String, runID: String) async throws -> RunInfo
    /// A run's metrics (viewer).
    /// - Throws: `E_RUN_NOT_EVALUATED` before the run has metrics.
    func runMetrics(world: String, strategy: String, runID: String) async throws -> [String: Double]
    /// A run's equity series (viewer). - Throws: `E_RUN_NOT_FOUND`, `E_SERIES_NOT_FOUND`.
    func runSeries(world: String, strategy: String, runID: String) async throws -> RunSeries
    /// Re-queues every strategy of the world (operator, R-WVG-3, seed OPS runbook 2): refs back
    /// to `validating`, one queued run each with why, even when the EvalKey was evaluated before.
    /// - Returns: the queue, fingerprint changes first.
    func revalidate(world: String) async throws -> [RunTicket]
    /// The world's queued re-evaluations, fingerprint changes first, then the oldest (viewer).
    func queuedRuns(world: String) async throws -> [RunTicket]
    /// A stored strategy's nodes, inputs first and the root last, for a runtime that never saw
    /// its file (viewer).
    /// - Throws: `E_GSG_MISSING_NODE`.
    func strategyNodes(_ strategy: String) async throws -> [SubmittedNode]
    /// A run's history, oldest first (viewer).
    func runHistory(world: String, strategy: String, runID: String) async throws -> [RunRevisionInfo]

    // MARK: Decisions (SPEC §5, R-DEC)

    /// Posts a DecisionEvent (operator). World-local: applied at once to the node and every
    /// bound root reaching it through active edges. Non-local: stored `pending`, changing nothing
    /// until approved.
    /// - Throws: `E_DECISION_SCOPE`, `E_DECISION_TTL`, `E_DECISION_WORLD_REQUIRED`,
    ///   `E_REF_NOT_FOUND` (node not bound in the world), `E_DECISION_EXISTS`.
    func postDecision(_ request: DecisionRequest) async throws -> DecisionInfo
    /// Approves a pending non-local decision (operator): its worlds are resolved now, stored,
    /// and it applies in each.
    /// - Throws: `E_DECISION_NOT_FOUND`, `E_DECISION_STATE`.
    func approveDecision(_ eventID: String) async throws -> DecisionInfo
    /// Rejects a pending decision (operator); it never applies.
    func rejectDecision(_ eventID: String) async throws -> DecisionInfo
    /// Ends a pending or applied decision at once (operator, R-DEC-5); the refs it showed on
    /// fall back to the latest remaining decision, or to their lifecycle status.
    func revokeDecision(_ eventID: String) async throws -> DecisionInfo
    /// Decisions of a world (every world for nil), in the given states (all for nil), oldest
    /// first (viewer). Expired decisions are marked expired first (R-DEC-4).
    func listDecisions(world: String?, states: [String]?) async throws -> [DecisionInfo]
    /// Moves every pending or applied non-local decision to `quarantined`, removing its
    /// effects, in one transaction (operator, R-DEC-5).
    func quarantineNonLocal() async throws -> [DecisionInfo]
    /// The decision stream after position `after`: decisions as they became applied or left
    /// applied, of one world (posted for it or applied in it) or all, at most `limit` (viewer).
    /// Expired decisions are marked expired first, so their expiry is on the stream.
    func decisionEvents(after: Int64, world: String?, limit: Int) async throws -> DecisionStreamPage

    // MARK: Campaigns (R-CAMP)

    /// The campaign of every strategy bound to the world, or of one (viewer): phase, window
    /// progress on observed data, key metrics, promotability and reasons.
    /// - Throws: `E_NOT_BOUND` for a strategy not bound to the world.
    func campaignStatus(world: String, strategy: String?) async throws -> [CampaignStatusInfo]
    /// What to do next in the world, or for one strategy (viewer); changes nothing, and the same
    /// state gives the same actions with the same idempotency keys.
    func campaignTick(world: String, strategy: String?) async throws -> CampaignTickInfo
    /// Starts the paper stage of a strategy whose backtest phase is complete (submitter,
    /// R-CAMP-5): a run in `paper_running`, the root ref `running` in the paper domain (so
    /// `decide` says `paper`). Returns the paper run already under way for the same EvalKey
    /// (to resume), or the finished one as `cached`.
    /// - Throws: `E_CAMPAIGN_NOT_READY` with the campaign's reasons, or when a decision
    ///   pauses or stops the strategy.
    func startPaper(world: String, strategy: String) async throws -> RunTicket
    /// Records how far a paper or live run got — metrics so far, first and last bar — without
    /// ending it (submitter). The campaign status reads it; for a live run it is also the risk
    /// check of R-CAMP-6.
    /// - Throws: `E_RUN_NOT_RUNNING`, `E_RUN_RESULT` for bars before the paper start.
    func reportProgress(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo
    /// Starts (or resumes) observing a live strategy (submitter, R-CAMP-6): a `live` run in
    /// `paper_running` that consumes the bars after the paper stage's last. Each progress
    /// report re-evaluates the policy's `validation.risk` rules on the live PnL; a blocking
    /// breach pauses the strategy in the world (`RISK_TRIP`) and ends the run `rejected`.
    /// - Throws: `E_CAMPAIGN_NOT_READY` when it is not live, or a decision halts it.
    func startLive(world: String, strategy: String) async throws -> RunTicket

    // MARK: Jobs (SPEC §1: runtimes compute, the service keeps the queue)

    /// Queues a backtest or paper job for a bound strategy (submitter); the same id again
    /// returns the job as it is (`created` false).
    /// - Throws: `E_NOT_BOUND`, `E_USAGE` for an unknown kind or a malformed id.
    func enqueueJob(_ request: JobRequest) async throws -> JobEnqueued
    /// Claims the oldest queued job of the kinds asked for — or one whose lease ran out — for
    /// the worker (submitter). Two workers never hold one job.
    func claimJob(_ request: JobClaimRequest) async throws -> JobClaim
    /// The holder extends its lease and saves progress and a checkpoint (submitter).
    /// - Throws: `E_JOB_LEASE_LOST` when another worker holds it now, `E_JOB_NOT_FOUND`.
    func heartbeatJob(_ id: String, report: JobReport) async throws -> JobInfo
    /// The holder finishes the job, with the error when it failed (submitter).
    /// - Throws: `E_JOB_LEASE_LOST`, `E_JOB_NOT_FOUND`.
    func finishJob(_ id: String, report: JobReport) async throws -> JobInfo
    /// Jobs oldest first, of one state or all, at most `limit` (viewer).
    func jobs(state: String?, limit: Int) async throws -> [JobInfo]
    /// One job (viewer).
    /// - Throws: `E_JOB_NOT_FOUND`.
    func job(_ id: String) async throws -> JobInfo

    // MARK: Envelopes (R-GOV-9)

    /// What the world lets a strategy do now — or, without a strategy, the world's strategies
    /// (viewer). Decisions win: a stopped or paused strategy is compute-only.
    func decide(world: String, strategy: String?) async throws -> DecisionEnvelope
    /// Whether a strategy is active in a world, and with what weight (viewer).
    /// - Throws: `E_NOT_BOUND`, `E_BAD_SIDE` for a side other than long or short.
    func activation(world: String, strategy: String, side: String) async throws -> ActivationEnvelope

    // MARK: Audit (R-SEC-2)

    /// Audit log entries after `seq`, oldest first, at most `limit` (1 to 10000) (viewer).
    func auditLog(after seq: Int64, limit: Int) async throws -> [AuditEntryInfo]
    /// Checks the whole chain against its separately kept head (viewer).
    func verifyAudit() async throws -> AuditVerdictInfo

    // MARK: Live promotion and applies (R-GOV-2…8)

    /// Every strategy with a paper run that is not live, with its verdict, eligible first (viewer).
    func liveCandidates(world: String) async throws -> LiveCandidates
    /// One strategy's verdict and what an apply would change (viewer); `runID`, when given,
    /// must be its latest paper run.
    func livePlan(world: String, strategy: String, runID: String?) async throws -> LivePromotionInfo
    /// Approves a paper run for live (operator and a listed approver; the same approval again is
    /// the stored record). - Throws: `E_NOT_AN_APPROVER`, `E_PROMOTION_BLOCKED` (anything but the
    /// cooldown or the slots blocks it), `E_APPROVAL_CONFLICT` (it was rejected).
    func approveLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo
    /// Rejects a paper run for live (operator and a listed approver; idempotent).
    func rejectLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo
    /// Makes one applicable run live with a two-phase apply (operator). - Throws:
    /// `E_PROMOTION_BLOCKED` with the reasons, `E_MAX_LIVE_SLOTS`, `E_APPLY_IN_FLIGHT`.
    func applyLive(world: String, request: LiveApplyRequest) async throws -> ApplyInfo
    /// `auto_apply` worlds: applies every applicable candidate within the guardrails (operator).
    func autoApplyLive(world: String) async throws -> AutoApplyInfo
    /// A two-phase apply of an explicit plan (operator): activations only of applicable runs,
    /// deactivations only of live strategies. - Throws: `E_APPLY_NO_PLAN`, `E_APPLY_CONFLICT`,
    /// `E_APPLY_IN_FLIGHT`, `E_MAX_LIVE_SLOTS`, `E_PROMOTION_BLOCKED`.
    func applyPlan(world: String, request: ApplyRequest) async throws -> ApplyInfo
    /// One apply and its stage (viewer). - Throws: `E_APPLY_NOT_FOUND`.
    func applyStatus(world: String, applyID: String) async throws -> ApplyInfo

    /// The world's report (viewer, R-GOV-10): every strategy (or one) with its verdict,
    /// campaign, live verdict, overlaps with live strategies and equity curve; recent approvals.
    func report(world: String, strategy: String?) async throws -> WorldReport

    // MARK: Risk Signal Hub (R-GOV-1)

    /// Stores a risk snapshot (operator): weights summing to 1, finite returns, `ttl_sec`
    /// 1…86400, a provenance stage; the caller is its actor and `produced_at` is now. The same
    /// version with the same content is the stored one (`created: false`).
    /// - Throws: `E_RISK_SNAPSHOT_FORMAT`; `E_RISK_SNAPSHOT_CONFLICT` for a version stored with
    ///   other content.
    func pushRiskSnapshot(world: String, snapshot: RiskSnapshotRequest) async throws -> RiskSnapshotInfo
    /// The world's newest snapshot (viewer). - Throws: `E_RISK_SNAPSHOT_NOT_FOUND`.
    func latestRiskSnapshot(world: String) async throws -> RiskSnapshotInfo
    /// Snapshots newest first (viewer): one `version`, those with data time at most `asOf`, or
    /// the latest `limit` (default 20). - Throws: `E_RISK_SNAPSHOT_NOT_FOUND` when a version or
    /// data time matches none.
    func riskSnapshots(world: String, version: Int?, asOf: String?, limit: Int?) async throws -> [RiskSnapshotInfo]

    // MARK: Tokens (R-SEC-1)

    /// Creates a bearer token with a fresh secret, returned once (admin); only its hash is stored.
    func createToken(name: String, role: Role) async throws -> TokenInfo
    /// Every token, without secrets, oldest first (admin).
    func listTokens() async throws -> [TokenInfo]
    /// Revokes a token at once (admin); a revoked token authenticates nothing.
    /// - Throws: `E_TOKEN_NOT_FOUND`.
    func revokeToken(_ id: String) async throws -> TokenInfo
}
