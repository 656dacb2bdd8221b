import QMTLCore

/// Persistence of the GSG and the per-world WVG (SPEC §3–5, §11). Two implementations run one
/// contract test suite: ``SQLiteStore`` (the embedded default) and ``PostgresStore``.
///
/// Every mutation is one transaction and appends one audit entry in it (R-SEC-2): a failure
/// leaves nothing half-written. State machine rules (R-WVG-1) and world isolation (R-WVG-2)
/// are enforced here, not only by callers.
public protocol Store: Sendable {
    // MARK: GSG (R-ID-9)

    /// Inserts nodes and their dependency edges; existing nodes are skipped (idempotent).
    /// Nodes may come in any order within the batch; every dependency must be in the batch or
    /// already stored.
    /// - Throws: `E_GSG_MISSING_NODE` naming a dependency that does not exist.
    func upsertNodes(_ nodes: [GSGNode], audit: AuditContext) async throws -> UpsertCount

    /// Imports edges (migration): endpoints must exist and no cycle may arise.
    /// - Throws: `E_GSG_MISSING_NODE`, or `E_GSG_CYCLE` naming the node ids of the cycle.
    func importEdges(_ edges: [GSGEdge], audit: AuditContext) async throws -> UpsertCount

    /// The stored node, with its dependencies, or nil.
    func node(_ id: NodeID) async throws -> GSGNode?
    /// Stored nodes' ids and canonical texts in id order, at most `limit` after `after`: for
    /// re-hash audits (`qmtl_gsg_node_dup_rate`).
    func nodeCanonicals(after: NodeID?, limit: Int) async throws -> [(id: NodeID, canonical: String)]
    /// The stored nodes `root` reaches through its inputs, itself included, by NodeID (empty
    /// when the root is not stored).
    func subgraph(from root: NodeID) async throws -> [GSGNode]
    /// Node and edge counts.
    func gsgCounts() async throws -> (nodes: Int, edges: Int)
    /// Edges into `id` (its inputs).
    func inputs(of id: NodeID) async throws -> [NodeID]

    // MARK: Worlds (R-ID-6)

    /// Creates a world with its first configuration snapshot.
    /// - Throws: `E_WORLD_EXISTS`.
    func createWorld(_ id: WorldID, config: JSONValue, audit: AuditContext) async throws -> WorldRecord
    /// Records a new immutable snapshot and makes it current. The same config is a no-op.
    /// - Throws: `E_WORLD_NOT_FOUND`.
    func updateWorldConfig(_ id: WorldID, config: JSONValue, audit: AuditContext) async throws -> WorldRecord
    /// Suspends, reactivates or archives a world (its snapshot is unchanged).
    /// - Throws: `E_WORLD_NOT_FOUND`.
    func setWorldState(_ id: WorldID, state: WorldState, audit: AuditContext) async throws -> WorldRecord
    /// A world with its current snapshot, or nil.
    func world(_ id: WorldID) async throws -> WorldRecord?
    /// Every world, by id.
    func worlds() async throws -> [WorldRecord]
    /// Any snapshot a WorldRef ever named (snapshots are kept forever).
    func worldSnapshot(_ ref: WorldRef) async throws -> JSONValue?

    /// Publishes the next policy version of a world and makes it the default.
    func publishPolicy(_ world: WorldID, policy: JSONValue, contractID: ContractID, audit: AuditContext) async throws -> PolicyRecord
    /// A version, or the default one when `version` is nil.
    func policy(_ world: WorldID, version: Int?) async throws -> PolicyRecord?
    /// Makes a published version the world's default (R-POL-3); the next publish still takes
    /// the version after the newest.
    /// - Throws: `E_POLICY_VERSION_NOT_FOUND`.
    func setDefaultPolicy(_ world: WorldID, version: Int, audit: AuditContext) async throws -> PolicyRecord
    /// Every published version of a world, oldest first, without the documents (`policy` null).
    func policies(_ world: WorldID) async throws -> [PolicyRecord]

