import QMTLCore

/// An approval or rejection of a live promotion (R-GOV-6). Auto-applies write the same record
/// with `decidedBy = "system:auto_apply"`.
public struct ApprovalRecord: Sendable, Hashable {
    public enum Decision: String, Sendable, Codable, CaseIterable { case approved, rejected }

    public var approvalRequestID: String
    public var world: WorldID
    public var strategy: StrategyID
    public var runID: String
    public var requestedAtMillis: Int64
    public var decidedAtMillis: Int64
    public var decidedBy: String
    public var decision: Decision
    public var comment: String
    public var decisionReason: String

    public init(
        approvalRequestID: String, world: WorldID, strategy: StrategyID, runID: String, requestedAtMillis: Int64, decidedAtMillis: Int64,
        decidedBy: String, decision: Decision, comment: String, decisionReason: String
    ) {
        self.approvalRequestID = approvalRequestID
        self.world = world
        self.strategy = strategy
        self.runID = runID
        self.requestedAtMillis = requestedAtMillis
        self.decidedAtMillis = decidedAtMillis
        self.decidedBy = decidedBy
        self.decision = decision
        self.comment = comment
        self.decisionReason = decisionReason
    }
}

/// A two-phase apply (R-GOV-8) with its lease.
public struct ApplyRecord: Sendable, Hashable {
    public var world: WorldID
    public var applyID: String
    public var plan: JSONValue
    public var stage: ApplyStage
    public var leaseOwner: String?
    public var leaseExpiresAtMillis: Int64?
    public var createdAtMillis: Int64
    public var updatedAtMillis: Int64
}

/// A Risk Signal Hub snapshot (R-GOV-1). `hash` is BLAKE3 of the JCS of ``body`` (every field
/// but the hash), so the same content always has the same hash.
public struct RiskSnapshotRecord: Sendable, Hashable {
    public var world: WorldID
    public var version: Int
    public var asOfMillis: Int64
    public var producedAtMillis: Int64
    public var ttlSeconds: Int
    public var datasetFingerprint: DatasetFingerprint
    /// weights, realized_returns, stress, provenance.
    public var content: JSONValue

    public init(
        world: WorldID, version: Int, asOfMillis: Int64, producedAtMillis: Int64, ttlSeconds: Int,
        datasetFingerprint: DatasetFingerprint, content: JSONValue
    ) {
        self.world = world
        self.version = version
        self.asOfMillis = asOfMillis
        self.producedAtMillis = producedAtMillis
        self.ttlSeconds = ttlSeconds
        self.datasetFingerprint = datasetFingerprint
        self.content = content
    }

    /// The snapshot without its hash, as hashed.
    public var body: JSONValue {
        var o = content.objectValue ?? JSONObject()
        o["world_id"] = .string(world.description)
        o["version"] = .number(Double(version))
        o["as_of_ms"] = .number(Double(asOfMillis))
        o["produced_at_ms"] = .number(Double(producedAtMillis))
        o["ttl_sec"] = .number(Double(ttlSeconds))
        o["dataset_fingerprint"] = .string(datasetFingerprint.description)
        return .object(o)
    }

    /// BLAKE3 of the JCS of ``body``.
    public func hash() throws -> Hash256 { BLAKE3.hash(try JCS.bytes(body)) }
}

/// An API token (R-SEC-1): only the BLAKE3 of its secret is stored.
public struct TokenRecord: Sendable, Hashable {
    public var tokenID: String
    public var name: String
    public var role: String
    public var createdAtMillis: Int64
    public var revokedAtMillis: Int64?
}

/// A remembered response for an idempotency key.
public struct IdempotencyRecord: Sendable, Hashable {
    public var scope: String
    public var key: String
    public var requestHash: Hash256
    public var response: JSONValue
    public var createdAtMillis: Int64
}
