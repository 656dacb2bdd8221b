/// `GET /worlds/{w}/decide[?strategy_id=]` (R-GOV-9): what the world lets a strategy (or the
/// world's strategies) do now. The ETag changes exactly when another field does.
public struct DecisionEnvelope: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The strategy asked about, if any.
    public var strategyID: String?
    /// The policy version deciding (0 before one is published).
    public var policyVersion: Int
    /// validate, compute-only, paper or live.
    public var effectiveMode: String
    /// Why, in one sentence.
    public var reason: String
    /// The data time the decision is based on (the last bar evaluated), ISO-8601 UTC.
    public var asOf: String?
    /// How long after `as_of` the decision holds, e.g. `300s`.
    public var ttl: String
    /// The world's dataset.
    public var datasetFingerprint: String?
    /// BLAKE3 of the other fields' canonical JSON.
    public var etag: String

    /// An envelope.
    public init(
        world: String, strategyID: String?, policyVersion: Int, effectiveMode: String, reason: String, asOf: String?, ttl: String,
        datasetFingerprint: String?, etag: String
    ) {
        self.world = world
        self.strategyID = strategyID
        self.policyVersion = policyVersion
        self.effectiveMode = effectiveMode
        self.reason = reason
        self.asOf = asOf
        self.ttl = ttl
        self.datasetFingerprint = datasetFingerprint
        self.etag = etag
    }

    enum CodingKeys: String, CodingKey {
        case reason, ttl, etag
        case world = "world_id"
        case strategyID = "strategy_id"
        case policyVersion = "policy_version"
        case effectiveMode = "effective_mode"
        case asOf = "as_of"
        case datasetFingerprint = "dataset_fingerprint"
    }
}

/// `GET /worlds/{w}/activation?strategy_id=&side=` (R-GOV-9): whether a strategy is active in a
/// world, with what weight. The ETag changes exactly when another field does.
public struct ActivationEnvelope: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// long or short.
    public var side: String
    /// True while the strategy is activated (running) and no decision stops or pauses it.
    public var active: Bool
    /// Its weight in the world's allocation (0 when inactive).
    public var weight: Double
    /// True while an apply freezes the world's activations.
    public var freeze: Bool
    /// True while an apply drains the strategy's orders.
    public var drain: Bool
    /// validate, compute-only, paper or live.
    public var effectiveMode: String
    /// The evaluation run behind it, if any.
    public var runID: String?
    /// When the activation last changed, ISO-8601 UTC.
    public var ts: String
    /// BLAKE3 of the other fields' canonical JSON.
    public var etag: String

    /// An envelope.
    public init(
        world: String, strategyID: String, side: String, active: Bool, weight: Double, freeze: Bool, drain: Bool, effectiveMode: String,
        runID: String?, ts: String, etag: String
    ) {
        self.world = world
        self.strategyID = strategyID
        self.side = side
        self.active = active
        self.weight = weight
        self.freeze = freeze
        self.drain = drain
        self.effectiveMode = effectiveMode
        self.runID = runID
        self.ts = ts
        self.etag = etag
    }

    enum CodingKeys: String, CodingKey {
        case side, active, weight, freeze, drain, ts, etag
        case world = "world_id"
        case strategyID = "strategy_id"
        case effectiveMode = "effective_mode"
        case runID = "run_id"
    }
}
