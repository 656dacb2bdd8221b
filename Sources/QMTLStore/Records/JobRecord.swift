import QMTLCore

/// A unit of work for a runtime (SPEC §1 "who computes what"): a backtest, a paper run or a live observation, queued
/// in the store and claimed by one worker at a time under a lease. A paper job keeps its engine
/// checkpoint here, written with each heartbeat, so a worker that dies mid-run is replaced by one
/// that resumes where the last heartbeat left it.
public struct JobRecord: Sendable, Hashable {
    /// What the job runs.
    public enum Kind: String, Sendable, Codable, CaseIterable { case backtest, paper, live }

    /// Where the job is.
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for a worker.
        case queued
        /// A worker holds it until its lease expires (then another may claim it).
        case claimed
        /// Finished.
        case done
        /// Finished with an error.
        case failed

        /// Whether no worker will touch the job again.
        public var isFinished: Bool { self == .done || self == .failed }
    }

    /// The job's id: the same work enqueued twice is one job.
    public var jobID: String
    /// What it runs.
    public var kind: Kind
    /// The world.
    public var world: WorldID
    /// The strategy.
    public var strategy: StrategyID
    /// The evaluation run it reports to, once known.
    public var runID: String?
    /// Where it is.
    public var state: State
    /// Who holds it (`worker:<host>:<pid>:<n>`), while claimed.
    public var leaseOwner: String?
    /// When the lease ends, epoch milliseconds, while claimed.
    public var leaseExpiresAtMillis: Int64?
    /// How many times it was claimed (more than one: a worker died or gave it up).
    public var attempts: Int
    /// The engine checkpoint of the last heartbeat (paper jobs).
    public var checkpoint: [UInt8]?
    /// Progress as the worker last reported it (e.g. the last bar consumed).
    public var progress: JSONValue?
    /// Why it failed.
    public var error: String?
    /// When it was enqueued, epoch milliseconds (claims go oldest first).
    public var createdAtMillis: Int64
    /// When it last changed, epoch milliseconds.
    public var updatedAtMillis: Int64

    /// A queued job.
    public init(jobID: String, kind: Kind, world: WorldID, strategy: StrategyID, runID: String? = nil, createdAtMillis: Int64 = 0) {
        self.jobID = jobID
        self.kind = kind
        self.world = world
        self.strategy = strategy
        self.runID = runID
        self.state = .queued
        self.attempts = 0
        self.createdAtMillis = createdAtMillis
        self.updatedAtMillis = createdAtMillis
    }
}
