import QMTLCore

/// What the runtime needs to evaluate a strategy in a world: the run to report to and the
/// world's data and costs — or, when the EvalKey was evaluated before, that cached result
/// (R-WVG-3: same key, no re-run).
public struct RunTicket: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The world's snapshot the run is evaluated against.
    public var worldRef: String
    /// The strategy.
    public var strategyID: String
    /// The run to report to; nil on a cache hit.
    public var runID: String?
    /// The EvalKey of the evaluation (R-ID-7).
    public var evalKey: String
    /// The data to backtest on.
    public var dataset: WorldDataset
    /// Costs and lots to backtest with.
    public var marketConfig: MarketConfig
    /// The earlier run with this EvalKey, when there is one.
    public var cached: RunInfo?
    /// Why the strategy is evaluated again: the EvalKey components that changed, or
    /// `revalidate`; empty for a first evaluation.
    public var reasons: [String]
    /// The backtest uses only bars strictly before this time, ISO-8601 UTC: the world's paper
    /// start (R-CAMP-5), so the paper stage replays bars the backtest never saw. Nil: every bar.
    public var barsBefore: String?
    /// The stage the run evaluates: `backtest`, or `paper` for a ticket from `startPaper`.
    public var stage: String = "backtest"
    /// A paper run's first bar time, ISO-8601 UTC (R-CAMP-5): indicators warm on the bars
    /// before it, the account opens at it, and the run consumes the bars from it on. Nil for a
    /// backtest.
    public var paperStart: String?
    /// A paper run under way: its engine state at the last checkpoint a worker saved (base64
    /// of `Backtester` checkpoint bytes), to resume from; nil to start from the paper start.
    public var checkpoint: String?

    /// A ticket.
    public init(
        world: String, worldRef: String, strategyID: String, runID: String?, evalKey: String, dataset: WorldDataset, marketConfig: MarketConfig,
        cached: RunInfo?, reasons: [String] = []
    ) {
        self.reasons = reasons
        self.world = world
        self.worldRef = worldRef
        self.strategyID = strategyID
        self.runID = runID
        self.evalKey = evalKey
        self.dataset = dataset
        self.marketConfig = marketConfig
        self.cached = cached
    }

    enum CodingKeys: String, CodingKey {
        case world, dataset, cached, reasons
        case worldRef = "world_ref"
        case strategyID = "strategy_id"
        case runID = "run_id"
        case evalKey = "eval_key"
        case marketConfig = "market_config"
        case barsBefore = "bars_before"
        case stage
        case paperStart = "paper_start"
        case checkpoint
    }
}

/// A run's equity curve: the account's value after each bar it consumed.
public struct RunSeries: Sendable, Hashable, Codable {
    /// Bar times, epoch seconds, increasing.
    public var t: [Int64]
    /// Equity after each bar, beside `t`.
    public var equity: [Double]

    /// A series.
    public init(t: [Int64], equity: [Double]) {
        self.t = t
        self.equity = equity
    }
}

/// Metrics a runtime computed for a run (`POST /worlds/{w}/evaluate`, R-RUN-3).
public struct RunResult: Sendable, Hashable, Codable {
    /// Metrics by R-SDK-3 name.
    public var metrics: [String: Double]
    /// The first bar of the run's data, ISO-8601 UTC.
    public var firstBar: String
    /// The last bar, ISO-8601 UTC.
    public var lastBar: String
    /// The equity curve the metrics were computed on (reports, correlations, the risk hub's
    /// realised returns); optional for external runners.
    public var series: RunSeries?

    /// A result.
    public init(metrics: [String: Double], firstBar: String, lastBar: String, series: RunSeries? = nil) {
        self.metrics = metrics
        self.firstBar = firstBar
        self.lastBar = lastBar
        self.series = series
    }

    enum CodingKeys: String, CodingKey {
        case metrics, series
        case firstBar = "first_bar"
        case lastBar = "last_bar"
    }
}

/// One rule's result in a run's evaluation (R-POL-2).
public struct RuleInfo: Sendable, Hashable, Codable {
    /// The rule, e.g. `threshold.sharpe`.
    public var rule: String
    /// pass, warn, fail or insufficient_evidence.
    public var status: String
    /// blocking, soft or info.
    public var severity: String
    /// A stable reason code.
    public var reasonCode: String
    /// The metric's value, if any.
    public var observed: Double?
    /// What the rule asks.
    public var required: String

    /// A rule result.
    public init(rule: String, status: String, severity: String, reasonCode: String, observed: Double?, required: String) {
        self.rule = rule
        self.status = status
        self.severity = severity
        self.reasonCode = reasonCode
        self.observed = observed
        self.required = required
    }

    enum CodingKeys: String, CodingKey {
        case rule, status, severity, observed, required
        case reasonCode = "reason_code"
    }
}

