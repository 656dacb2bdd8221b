import QMTLCore

/// An evaluation run (R-RUN): key `(world, strategy, run_id)`; `body` is what the run was
/// asked to do (immutable: the same id with another body is a conflict); `details` holds its
/// progress (series, rule results, summary, error) and changes with its state.
public struct EvaluationRun: Sendable, Hashable {
    /// The world the run belongs to.
    public var world: WorldID
    /// The strategy evaluated.
    public var strategy: StrategyID
    /// The run's id: a lowercase UUID.
    public var runID: String
    /// Backtest, paper or live (R-RUN-2).
    public var stage: RunStage
    /// Where the run is in R-RUN-1's machine; stored, never computed at read time.
    public var state: RunState
    /// Number of history revisions (1 after creation).
    public var revision: Int
    /// What the run was asked to do; immutable (the idempotency key of a retried create).
    public var body: JSONValue
    /// Metrics by R-SDK-3 name, once computed.
    public var metrics: JSONValue?
    /// Progress that changes with the state: series, rule results, summary, error.
    public var details: JSONValue
    /// Whether an eligible run waits for an operator's approval (R-GOV-4).
    public var pendingLiveApproval: Bool
    /// When the run was created, epoch milliseconds.
    public var createdAtMillis: Int64
    /// When the run last changed, epoch milliseconds.
    public var updatedAtMillis: Int64
}

/// One revision of a run's history (R-RUN-1).
public struct RunRevision: Sendable, Hashable {
    /// 1 for the run's creation, then one more per transition.
    public var revision: Int
    /// The state entered at this revision.
    public var state: RunState
    /// When, epoch milliseconds.
    public var atMillis: Int64
    /// Why the run moved (e.g. the error of a failed run).
    public var reason: String
}

/// What a run transition may change besides the state.
public struct RunUpdate: Sendable, Hashable {
    /// New metrics, or nil to keep them.
    public var metrics: JSONValue?
    /// New details, or nil to keep them.
    public var details: JSONValue?
    /// A new approval flag, or nil to keep it.
    public var pendingLiveApproval: Bool?

    /// An update; nil fields stay as they are.
    public init(metrics: JSONValue? = nil, details: JSONValue? = nil, pendingLiveApproval: Bool? = nil) {
        self.metrics = metrics
        self.details = details
        self.pendingLiveApproval = pendingLiveApproval
    }
}

/// Run ids are UUIDs in lowercase text form (a client may supply one).
enum RunID {
    static func check(_ id: String) throws {
        guard LowercaseUUID.isValid(id) else {
            throw QMTLError(.badRunID, "run id \"\(id.prefix(60))\" is not a lowercase UUID", details: ["run_id": String(id.prefix(60))])
        }
    }
}