    // MARK: Datasets (SPEC §4, R-ID-8)

    /// Registers `bars` under `fingerprint` in packed chunks (`BarChunk`), in one transaction.
    /// The same fingerprint again changes nothing and returns the stored record (`created` false).
    /// The caller computes the fingerprint; the store keeps it with the bars and checks every
    /// chunk's hash when the bars are read back.
    func putDataset(
        fingerprint: DatasetFingerprint, symbol: String, interval: Int, bars: [Bar], audit: AuditContext
    ) async throws -> (DatasetRecord, created: Bool)
    /// A dataset's record, or nil.
    func dataset(_ fingerprint: DatasetFingerprint) async throws -> DatasetRecord?
    /// Every dataset, by symbol, interval and first bar.
    func datasets() async throws -> [DatasetRecord]
    /// A dataset's bars in time order, each chunk checked against its hash.
    /// - Throws: `E_STORE_CORRUPT` when a chunk does not match its hash.
    func datasetBars(_ fingerprint: DatasetFingerprint) async throws -> [Bar]?

    // MARK: Bindings and refs (SPEC §4)

    /// Binds a strategy to a world and creates `unknown` refs for its root and every node
    /// (which must be in the GSG). Idempotent: returns false when the binding existed.
    func bind(_ world: WorldID, strategy: StrategyID, nodes: [NodeID], audit: AuditContext) async throws -> Bool
    /// ``upsertNodes(_:audit:)`` and ``bind(_:strategy:nodes:audit:)`` to each world, in one
    /// transaction: a missing or inactive world leaves nothing written.
    /// - Throws: `E_GSG_MISSING_NODE` when the strategy's root is not among `nodes`;
    ///   `E_WORLD_NOT_FOUND`, `E_WORLD_NOT_ACTIVE`.
    func submitStrategy(
        _ nodes: [GSGNode], strategy: StrategyID, name: String?, worlds: [WorldID], audit: AuditContext
    ) async throws -> StrategySubmission
    /// The names strategies were first submitted under, for those that had one.
    func strategyNames(_ ids: [StrategyID]) async throws -> [StrategyID: String]
    /// The strategies bound to a world, by StrategyID.
    func bindings(_ world: WorldID) async throws -> [StrategyID]
    /// One node as a world sees it, or nil when it is not bound there.
    func ref(_ world: WorldID, _ node: NodeID) async throws -> WorldNodeRef?
    /// A world's refs, by NodeID; only those showing `status` when it is given.
    func refs(_ world: WorldID, status: NodeStatus?) async throws -> [WorldNodeRef]
    /// How many refs of a world have each status (only statuses present).
    func statusCounts(_ world: WorldID) async throws -> [NodeStatus: Int]
    /// Applies one state machine event to a ref (R-WVG-1).
    /// - Throws: `E_ILLEGAL_TRANSITION` (from, to, allowed), `E_REF_NOT_FOUND`.
    func transition(
        _ world: WorldID, _ node: NodeID, _ event: WorldNodeState.Event, evalKey: EvalKey?, domain: ExecutionDomain?,
        audit: AuditContext
    ) async throws -> WorldNodeRef

    // MARK: Validations (R-WVG-3)

    /// Stores a validation unless its EvalKey is cached; returns the stored record and whether
    /// it was new.
    func putValidation(_ v: ValidationRecord, audit: AuditContext) async throws -> (ValidationRecord, created: Bool)
    /// The validation cached under an EvalKey, or nil.
    func validation(_ key: EvalKey) async throws -> ValidationRecord?
    /// A node's validations in a world, newest first.
    func validations(_ world: WorldID, node: NodeID) async throws -> [ValidationRecord]

    // MARK: Edge overrides (R-WVG-4)

    /// Narrows (or restores) one GSG edge in one world (R-WVG-4).
    /// - Throws: `E_GSG_MISSING_EDGE` when the GSG has no such edge.
    func setEdgeOverride(_ o: EdgeOverride, audit: AuditContext) async throws
    /// A world's edge overrides.
    func edgeOverrides(_ world: WorldID) async throws -> [EdgeOverride]

