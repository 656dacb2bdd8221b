import QMTLCore

/// One evaluated run's metrics as the policy reads them: nothing else of the run is parsed.
public struct RunMetrics: Sendable, Hashable {
    /// The strategy.
    public var strategy: StrategyID
    /// The run.
    public var runID: String
    /// Metrics by R-SDK-3 name (non-numbers left out).
    public var metrics: [String: Double]
    /// The first bar it evaluated, ISO-8601 UTC, if recorded.
    public var firstBar: String?
    /// The last bar, if recorded.
    public var lastBar: String?

    /// A run's metrics.
    public init(strategy: StrategyID, runID: String, metrics: [String: Double], firstBar: String?, lastBar: String?) {
        self.strategy = strategy
        self.runID = runID
        self.metrics = metrics
        self.firstBar = firstBar
        self.lastBar = lastBar
    }
}

/// What an evaluation decides from, read inside its transaction (`evaluateRun(_:strategy:runID:audit:decide:)`).
public struct EvaluationInputs: Sendable {
    /// The run being evaluated.
    public var run: EvaluationRun
    /// The strategy's root ref in the world.
    public var rootRef: WorldNodeRef?
    /// The world's default policy version, or nil before one is published.
    public var policy: PolicyRecord?
    /// The world's evaluated backtest runs (every strategy's latest), the policy's candidates.
    public var candidates: [RunMetrics]
}

/// What an evaluation writes (`evaluateRun(_:strategy:runID:audit:decide:)`).
public struct EvaluationOutcome: Sendable {
    /// `evaluated` or `rejected`.
    public var state: RunState
    /// The verdict in one sentence, kept in the run's history.
    public var reason: String
    /// Metrics and details to store with the run.
    public var update: RunUpdate
    /// Ref events (the root's validation outcome).
    public var refEvents: [RefEvent]
    /// The validation to cache by its EvalKey (R-WVG-3); nil for a paper run, which observes
    /// an EvalKey's strategy on later data and caches nothing under the key.
    public var validation: ValidationRecord?
    /// Older runs superseded by this one, to expire (R-RUN-1).
    public var expiring: [String]

    /// An outcome.
    public init(
        state: RunState, reason: String, update: RunUpdate, refEvents: [RefEvent], validation: ValidationRecord?, expiring: [String]
    ) {
        self.state = state
        self.reason = reason
        self.update = update
        self.refEvents = refEvents
        self.validation = validation
        self.expiring = expiring
    }
}
