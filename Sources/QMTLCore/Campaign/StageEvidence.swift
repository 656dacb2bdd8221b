/// What one stage's latest run shows, measured on the data it observed (R-CAMP-1): the first
/// and last bar it consumed and the metrics over them — never when the run was created.
public struct StageEvidence: Sendable, Equatable {
    /// How far the run got.
    public enum Progress: String, Sendable, Equatable {
        /// Queued or consuming bars.
        case running
        /// Evaluated (or activated): the policy passed it.
        case passed
        /// The policy rejected it.
        case rejected
        /// It failed with an error.
        case failed
    }

    /// The run.
    public var runID: String
    /// How far it got.
    public var progress: Progress
    /// The first bar it observed, epoch seconds; nil before it observed any.
    public var firstBar: Int64?
    /// The last bar it observed, epoch seconds.
    public var lastBar: Int64?
    /// Its metrics (R-SDK-3 names); empty before it reported any.
    public var metrics: [String: Double]

    /// Evidence of one run.
    public init(runID: String, progress: Progress, firstBar: Int64? = nil, lastBar: Int64? = nil, metrics: [String: Double] = [:]) {
        self.runID = runID
        self.progress = progress
        self.firstBar = firstBar
        self.lastBar = lastBar
        self.metrics = metrics
    }
}

/// Everything the campaign rules read for one (world, strategy).
public struct CampaignEvidence: Sendable, Equatable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategy: String
    /// The policy's campaign block (nil: no windows or minima).
    public var campaign: Policy.Campaign?
    /// The world's live promotion mode.
    public var promotion: Policy.PromotionMode
    /// Whether the paper stage has a start (`dataset.paper_start`, or one derived from
    /// `campaign.paper.window`).
    public var hasPaperStart: Bool
    /// Seconds between bars of the world's data.
    public var interval: Int64
    /// The last bar of the world's data, epoch seconds (what a paper run can consume up to).
    public var dataLastBar: Int64?
    /// The latest backtest run.
    public var backtest: StageEvidence?
    /// The latest paper run.
    public var paper: StageEvidence?
    /// Whether the strategy is activated live in the world.
    public var live: Bool
    /// Whether a decision (stop, pause, quarantine) halts it in the world.
    public var halted: Bool = false

    /// Evidence for one strategy in one world.
    public init(
        world: String, strategy: String, campaign: Policy.Campaign?, promotion: Policy.PromotionMode, hasPaperStart: Bool, interval: Int64,
        dataLastBar: Int64?, backtest: StageEvidence?, paper: StageEvidence?, live: Bool
    ) {
        self.world = world
        self.strategy = strategy
        self.campaign = campaign
        self.promotion = promotion
        self.hasPaperStart = hasPaperStart
        self.interval = interval
        self.dataLastBar = dataLastBar
        self.backtest = backtest
        self.paper = paper
        self.live = live
    }
}
