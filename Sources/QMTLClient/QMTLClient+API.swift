import QMTLAPI
import QMTLCore

// Each `WorldServiceAPI` call is one request on its route.
extension QMTLClient {
    // MARK: Worlds

    public func createWorld(id: String, spec: WorldSpec) async throws -> World {
        try await call(.createWorld, body: CreateWorldRequest(id: id, spec: spec))
    }
    public func listWorlds() async throws -> [World] { try await call(.listWorlds) }
    public func describeWorld(_ id: String) async throws -> World { try await call(.describeWorld, ["world": id]) }
    public func updateWorld(_ id: String, patch: WorldPatch) async throws -> World { try await call(.updateWorld, ["world": id], body: patch) }
    public func setWorldState(_ id: String, to state: WorldState) async throws -> World {
        try await call(.setWorldState, ["world": id], body: WorldStateRequest(state: state))
    }
    public func publishPolicy(world: String, document: String, fileName: String) async throws -> PolicyInfo {
        try await call(.publishPolicy, ["world": world], body: PolicyDocument(document: document, fileName: fileName))
    }
    public func setDefaultPolicy(world: String, version: Int) async throws -> PolicyInfo {
        try await call(.setDefaultPolicy, ["world": world], body: DefaultPolicyRequest(version: version))
    }
    public func policies(world: String) async throws -> [PolicyInfo] { try await call(.policies, ["world": world]) }
    public func strategies(world: String) async throws -> [StrategyStatus] { try await call(.strategies, ["world": world]) }
    public func policyWhatIf(world: String, document: String, fileName: String) async throws -> PolicyWhatIfInfo {
        try await call(.policyWhatIf, ["world": world], body: PolicyDocument(document: document, fileName: fileName))
    }
    public func setEdgeOverride(_ o: EdgeOverrideInfo) async throws -> EdgeOverrideInfo {
        try await call(
            .setEdgeOverride, ["world": o.world, "src": o.src, "dst": o.dst], body: EdgeOverrideRequest(active: o.active, reason: o.reason))
    }
    public func edgeOverrides(world: String) async throws -> [EdgeOverrideInfo] { try await call(.edgeOverrides, ["world": world]) }

    // MARK: Datasets

    public func addDataset(symbol: String, interval: Int, bars: [Bar]) async throws -> DatasetInfo {
        try await call(.addDataset, body: DatasetUpload(symbol: symbol, interval: interval, bars: bars))
    }
    public func listDatasets() async throws -> [DatasetInfo] { try await call(.listDatasets) }
    public func describeDataset(_ fingerprint: String) async throws -> DatasetInfo { try await call(.describeDataset, ["fingerprint": fingerprint]) }
    public func appendBars(world: String, bars: [Bar]) async throws -> FeedInfo {
        try await call(.appendBars, ["world": world], body: BarList(bars: bars))
    }
    public func feedBars(world: String, after: String?) async throws -> [Bar] {
        let list: BarList = try await call(.feedBars, ["world": world], query: ["after": after])
        return list.bars
    }
    public func datasetBars(_ fingerprint: String) async throws -> [Bar] {
        let list: BarList = try await call(.datasetBars, ["fingerprint": fingerprint])
        return list.bars
    }

    // MARK: Submission and runs