    // MARK: Decision events (R-DEC)

    /// - Throws: `E_DECISION_EXISTS` for a repeated id with another body.
    func putDecision(_ e: DecisionEventRecord, audit: AuditContext) async throws -> DecisionEventRecord
    /// Records a decision's new state, resolved worlds or approval; nothing else may change.
    /// - Throws: `E_DECISION_NOT_FOUND`, `E_DECISION_IMMUTABLE`.
    func updateDecision(_ e: DecisionEventRecord, audit: AuditContext) async throws -> DecisionEventRecord
    /// Records decision events — new ones inserted, known ones' outcome updated — and applies
    /// the ref events they cause in each world, all in one transaction (R-DEC-2…5): a
    /// quarantine of every non-local decision is all or nothing.
    /// - Throws: as ``putDecision(_:audit:)`` and ``updateDecision(_:audit:)``, and
    ///   `E_ILLEGAL_TRANSITION` / `E_REF_NOT_FOUND` for a ref event.
    func recordDecisions(_ events: [DecisionEventRecord], refEvents: [WorldID: [RefEvent]], audit: AuditContext) async throws -> [DecisionEventRecord]
    /// The worlds with a ref of `node` (that bind a strategy using it), by id.
    func worlds(binding node: NodeID) async throws -> [WorldID]
    /// A decision by event id, or nil.
    func decision(_ id: String) async throws -> DecisionEventRecord?
    /// Decisions of a world (or of every world for nil), in given states (or all), newest first.
    func decisions(world: WorldID?, states: [DecisionEventRecord.State]?) async throws -> [DecisionEventRecord]
    /// The decision stream after `seq`, in order, at most `limit` entries: every decision as it
    /// became applied, and as it left applied (world-local ones at once, non-local ones once
    /// approved; pending ones never).
    func decisionLog(after seq: Int64, limit: Int) async throws -> [DecisionLogEntry]

    // MARK: Evaluation runs (R-RUN)

