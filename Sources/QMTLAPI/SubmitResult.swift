/// A rule the run failed, as `SubmitResult.threshold_violations` lists it.
public struct ThresholdViolation: Sendable, Hashable, Codable {
    /// The rule, e.g. `threshold.sharpe`.
    public var rule: String
    /// A stable reason code, e.g. `below_min`.
    public var reasonCode: String
    /// The metric's value, if it had one.
    public var observed: Double?
    /// What the rule asks, e.g. `≥ 0.5`.
    public var required: String

    /// A violation.
    public init(rule: String, reasonCode: String, observed: Double?, required: String) {
        self.rule = rule
        self.reasonCode = reasonCode
        self.observed = observed
        self.required = required
    }

    enum CodingKeys: String, CodingKey {
        case rule, observed, required
        case reasonCode = "reason_code"
    }
}

/// What `Runner.submit` reports for one world (R-SDK-7).
public struct SubmitResult: Sendable, Hashable, Codable {
    /// The strategy.
    public var strategyID: String
    /// The world.
    public var world: String
    /// The strategy's status in the world (its root ref's, R-WVG-1).
    public var status: String
    /// The evaluation run, if one ran or was cached.
    public var evaluationRunID: String?
    /// Where to read the run: `/worlds/{w}/strategies/{s}/runs/{run}` (made absolute by a client).
    public var evaluationRunURL: String?
    /// The risk snapshot the run references (Risk Signal Hub), if any.
    public var riskSnapshotRef: String?
    /// The mode the runtime runs in (R-SDK-5).
    public var effectiveMode: String
    /// backtest, paper or live.
    public var executionDomain: String
    /// True when the order gate is off because the decision could not be trusted (R-SDK-6).
    public var safeMode: Bool
    /// True when the runtime runs lower than asked.
    public var downgraded: Bool
    /// decision_unavailable, stale_decision, as_of_mismatch or dataset_fingerprint_mismatch.
    public var downgradeReason: String?
    /// The run's metrics by R-SDK-3 name.
    public var metrics: [String: Double]?
    /// The campaign's phase, progress and whether it may move to the next phase (R-CAMP-2).
    public var campaign: CampaignSummary?
    /// Why the policy rejected the run, in one sentence, or why it was not evaluated.
    public var rejectionReason: String?
    /// The rules it failed.
    public var thresholdViolations: [ThresholdViolation]
    /// What would change the verdict, one sentence per failed rule.
    public var improvementHints: [String]
    /// False when the strategy was already bound to the world.
    public var bound: Bool
    /// True when the EvalKey was evaluated before and nothing ran (R-WVG-3).
    public var cached: Bool
    /// The run's state: evaluated, rejected, failed …
    public var runState: String?
    /// Why the run re-evaluated: the EvalKey components that changed.
    public var reasons: [String]

    /// A result.
    public init(
        strategyID: String, world: String, status: String, evaluationRunID: String?, evaluationRunURL: String?, riskSnapshotRef: String?,
        effectiveMode: String, executionDomain: String, safeMode: Bool, downgraded: Bool, downgradeReason: String?, metrics: [String: Double]?,
        campaign: CampaignSummary?, rejectionReason: String?, thresholdViolations: [ThresholdViolation], improvementHints: [String], bound: Bool,
        cached: Bool, runState: String?, reasons: [String]
    ) {
        self.strategyID = strategyID
        self.world = world
        self.status = status
        self.evaluationRunID = evaluationRunID
        self.evaluationRunURL = evaluationRunURL
        self.riskSnapshotRef = riskSnapshotRef
        self.effectiveMode = effectiveMode
        self.executionDomain = executionDomain
        self.safeMode = safeMode
        self.downgraded = downgraded
        self.downgradeReason = downgradeReason
        self.metrics = metrics
        self.campaign = campaign
        self.rejectionReason = rejectionReason
        self.thresholdViolations = thresholdViolations
        self.improvementHints = improvementHints
        self.bound = bound
        self.cached = cached
        self.runState = runState
        self.reasons = reasons
    }

    enum CodingKeys: String, CodingKey {
        case world, status, metrics, campaign, bound, cached, reasons
        case strategyID = "strategy_id"
        case evaluationRunID = "evaluation_run_id"
        case evaluationRunURL = "evaluation_run_url"
        case riskSnapshotRef = "risk_snapshot_ref"
        case effectiveMode = "effective_mode"
        case executionDomain = "execution_domain"
        case safeMode = "safe_mode"
        case downgraded
        case downgradeReason = "downgrade_reason"
        case rejectionReason = "rejection_reason"
        case thresholdViolations = "threshold_violations"
        case improvementHints = "improvement_hints"
        case runState = "run_state"
    }
}

/// A strategy's campaign in a world, as `SubmitResult.campaign` shows it (R-CAMP-2).
public struct CampaignSummary: Sendable, Hashable, Codable {
    /// backtest_campaign, paper_campaign or live_campaign.
    public var phase: String
    /// 0…1 of the phase's required window.
    public var progress: Double
    /// Whether it may move to the next phase.
    public var promotable: Bool
    /// Reason codes, e.g. insufficient_sample_days.
    public var reasons: [String]

    /// A summary.
    public init(phase: String, progress: Double, promotable: Bool, reasons: [String]) {
        self.phase = phase
        self.progress = progress
        self.promotable = promotable
        self.reasons = reasons
    }
}