/// An evaluation run as the WorldService shows it (R-RUN-1, R-RUN-2).
public struct RunInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// The run's id.
    public var runID: String
    /// backtest, paper or live.
    public var stage: String
    /// The stored state (R-RUN-1).
    public var state: String
    /// The EvalKey it evaluates.
    public var evalKey: String
    /// Metrics by R-SDK-3 name, once evaluated.
    public var metrics: [String: Double]?
    /// pass, warn or fail, once evaluated.
    public var summary: String?
    /// The policy's rule results.
    public var rules: [RuleInfo]
    /// The verdict in one sentence with the numbers (R-POL-4).
    public var explanation: String?
    /// Why a failed run failed.
    public var error: String?
    /// When it was created, ISO-8601 UTC.
    public var createdAt: String
    /// When it last changed, ISO-8601 UTC.
    public var updatedAt: String
    /// Why it re-evaluates: the EvalKey components that changed since the strategy's previous
    /// run, or `revalidate`; empty for a first evaluation.
    public var reasons: [String]
    /// The first bar of the data it evaluated, ISO-8601 UTC, once evaluated.
    public var firstBar: String?
    /// The last bar (the data time the verdict is based on), once evaluated.
    public var lastBar: String?
    /// A paper run that passed and waits for a live approval (R-GOV-4); cleared by a decision.
    public var pendingLiveApproval: Bool?

    /// A run.
    public init(
        world: String, strategyID: String, runID: String, stage: String, state: String, evalKey: String, metrics: [String: Double]?,
        summary: String?, rules: [RuleInfo], explanation: String?, error: String?, createdAt: String, updatedAt: String, reasons: [String] = [],
        firstBar: String? = nil, lastBar: String? = nil
    ) {
        self.reasons = reasons
        self.firstBar = firstBar
        self.lastBar = lastBar
        self.world = world
        self.strategyID = strategyID
        self.runID = runID
        self.stage = stage
        self.state = state
        self.evalKey = evalKey
        self.metrics = metrics
        self.summary = summary
        self.rules = rules
        self.explanation = explanation
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case world, stage, state, metrics, summary, rules, explanation, error, reasons
        case firstBar = "first_bar"
        case lastBar = "last_bar"
        case pendingLiveApproval = "pending_live_approval"
        case strategyID = "strategy_id"
        case runID = "run_id"
        case evalKey = "eval_key"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// A strategy as one world sees it (`GET /status`).
public struct StrategyStatus: Sendable, Hashable, Codable {
    /// The strategy.
    public var strategyID: String
    /// The name the strategy was first submitted under, if it had one (metadata, not identity).
    public var name: String?
    /// The world.
    public var world: String
    /// Its root ref's status (R-WVG-1).
    public var status: String
    /// The last EvalKey it was validated under.
    public var lastEvalKey: String?
    /// Its latest run, if any.
    public var latestRun: RunInfo?
    /// The decision whose overlay the status shows, if any (R-DEC-2).
    public var decision: String?
    /// Why it is not evaluated in this world (R-WVG-4), if it is not.
    public var notEvaluatedReason: String?
    /// Why it is being evaluated again: the EvalKey components that changed since its last
    /// evaluation (`world_ref`, `contract_id`, `dataset_fingerprint`, `code_version`,
    /// `resource_policy`) or `revalidate`; empty when nothing is pending.
    public var reevaluationReasons: [String]

    /// A status.
    public init(
        strategyID: String, world: String, status: String, lastEvalKey: String?, latestRun: RunInfo?, decision: String? = nil,
        notEvaluatedReason: String? = nil, reevaluationReasons: [String] = []
    ) {
        self.strategyID = strategyID
        self.world = world
        self.status = status
        self.lastEvalKey = lastEvalKey
        self.latestRun = latestRun
        self.decision = decision
        self.notEvaluatedReason = notEvaluatedReason
        self.reevaluationReasons = reevaluationReasons
    }

    enum CodingKeys: String, CodingKey {
        case name
        case world, status, decision
        case strategyID = "strategy_id"
        case lastEvalKey = "last_eval_key"
        case latestRun = "latest_run"
        case notEvaluatedReason = "not_evaluated_reason"
        case reevaluationReasons = "reevaluation_reasons"
    }
}

/// One revision of a run's history (R-RUN-1).
public struct RunRevisionInfo: Sendable, Hashable, Codable {
    /// 1 for the creation, then one per transition.
    public var revision: Int
    /// The state entered.
    public var state: String
    /// When, ISO-8601 UTC.
    public var at: String
    /// Why.
    public var reason: String

    /// A revision.
    public init(revision: Int, state: String, at: String, reason: String) {
        self.revision = revision
        self.state = state
        self.at = at
        self.reason = reason
    }
}
