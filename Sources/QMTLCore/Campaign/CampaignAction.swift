/// What to do next for one strategy (R-CAMP-3), with a key that is the same for the same state:
/// an executor that records executed keys never does one thing twice.
public struct CampaignAction: Sendable, Equatable {
    /// The kind of action.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Run (or re-run) the backtest evaluation.
        case evaluate
        /// Start the paper run.
        case startPaper = "start_paper"
        /// Feed the paper run the bars that arrived since it last ran.
        case continuePaper = "continue_paper"
        /// Promote to live now (governance `auto_apply`).
        case autoApplyLive = "auto_apply_live"
        /// Ask an operator to approve live promotion (governance `manual_approval`).
        case manualApprovalRequired = "manual_approval_required"
        /// Watch the live run.
        case observeLive = "observe_live"
    }

    /// The kind.
    public var action: Kind
    /// The strategy.
    public var strategy: String
    /// The stage it acts on.
    public var stage: RunStage
    /// `action:world:strategy:stage:evidence` — a function of the state, so repeats match.
    public var idempotencyKey: String
    /// Why, in a sentence.
    public var reason: String
}
