/// A strategy's campaign in one world (R-CAMP-2): its phase, how much of the phase's window the
/// data has covered, the key metrics of the phase's run, and whether and why it may move on.
public struct CampaignStatus: Sendable, Equatable {
    /// The phase.
    public var phase: CampaignPhase
    /// Days of data the phase needs (`campaign.<stage>.window`); nil when none is set.
    public var windowRequiredDays: Double?
    /// Days of data the phase's run observed: from its first bar to the end of its last.
    public var windowObservedDays: Double
    /// `window_observed / window_required`, capped at 1 (1 when no window is set and a run observed data).
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
    /// The backtest phase is complete: a paper run may start.
    public var promotableToPaper: Bool
    /// The paper phase is complete: the strategy may be proposed for live.
    public var promotableToLive: Bool
    /// Why it may not move on, in the order the rules check.
    public var reasons: [CampaignReason]
}
