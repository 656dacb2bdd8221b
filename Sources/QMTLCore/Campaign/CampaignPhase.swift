/// Where a strategy stands in a world's campaign (R-CAMP-1).
public enum CampaignPhase: String, Sendable, Codable, CaseIterable {
    /// Backtests on the bars before the paper start.
    case backtest = "backtest_campaign"
    /// A dry-run on the bars from the paper start on (simulated fills, order gate `paper`).
    case paper = "paper_campaign"
    /// Activated live and observed.
    case live = "live_campaign"
}

/// Why a strategy may not move to the next phase yet (R-CAMP-2), as stable codes.
public enum CampaignReason: String, Sendable, Codable, CaseIterable {
    /// No backtest run has been evaluated yet.
    case missingBacktestRun = "missing_backtest_run"
    /// A backtest run is queued or running.
    case backtestRunning = "backtest_running"
    /// The backtest's observed data is shorter than `campaign.backtest.window`.
    case backtestWindowIncomplete = "backtest_window_incomplete"
    /// The stage's run has fewer distinct days with a bar than `campaign.common.min_sample_days`.
    case insufficientSampleDays = "insufficient_sample_days"
    /// The stage's run traded fewer times than `campaign.common.min_trades_per_window`.
    case insufficientTrades = "insufficient_trades"
    /// The policy rejected the stage's run.
    case validationFailed = "validation_failed"
    /// The stage's run failed with an error.
    case runFailed = "run_failed"
    /// No paper start can be set: neither `dataset.paper_start` nor `campaign.paper.window`.
    case noPaperWindow = "no_paper_window"
    /// No paper run has been started.
    case missingPaperRun = "missing_paper_run"
    /// The paper run is still consuming bars.
    case paperRunning = "paper_running"
    /// The paper run's observed data is shorter than `campaign.paper.window`.
    case paperWindowIncomplete = "paper_window_incomplete"
    /// The paper run has consumed every bar there is; it needs more data to go on.
    case waitingForData = "waiting_for_data"
    /// The world's governance does not promote to live (`mode: disabled`).
    case promotionDisabled = "promotion_disabled"
    /// A decision (stop, pause, quarantine) halts the strategy in the world: nothing runs
    /// until it is resumed or expires.
    case haltedByDecision = "halted_by_decision"
}
