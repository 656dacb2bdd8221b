/// One strategy in a world's report (R-GOV-10).
public struct StrategyReport: Sendable, Hashable, Codable {
    /// A live strategy this one's daily returns were compared with.
    public struct Overlap: Sendable, Hashable, Codable {
        /// The live strategy.
        public var strategyID: String
        /// Its name, if it had one.
        public var name: String?
        /// Pearson correlation of daily returns; nil with too few common days.
        public var correlation: Double?
        /// Days both have returns for.
        public var overlapDays: Int

        /// An overlap.
        public init(strategyID: String, correlation: Double?, overlapDays: Int) {
            self.strategyID = strategyID
            self.correlation = correlation
            self.overlapDays = overlapDays
        }

        enum CodingKeys: String, CodingKey {
            case name
            case correlation
            case strategyID = "strategy_id"
            case overlapDays = "overlap_days"
        }
    }

    /// The strategy.
    public var strategyID: String
    /// The name the strategy was first submitted under, if it had one (metadata, not identity).
    public var name: String?
    /// Its campaign phase.
    public var phase: String
    /// The run reported (the latest paper run, else the latest backtest).
    public var run: RunInfo?
    /// The run's equity curve, when its runtime reported one.
    public var series: RunSeries?
    /// The campaign's reasons against the next phase.
    public var campaignReasons: [String]
    /// The live verdict, for a strategy with a paper run that is not live.
    public var live: LivePromotionInfo?
    /// Whether it is live in the world.
    public var isLive: Bool
    /// Correlation of its daily returns with each live strategy's.
    public var overlaps: [Overlap]

    /// A strategy's part of the report.
    public init(
        strategyID: String, phase: String, run: RunInfo?, series: RunSeries?, campaignReasons: [String], live: LivePromotionInfo?,
        isLive: Bool, overlaps: [Overlap]
    ) {
        self.strategyID = strategyID
        self.phase = phase
        self.run = run
        self.series = series
        self.campaignReasons = campaignReasons
        self.live = live
        self.isLive = isLive
        self.overlaps = overlaps
    }

    enum CodingKeys: String, CodingKey {
        case name
        case phase, run, series, live, overlaps
        case strategyID = "strategy_id"
        case campaignReasons = "campaign_reasons"
        case isLive = "is_live"
    }
}

/// `GET /worlds/{w}/report`: what an operator reads before approving (R-GOV-10).
public struct WorldReport: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// When it was made (ISO-8601 UTC).
    public var generatedAt: String
    /// `disabled`, `manual_approval` or `auto_apply`.
    public var promotionMode: String
    /// The world's `allow_live`.
    public var allowLive: Bool
    /// The newest risk snapshot, without its returns.
    public var riskSnapshot: RiskSnapshotInfo?
    /// Every strategy reported, by id.
    public var strategies: [StrategyReport]
    /// The world's latest approval decisions, newest first.
    public var approvals: [ApprovalInfo]

    /// A report.
    public init(
        world: String, generatedAt: String, promotionMode: String, allowLive: Bool, riskSnapshot: RiskSnapshotInfo?,
        strategies: [StrategyReport], approvals: [ApprovalInfo]
    ) {
        self.world = world
        self.generatedAt = generatedAt
        self.promotionMode = promotionMode
        self.allowLive = allowLive
        self.riskSnapshot = riskSnapshot
        self.strategies = strategies
        self.approvals = approvals
    }

    enum CodingKeys: String, CodingKey {
        case strategies, approvals
        case world = "world_id"
        case generatedAt = "generated_at"
        case promotionMode = "promotion_mode"
        case allowLive = "allow_live"
        case riskSnapshot = "risk_snapshot"
    }
}
