/// Who produced a risk snapshot, and at which stage (R-GOV-1).
public struct RiskProvenance: Sendable, Hashable, Codable {
    /// The caller who pushed it (set by the service from the caller, never taken from the body).
    public var actor: String?
    /// `backtest`, `paper`, `live` or `risk` (an external risk system).
    public var stage: String

    /// A provenance.
    public init(actor: String? = nil, stage: String) {
        self.actor = actor
        self.stage = stage
    }
}

/// A snapshot as pushed to `POST /risk-hub/worlds/{w}/snapshots` (R-GOV-1).
public struct RiskSnapshotRequest: Sendable, Hashable, Codable {
    /// The version; omitted: the world's next.
    public var version: Int?
    /// Data time: the last bar the snapshot reflects (ISO-8601 UTC).
    public var asOf: String
    /// Seconds it stays usable after it arrives (1…86400; default 900).
    public var ttlSeconds: Int?
    /// The dataset its returns come from; omitted: the world's dataset.
    public var datasetFingerprint: String?
    /// Portfolio weights by StrategyID, summing to 1 (± 0.001).
    public var weights: [String: Double]
    /// Realised returns by StrategyID (at most 200,000 per strategy and 1,000,000 in all).
    public var realizedReturns: [String: [Double]]?
    /// Stress flags by StrategyID: flag → passed (`validation.stress.required_flags`).
    public var stress: [String: [String: Bool]]?
    /// Who produced it.
    public var provenance: RiskProvenance

    /// A snapshot to push.
    public init(
        version: Int? = nil, asOf: String, ttlSeconds: Int? = nil, datasetFingerprint: String? = nil, weights: [String: Double],
        realizedReturns: [String: [Double]]? = nil, stress: [String: [String: Bool]]? = nil, provenance: RiskProvenance
    ) {
        self.version = version
        self.asOf = asOf
        self.ttlSeconds = ttlSeconds
        self.datasetFingerprint = datasetFingerprint
        self.weights = weights
        self.realizedReturns = realizedReturns
        self.stress = stress
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case version, weights, stress, provenance
        case asOf = "as_of"
        case ttlSeconds = "ttl_sec"
        case datasetFingerprint = "dataset_fingerprint"
        case realizedReturns = "realized_returns"
    }
}

/// A stored snapshot (R-GOV-1): `hash` is BLAKE3 of the JCS of its content without its
/// arrival time, so a snapshot sent twice is one snapshot.
public struct RiskSnapshotInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// Its version.
    public var version: Int
    /// Data time (ISO-8601 UTC).
    public var asOf: String
    /// Wall time it arrived (ISO-8601 UTC).
    public var producedAt: String
    /// Seconds after `produced_at` it stays usable.
    public var ttlSeconds: Int
    /// The dataset its returns come from.
    public var datasetFingerprint: String
    /// `blake3:<hex>`.
    public var hash: String
    /// Portfolio weights by StrategyID.
    public var weights: [String: Double]
    /// Realised returns by StrategyID.
    public var realizedReturns: [String: [Double]]
    /// Stress flags by StrategyID.
    public var stress: [String: [String: Bool]]
    /// Who produced it.
    public var provenance: RiskProvenance
    /// Whether this push stored it (false: the same snapshot was there).
    public var created: Bool?

    /// A stored snapshot.
    public init(
        world: String, version: Int, asOf: String, producedAt: String, ttlSeconds: Int, datasetFingerprint: String, hash: String,
        weights: [String: Double], realizedReturns: [String: [Double]], stress: [String: [String: Bool]], provenance: RiskProvenance,
        created: Bool? = nil
    ) {
        self.world = world
        self.version = version
        self.asOf = asOf
        self.producedAt = producedAt
        self.ttlSeconds = ttlSeconds
        self.datasetFingerprint = datasetFingerprint
        self.hash = hash
        self.weights = weights
        self.realizedReturns = realizedReturns
        self.stress = stress
        self.provenance = provenance
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case version, hash, weights, stress, provenance, created
        case world = "world_id"
        case asOf = "as_of"
        case producedAt = "produced_at"
        case ttlSeconds = "ttl_sec"
        case datasetFingerprint = "dataset_fingerprint"
        case realizedReturns = "realized_returns"
    }
}