    /// Creates a run in `submitted`. The same id with the same body returns the stored run
    /// (`created` false); with another body it is `E_RUN_CONFLICT`.
    func createRun(
        _ world: WorldID, strategy: StrategyID, runID: String, stage: RunStage, body: JSONValue, audit: AuditContext
    ) async throws -> (EvaluationRun, created: Bool)
    /// Moves a run along R-RUN-1 and appends a history revision.
    /// - Throws: `E_ILLEGAL_TRANSITION`, `E_RUN_NOT_FOUND`.
    func transitionRun(
        _ world: WorldID, strategy: StrategyID, runID: String, to state: RunState, reason: String, update: RunUpdate,
        audit: AuditContext
    ) async throws -> EvaluationRun
    /// A run, or nil.
    func run(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> EvaluationRun?
    /// Newest first.
    func runs(_ world: WorldID, strategy: StrategyID, stage: RunStage?, limit: Int) async throws -> [EvaluationRun]
    /// Every run of a world in one stage and state (e.g. the evaluated backtests: one per
    /// strategy, since a newer one expires the older), by strategy then age.
    func runs(_ world: WorldID, stage: RunStage, state: RunState) async throws -> [EvaluationRun]
    /// Starts a run in one transaction: created, moved to its stage's running state, and the
    /// ref event (the root to `validating` under `evalKey`) applied — all or nothing. A start
    /// event (`startValidation` or `evalKeyChanged`) is chosen again from the ref as the
    /// transaction finds it. When a run of the same strategy and stage with the same `eval_key`
    /// is already running, that run is returned and nothing is written: concurrent starts of
    /// one evaluation share one run.
    /// - Throws: as ``createRun(_:strategy:runID:stage:body:audit:)`` (a known id is refused, not
    ///   returned), `E_ILLEGAL_TRANSITION` for the ref.
    func beginRun(
        _ world: WorldID, strategy: StrategyID, runID: String, stage: RunStage, body: JSONValue, reason: String, refEvent: RefEvent,
        evalKey: EvalKey, audit: AuditContext
    ) async throws -> EvaluationRun
    /// Completes an evaluation in one transaction, so a crash leaves none of it: the run moves
    /// `backtest_running|paper_running → evaluating → state` with `update`, the ref events are
    /// applied, the validation is cached by its EvalKey (R-WVG-3) and the runs in `expiring`
    /// (superseded, R-RUN-1) become `expired`.
    /// - Throws: `E_ILLEGAL_TRANSITION`, `E_RUN_NOT_FOUND`, `E_REF_NOT_FOUND`, `E_EVAL_KEY_CONFLICT`.
    func completeEvaluation(
        _ world: WorldID, strategy: StrategyID, runID: String, to state: RunState, reason: String, update: RunUpdate, refEvents: [RefEvent],
        validation: ValidationRecord, expiring: [String], audit: AuditContext
    ) async throws -> EvaluationRun
    /// Queues re-evaluations in one transaction (R-WVG-3): the runs created in `submitted`, the
    /// superseded queued runs `failed` with `reason`, and the ref events applied (each with its
    /// EvalKey).
    /// - Throws: as ``createRun(_:strategy:runID:stage:body:audit:)`` (a known id is refused),
    ///   `E_ILLEGAL_TRANSITION`, `E_REF_NOT_FOUND`.
    func queueRuns(
        _ world: WorldID, runs: [QueuedRun], superseding: [(strategy: StrategyID, runID: String)], reason: String, refEvents: [RefEvent],
        audit: AuditContext
    ) async throws
    /// Evaluates a run in one transaction, serialized per world: the run, the root ref, the
    /// default policy and the world's evaluated runs' metrics of the run's stage are read, `decide` (pure) turns
    /// them into an outcome, and the outcome is written as by
    /// ``completeEvaluation(_:strategy:runID:to:reason:update:refEvents:validation:expiring:audit:)``.
    /// Concurrent evaluations in one world see each other's results.
    /// - Throws: `E_RUN_NOT_FOUND`, what `decide` throws, and as `completeEvaluation`.
    /// - Parameters:
    ///   - world: the run's world.
    ///   - strategy: the run's strategy.
    ///   - runID: the run.
    ///   - audit: who evaluates it, for the audit entry.
    ///   - metricsUsed: the candidates' metrics `decide` reads under the policy read
    ///     (nil: all of them); only these are loaded.
    ///   - decide: the outcome, or nil when there is nothing to write (the run was
    ///     already evaluated with these results): the run is returned as it is.
    func evaluateRun(
        _ world: WorldID, strategy: StrategyID, runID: String, audit: AuditContext,
        metricsUsed: @escaping @Sendable (PolicyRecord?) throws -> Set<String>?,
        decide: @escaping @Sendable (EvaluationInputs) throws -> EvaluationOutcome?
    ) async throws -> EvaluationRun
    /// Records how far a `paper_running` run got — its metrics so far and the first and last
    /// bar it consumed — without moving it (no history revision, no audit entry: the
    /// evaluation that ends the run records the final numbers).
    /// - Throws: `E_RUN_NOT_FOUND`, `E_RUN_NOT_RUNNING` when the run is in another state.
    func reportRunProgress(
        _ world: WorldID, strategy: StrategyID, runID: String, metrics: JSONValue, firstBar: String, lastBar: String
    ) async throws -> EvaluationRun
    /// The metrics (and bar window) of a world's runs in one stage and state — all, or only
    /// `names` — parsing nothing else.
    func runMetrics(_ world: WorldID, stage: RunStage, state: RunState, only names: Set<String>?) async throws -> [RunMetrics]
    /// A run's revisions, oldest first (R-RUN-1).
    func runHistory(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> [RunRevision]

    // MARK: World feeds

    /// Appends bars to a world's feed (R-CAMP-5) in one transaction, serialized per world: bars
    /// after the feed's last are added; bars the feed has may come again unchanged. The caller
    /// checked the bars (ordered, plausible).
    /// - Throws: `E_DATA_ORDER` for a bar at or before the dataset's last (`after`) or inside
    ///   the feed where it has none, `E_FEED_CONFLICT` for a bar it has with other values,
    ///   `E_WORLD_NOT_FOUND`.
    func appendFeed(_ world: WorldID, bars: [Bar], after datasetLast: Int64, audit: AuditContext) async throws -> FeedAppend
    /// The feed's bars after `after` (all when nil), in order.
    func feedBars(_ world: WorldID, after: Int64?) async throws -> [Bar]
    /// The feed's last bar time, or nil while it is empty.
    func feedLastTs(_ world: WorldID) async throws -> Int64?

    // MARK: Campaigns, approvals, applies, risk hub

    /// Replaces the stored campaign state of a strategy in a world.
    func putCampaignState(_ world: WorldID, strategy: StrategyID, state: JSONValue, audit: AuditContext) async throws
    /// The stored campaign state of a strategy in a world, or nil.
    func campaignState(_ world: WorldID, strategy: StrategyID) async throws -> JSONValue?

    /// Idempotent by request id: the same record again returns it (`created` false); another
    /// body is `E_APPROVAL_CONFLICT`.
    func putApproval(_ a: ApprovalRecord, audit: AuditContext) async throws -> (ApprovalRecord, created: Bool)
    /// Approval records of a world (of one strategy when given), newest first.
    func approvals(_ world: WorldID, strategy: StrategyID?) async throws -> [ApprovalRecord]

    // MARK: Jobs (SPEC §1: runtimes claim work)

    /// Queues a job; the same id again returns the existing one (`created: false`).
    func enqueueJob(_ job: JobRecord, audit: AuditContext) async throws -> (JobRecord, created: Bool)
    /// Claims the oldest queued job of `kinds` — or one whose lease ran out — for `owner`, until
    /// `leaseMillis` from now — of one world, or any when `world` is nil; nil when there is
    /// none. Two claimers never get the same job.
    func claimJob(kinds: [JobRecord.Kind], world: WorldID?, owner: String, leaseMillis: Int64, audit: AuditContext) async throws -> JobRecord?
    /// The checkpoint a job reporting to the run saved last, if any (a paper run resumes from it).
    func latestJobCheckpoint(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> [UInt8]?
    /// Extends `owner`'s lease and keeps the checkpoint and progress given (nil: unchanged).
    /// - Throws: `E_JOB_LEASE_LOST` when `owner` no longer holds the job, `E_JOB_NOT_FOUND`.
    func heartbeatJob(
        _ id: String, owner: String, leaseMillis: Int64, checkpoint: [UInt8]?, progress: JSONValue?, runID: String?
    ) async throws -> JobRecord
    /// Finishes `owner`'s job: done, or failed with `error`.
    /// - Throws: `E_JOB_LEASE_LOST`, `E_JOB_NOT_FOUND`.
    func finishJob(_ id: String, owner: String, error: String?, audit: AuditContext) async throws -> JobRecord
    /// A job, or nil.
    func job(_ id: String) async throws -> JobRecord?
    /// Jobs in `states` (nil: all), oldest first, at most `limit`.
    func jobs(states: [JobRecord.State]?, limit: Int) async throws -> [JobRecord]

    /// Starts (or returns) an apply in `requested` under a lease.
    /// - Throws: `E_APPLY_NO_PLAN` (empty plan), `E_APPLY_CONFLICT` (same id, other plan),
    ///   `E_APPLY_IN_FLIGHT` (another unfinished apply in the world).
    ///   With `maxLiveSlots`, `E_MAX_LIVE_SLOTS` when the plan would make more strategies live.
    func beginApply(
        _ world: WorldID, applyID: String, plan: JSONValue, leaseOwner: String, leaseUntil: Int64, maxLiveSlots: Int?, audit: AuditContext
    ) async throws -> (ApplyRecord, created: Bool)
    /// Persists the next stage, together with the ref events of that stage (the switch
    /// activates and deactivates refs in the same transaction).
    /// - Throws: `E_ILLEGAL_TRANSITION`, `E_APPLY_LEASE` (another live lease holder).
    func advanceApply(
        _ world: WorldID, applyID: String, to stage: ApplyStage, leaseOwner: String, leaseUntil: Int64?,
        refEvents: [RefEvent], audit: AuditContext
    ) async throws -> ApplyRecord
    /// An apply, or nil.
    func apply(_ world: WorldID, applyID: String) async throws -> ApplyRecord?
    /// Applies not yet completed or rolled back, in every world (for recovery).
    func unfinishedApplies() async throws -> [ApplyRecord]
    /// Stores (replaces) a run's series `{"t": [...], "equity": [...]}` (not audited: derived data).
    func putRunSeries(_ world: WorldID, strategy: StrategyID, runID: String, points: Int, series: JSONValue) async throws
    /// A run's series, or nil.
    func runSeries(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> JSONValue?
    /// The store's clock, epoch milliseconds: leases it checks are set on it.
    var clockMillis: Int64 { get }
    /// A world's applies, newest first.
    func applies(_ world: WorldID, limit: Int) async throws -> [ApplyRecord]
    /// How many applies, across every world, are in each stage now (stages without one left out).
    func applyStageCounts() async throws -> [ApplyStage: Int]
    /// Finishes unfinished applies whose lease ran out: rolled back before `switch`, forward
    /// to `completed` after it (R-GOV-8).
    @discardableResult func recoverApplies(owner: String, audit: AuditContext) async throws -> [ApplyRecord]
    /// Strategies whose root ref runs in the live domain (paused ones included: they keep their slot).
    func liveStrategies(_ world: WorldID) async throws -> [StrategyID]

    /// Same version and hash: deduplicated (`created` false); same version, other hash:
    /// `E_RISK_SNAPSHOT_CONFLICT`.
    func putRiskSnapshot(_ r: RiskSnapshotRecord, audit: AuditContext) async throws -> (RiskSnapshotRecord, created: Bool)
    /// The highest version of a world's risk snapshots, checked against its hash, or nil.
    func latestRiskSnapshot(_ world: WorldID) async throws -> RiskSnapshotRecord?
    /// Snapshots, newest version first: one `version`, or those whose data time is at most
    /// `asOfAtMost` (epoch ms), or all; at most `limit`.
    func riskSnapshots(_ world: WorldID, version: Int?, asOfAtMost: Int64?, limit: Int) async throws -> [RiskSnapshotRecord]

    // MARK: Tokens and idempotency (R-SEC-1, R-SEC-3)

    /// Stores a token by the hash of its secret.
    func createToken(id: String, secretHash: Hash256, name: String, role: String, audit: AuditContext) async throws -> TokenRecord
    /// The unrevoked token with this secret hash.
    func token(secretHash: Hash256) async throws -> TokenRecord?
    /// Every token, revoked ones included, oldest first.
    func tokens() async throws -> [TokenRecord]
    /// Revokes a token (idempotent).
    /// - Throws: `E_TOKEN_NOT_FOUND`.
    func revokeToken(id: String, audit: AuditContext) async throws -> TokenRecord

    /// Remembers a response; the same key with another request is `E_IDEMPOTENCY_CONFLICT`.
    func putIdempotency(_ r: IdempotencyRecord) async throws -> (IdempotencyRecord, created: Bool)
    /// The remembered response for a key, or nil.
    func idempotency(scope: String, key: String) async throws -> IdempotencyRecord?

    // MARK: Audit (R-SEC-2)

    /// Audit entries after `seq`, in order, at most `limit`.
    func auditLog(after seq: Int64, limit: Int) async throws -> [AuditChain.Link]
    /// The separately kept head (last seq and hash), or nil before the first entry.
    func auditHead() async throws -> AuditChain.Head?
    /// Reads the whole log and checks it against the head.
    func verifyAudit() async throws -> AuditChain.Verdict

    /// Closes connections. Further calls fail.
    func close() async throws
}
