import QMTLCore

/// An evaluation run (R-RUN): key `(world, strategy, run_id)`; `body` is what the run was
/// asked to do (immutable: the same id with another body is a conflict); `details` holds its
/// progress (series, rule results, summary, error) and changes with its state.
public struct EvaluationRun: Sendable, Hashable {
    public var world: WorldID
    public var strategy: StrategyID
    public var runID: String
    public var stage: RunStage
    public var state: RunState
    /// Number of history revisions (1 after creation).
    public var revision: Int
    public var body: JSONValue
    /// Metrics by R-SDK-3 name, once computed.
    public var metrics: JSONValue?
    public var details: JSONValue
    public var pendingLiveApproval: Bool
    public var createdAtMillis: Int64
    public var updatedAtMillis: Int64
}

/// One revision of a run's history (R-RUN-1).
public struct RunRevision: Sendable, Hashable {
    public var revision: Int
    public var state: RunState
    public var atMillis: Int64
    public var reason: String
}

/// What a run transition may change besides the state.
public struct RunUpdate: Sendable, Hashable {
    public var metrics: JSONValue?
    public var details: JSONValue?
    public var pendingLiveApproval: Bool?

    public init(metrics: JSONValue? = nil, details: JSONValue? = nil, pendingLiveApproval: Bool? = nil) {
        self.metrics = metrics
        self.details = details
        self.pendingLiveApproval = pendingLiveApproval
    }
}

/// Run ids are UUIDs in lowercase text form (a client may supply one).
enum RunID {
    static func check(_ id: String) throws {
        let hex = Set("0123456789abcdef")
        let groups = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        guard groups == [8, 4, 4, 4, 12], id.allSatisfy({ $0 == "-" || hex.contains($0) }) else {
            throw QMTLError(.badRunID, "run id \"\(id.prefix(60))\" is not a lowercase UUID", details: ["run_id": String(id.prefix(60))])
        }
    }
}
