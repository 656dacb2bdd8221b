import QMTLCore

/// A unit of work for a runtime — a backtest or a paper run — queued in the store and held by
/// one worker at a time under a lease (`GET /jobs/{job}`).
public struct JobInfo: Sendable, Hashable, Codable {
    /// The job's id: the campaign action's idempotency key when an executor queued it.
    public var jobID: String
    /// `backtest` or `paper`.
    public var kind: String
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// The evaluation run it reports to, once a worker started one.
    public var runID: String?
    /// `queued`, `claimed`, `done` or `failed`.
    public var state: String
    /// The worker holding it, while claimed.
    public var leaseOwner: String?
    /// When the lease ends (ISO-8601 UTC), while claimed.
    public var leaseExpiresAt: String?
    /// How many times a worker claimed it (more than one: a worker died or let it go).
    public var attempts: Int
    /// What the worker last reported, e.g. the last bar consumed.
    public var progress: JSONValue?
    /// Why it failed.
    public var error: String?
    /// When it was queued.
    public var createdAt: String
    /// When it last changed.
    public var updatedAt: String

    /// A job as the API shows it.
    public init(
        jobID: String, kind: String, world: String, strategyID: String, runID: String?, state: String, leaseOwner: String?, leaseExpiresAt: String?,
        attempts: Int, progress: JSONValue?, error: String?, createdAt: String, updatedAt: String
    ) {
        self.jobID = jobID
        self.kind = kind
        self.world = world
        self.strategyID = strategyID
        self.runID = runID
        self.state = state
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.attempts = attempts
        self.progress = progress
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case kind, state, attempts, progress, error
        case jobID = "job_id"
        case world = "world_id"
        case strategyID = "strategy_id"
        case runID = "run_id"
        case leaseOwner = "lease_owner"
        case leaseExpiresAt = "lease_expires_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// `POST /jobs`: queue a job; the same id again is the job already queued.
public struct JobRequest: Sendable, Hashable, Codable {
    /// The id (an idempotency key).
    public var jobID: String
    /// `backtest` or `paper`.
    public var kind: String
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String

    /// A request.
    public init(jobID: String, kind: String, world: String, strategyID: String) {
        self.jobID = jobID
        self.kind = kind
        self.world = world
        self.strategyID = strategyID
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case jobID = "job_id"
        case world = "world_id"
        case strategyID = "strategy_id"
    }
}

/// The answer to `POST /jobs`.
public struct JobEnqueued: Sendable, Hashable, Codable {
    /// The job, new or as it was.
    public var job: JobInfo
    /// False when a job with this id was queued before (nothing changed).
    public var created: Bool

    /// An answer.
    public init(job: JobInfo, created: Bool) {
        self.job = job
        self.created = created
    }
}

/// `POST /jobs/claim`: take the oldest job of some kinds (in one world, or any).
public struct JobClaimRequest: Sendable, Hashable, Codable {
    /// The kinds the worker runs.
    public var kinds: [String]
    /// Only jobs of this world; nil for any.
    public var world: String?
    /// The worker's name, `worker:<host>:<pid>:<n>`.
    public var owner: String
    /// How long the lease lasts without a heartbeat, seconds.
    public var leaseSeconds: Double

    /// A request.
    public init(kinds: [String], world: String?, owner: String, leaseSeconds: Double) {
        self.kinds = kinds
        self.world = world
        self.owner = owner
        self.leaseSeconds = leaseSeconds
    }

    enum CodingKeys: String, CodingKey {
        case kinds, owner
        case world = "world_id"
        case leaseSeconds = "lease_seconds"
    }
}

/// The answer to `POST /jobs/claim`: the job now held, or none when nothing is queued.
public struct JobClaim: Sendable, Hashable, Codable {
    /// The job; nil when there was nothing to claim.
    public var job: JobInfo?

    /// An answer.
    public init(job: JobInfo?) { self.job = job }
}

/// `POST /jobs/{job}/heartbeat` and `/finish`: the holder extends its lease and reports, or
/// finishes.
public struct JobReport: Sendable, Hashable, Codable {
    /// The worker holding the job.
    public var owner: String
    /// A new lease length, seconds (heartbeats).
    public var leaseSeconds: Double?
    /// The engine checkpoint, base64 (paper jobs' heartbeats).
    public var checkpoint: String?
    /// Progress to show, e.g. `{"last_bar": …}`.
    public var progress: JSONValue?
    /// The run the job reports to, once known.
    public var runID: String?
    /// Why it failed (finish); nil for success.
    public var error: String?

    /// A report.
    public init(
        owner: String, leaseSeconds: Double? = nil, checkpoint: String? = nil, progress: JSONValue? = nil, runID: String? = nil, error: String? = nil
    ) {
        self.owner = owner
        self.leaseSeconds = leaseSeconds
        self.checkpoint = checkpoint
        self.progress = progress
        self.runID = runID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case owner, checkpoint, progress, error
        case leaseSeconds = "lease_seconds"
        case runID = "run_id"
    }
}