    public func submit(_ request: SubmitRequest) async throws -> SubmitResponse { try await call(.submit, body: request) }
    public func startRun(world: String, strategy: String) async throws -> RunTicket {
        try await call(.startRun, ["world": world, "strategy": strategy])
    }
    public func evaluate(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo {
        try await call(.evaluate, ["world": world], body: EvaluateRequest(strategyID: strategy, runID: runID, result: result))
    }
    public func failRun(world: String, strategy: String, runID: String, message: String) async throws -> RunInfo {
        try await call(.failRun, ["world": world, "strategy": strategy, "run": runID], body: FailRunRequest(message: message))
    }
    public func status(strategy: String, world: String) async throws -> StrategyStatus {
        try await call(.status, query: ["strategy_id": strategy, "world_id": world])
    }
    public func runs(world: String, strategy: String, stage: String?, limit: Int) async throws -> [RunInfo] {
        try await call(.runs, ["world": world, "strategy": strategy], query: ["stage": stage, "limit": String(limit)])
    }
    public func run(world: String, strategy: String, runID: String) async throws -> RunInfo {
        try await call(.run, ["world": world, "strategy": strategy, "run": runID])
    }
    public func runSeries(world: String, strategy: String, runID: String) async throws -> RunSeries {
        try await call(.runSeries, ["world": world, "strategy": strategy, "run": runID])
    }
    public func runMetrics(world: String, strategy: String, runID: String) async throws -> [String: Double] {
        try await call(.runMetrics, ["world": world, "strategy": strategy, "run": runID])
    }
    public func revalidate(world: String) async throws -> [RunTicket] { try await call(.revalidate, ["world": world]) }
    public func queuedRuns(world: String) async throws -> [RunTicket] { try await call(.queuedRuns, ["world": world]) }
    public func strategyNodes(_ strategy: String) async throws -> [SubmittedNode] { try await call(.strategyNodes, ["strategy": strategy]) }
    public func runHistory(world: String, strategy: String, runID: String) async throws -> [RunRevisionInfo] {
        try await call(.runHistory, ["world": world, "strategy": strategy, "run": runID])
    }

    // MARK: Decisions

    public func postDecision(_ request: DecisionRequest) async throws -> DecisionInfo { try await call(.postDecision, body: request) }
    public func approveDecision(_ eventID: String) async throws -> DecisionInfo { try await call(.approveDecision, ["event": eventID]) }
    public func rejectDecision(_ eventID: String) async throws -> DecisionInfo { try await call(.rejectDecision, ["event": eventID]) }
    public func revokeDecision(_ eventID: String) async throws -> DecisionInfo { try await call(.revokeDecision, ["event": eventID]) }
    public func listDecisions(world: String?, states: [String]?) async throws -> [DecisionInfo] {
        try await call(.listDecisions, query: ["world_id": world, "state": states?.joined(separator: ",")])
    }
    public func quarantineNonLocal() async throws -> [DecisionInfo] { try await call(.quarantineNonLocal) }
    public func decisionEvents(after: Int64, world: String?, limit: Int) async throws -> DecisionStreamPage {
        try await call(.decisionEvents, query: ["after": String(after), "world_id": world, "limit": String(limit)])
    }

    // MARK: Envelopes

    public func campaignStatus(world: String, strategy: String?) async throws -> [CampaignStatusInfo] {
        try await call(.campaignStatus, ["world": world], query: ["strategy_id": strategy])
    }

    public func campaignTick(world: String, strategy: String?) async throws -> CampaignTickInfo {
        try await call(.campaignTick, ["world": world], query: ["strategy_id": strategy])
    }
    public func enqueueJob(_ request: JobRequest) async throws -> JobEnqueued {
        try await call(.enqueueJob, [:], body: request)
    }
    public func claimJob(_ request: JobClaimRequest) async throws -> JobClaim {
        try await call(.claimJob, [:], body: request)
    }
    public func heartbeatJob(_ id: String, report: JobReport) async throws -> JobInfo {
        try await call(.heartbeatJob, ["job": id], body: report)
    }
    public func finishJob(_ id: String, report: JobReport) async throws -> JobInfo {
        try await call(.finishJob, ["job": id], body: report)
    }
    public func liveCandidates(world: String) async throws -> LiveCandidates {
        try await call(.liveCandidates, ["world": world])
    }
    public func livePlan(world: String, strategy: String, runID: String?) async throws -> LivePromotionInfo {
        try await call(.livePlan, ["world": world], query: ["strategy_id": strategy, "run_id": runID])
    }
    public func approveLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo {
        try await call(.approveLive, ["world": world], body: request)
    }
    public func rejectLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo {
        try await call(.rejectLive, ["world": world], body: request)
    }
    public func applyLive(world: String, request: LiveApplyRequest) async throws -> ApplyInfo {
        try await call(.applyLive, ["world": world], body: request)
    }
    public func autoApplyLive(world: String) async throws -> AutoApplyInfo {
        try await call(.autoApplyLive, ["world": world])
    }
    public func applyPlan(world: String, request: ApplyRequest) async throws -> ApplyInfo {
        try await call(.applyPlan, ["world": world], body: request)
    }
    public func applyStatus(world: String, applyID: String) async throws -> ApplyInfo {
        try await call(.applyStatus, ["world": world, "apply": applyID])
    }
    public func report(world: String, strategy: String?) async throws -> WorldReport {
        try await call(.report, ["world": world], query: ["strategy_id": strategy])
    }
    public func pushRiskSnapshot(world: String, snapshot: RiskSnapshotRequest) async throws -> RiskSnapshotInfo {
        try await call(.pushRiskSnapshot, ["world": world], body: snapshot)
    }
    public func latestRiskSnapshot(world: String) async throws -> RiskSnapshotInfo {
        try await call(.latestRiskSnapshot, ["world": world])
    }
    public func riskSnapshots(world: String, version: Int?, asOf: String?, limit: Int?) async throws -> [RiskSnapshotInfo] {
        try await call(
            .riskSnapshots, ["world": world], query: ["version": version.map(String.init), "as_of": asOf, "limit": limit.map(String.init)])
    }
    public func jobs(state: String?, limit: Int) async throws -> [JobInfo] {
        try await call(.jobs, [:], query: ["state": state, "limit": String(limit)])
    }
    public func job(_ id: String) async throws -> JobInfo {
        try await call(.job, ["job": id])
    }
    public func startPaper(world: String, strategy: String) async throws -> RunTicket {
        try await call(.startPaper, ["world": world, "strategy": strategy])
    }
    public func startLive(world: String, strategy: String) async throws -> RunTicket {
        try await call(.startLive, ["world": world, "strategy": strategy])
    }
    public func reportProgress(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo {
        try await call(.reportProgress, ["world": world, "strategy": strategy, "run": runID], body: result)
    }

    public func decide(world: String, strategy: String?) async throws -> DecisionEnvelope {
        try await call(.decide, ["world": world], query: ["strategy_id": strategy])
    }
    public func activation(world: String, strategy: String, side: String) async throws -> ActivationEnvelope {
        try await call(.activation, ["world": world], query: ["strategy_id": strategy, "side": side])
    }

    // MARK: Audit

    public func auditLog(after seq: Int64, limit: Int) async throws -> [AuditEntryInfo] {
        try await call(.auditLog, query: ["after": String(seq), "limit": String(limit)])
    }
    public func verifyAudit() async throws -> AuditVerdictInfo { try await call(.verifyAudit) }

    // MARK: Tokens

    public func createToken(name: String, role: Role) async throws -> TokenInfo {
        try await call(.createToken, body: TokenRequest(name: name, role: role))
    }
    public func listTokens() async throws -> [TokenInfo] { try await call(.listTokens) }
    public func revokeToken(_ id: String) async throws -> TokenInfo { try await call(.revokeToken, ["token": id]) }
}
