/// A strategy's campaign in one world (R-CAMP-2), as `GET /worlds/{w}/campaign/status` answers.
public struct CampaignStatusInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// The name the strategy was first submitted under, if it had one (metadata, not identity).
    public var name: String?
    /// `backtest_campaign`, `paper_campaign` or `live_campaign`.
    public var phase: String
    /// Days of data the phase needs; nil when the policy sets no window.
    public var windowRequired: Double?
    /// Days of data the phase's run observed (first bar to the end of the last).
    public var windowObserved: Double
    /// `window_observed / window_required`, 0…1.
    public var progress: Double
    /// The phase run's `sample_days`.
    public var sampleDays: Double?
    /// The phase run's `num_trades`.
    public var numTrades: Double?
    /// The phase run's `sharpe`.
    public var sharpe: Double?
    /// The phase run's `max_drawdown`.
    public var maxDrawdown: Double?
    /// The phase run's `drawdown_episodes`.
    public var drawdownEpisodes: Double?
    /// Whether a paper run may start.
    public var promotableToPaper: Bool
    /// Whether the strategy may be proposed for live.
    public var promotableToLive: Bool
    /// Reason codes, in the order the rules check them.
    public var reasons: [String]
    /// Where the paper stage starts (ISO-8601 UTC); nil when it cannot start.
    public var paperStart: String?
    /// Once the paper campaign is complete: what still blocks live promotion (R-GOV-2…5; the
    /// codes of `promotions/live/plan`), empty when an apply may make it live.
    public var liveBlockedReasons: [String]?
    /// Once the paper campaign is complete: the live verdict in a sentence.
    public var liveVerdict: String?

    /// A status.
    public init(
        world: String, strategyID: String, phase: String, windowRequired: Double?, windowObserved: Double, progress: Double, sampleDays: Double?,
        numTrades: Double?, sharpe: Double?, maxDrawdown: Double?, drawdownEpisodes: Double?, promotableToPaper: Bool, promotableToLive: Bool,
        reasons: [String], paperStart: String?
    ) {
        self.world = world
        self.strategyID = strategyID
        self.phase = phase
        self.windowRequired = windowRequired
        self.windowObserved = windowObserved
        self.progress = progress
        self.sampleDays = sampleDays
        self.numTrades = numTrades
        self.sharpe = sharpe
        self.maxDrawdown = maxDrawdown
        self.drawdownEpisodes = drawdownEpisodes
        self.promotableToPaper = promotableToPaper
        self.promotableToLive = promotableToLive
        self.reasons = reasons
        self.paperStart = paperStart
    }

    enum CodingKeys: String, CodingKey {
        case name
        case phase, progress, sharpe, reasons
        case world = "world_id"
        case strategyID = "strategy_id"
        case windowRequired = "window_required"
        case windowObserved = "window_observed"
        case sampleDays = "sample_days"
        case numTrades = "num_trades"
        case maxDrawdown = "max_drawdown"
        case drawdownEpisodes = "drawdown_episodes"
        case promotableToPaper = "promotable_to_paper"
        case promotableToLive = "promotable_to_live"
        case paperStart = "paper_start"
        case liveBlockedReasons = "live_blocked_reasons"
        case liveVerdict = "live_verdict"
    }
}

/// One recommended action of a campaign tick (R-CAMP-3).
public struct CampaignActionInfo: Sendable, Hashable, Codable {
    /// `evaluate`, `start_paper`, `continue_paper`, `auto_apply_live`, `manual_approval_required`
    /// or `observe_live`.
    public var action: String
    /// The strategy.
    public var strategyID: String
    /// The name the strategy was first submitted under, if it had one.
    public var name: String?
    /// The stage it acts on.
    public var stage: String
    /// The same for the same state: an executor skips keys it has executed.
    public var idempotencyKey: String
    /// Why.
    public var reason: String

    /// An action.
    public init(action: String, strategyID: String, stage: String, idempotencyKey: String, reason: String) {
        self.action = action
        self.strategyID = strategyID
        self.stage = stage
        self.idempotencyKey = idempotencyKey
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case name
        case action, stage, reason
        case strategyID = "strategy_id"
        case idempotencyKey = "idempotency_key"
    }
}

/// `POST /worlds/{w}/campaign/tick`: what to do next, computed without side effects.
public struct CampaignTickInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The answer's schema version (1).
    public var schemaVersion: Int
    /// The actions, by strategy.
    public var actions: [CampaignActionInfo]

    /// A tick's answer.
    public init(world: String, schemaVersion: Int = 1, actions: [CampaignActionInfo]) {
        self.world = world
        self.schemaVersion = schemaVersion
        self.actions = actions
    }

    enum CodingKeys: String, CodingKey {
        case actions
        case world = "world_id"
        case schemaVersion = "schema_version"
    }
}
