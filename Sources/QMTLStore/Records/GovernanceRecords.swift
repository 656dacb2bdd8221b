import QMTLCore

/// An approval or rejection of a live promotion (R-GOV-6). Auto-applies write the same record
/// with `decidedBy = "system:auto_apply"`.
public struct ApprovalRecord: Sendable, Hashable {
    /// The outcome of an approval request.
    public enum Decision: String, Sendable, Codable, CaseIterable { case approved, rejected }

    /// The request's id; deciding the same request twice the same way is idempotent.
    public var approvalRequestID: String
    /// The world whose live set would change.
    public var world: WorldID
    /// The strategy to promote.
    public var strategy: StrategyID
    /// The evaluation run the approval is for.
    public var runID: String
    /// When the run became pending, epoch milliseconds.
    public var requestedAtMillis: Int64
    /// When it was decided, epoch milliseconds.
    public var decidedAtMillis: Int64
    /// `user:<name>`, or `system:auto_apply`.
    public var decidedBy: String
    /// Approved or rejected.
    public var decision: Decision
    /// The approver's words.
    public var comment: String
    /// A stable reason code (e.g. `manual`, `auto_apply_within_guardrails`).
    public var decisionReason: String

    /// An approval record.
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
    /// The world whose activations change.
    public var world: WorldID
    /// The apply's name (`run_id` always means an evaluation run).
    public var applyID: String
    /// `{activate: [...], deactivate: [...]}`.
    public var plan: JSONValue
    /// The last stage persisted.
    public var stage: ApplyStage
    /// The process holding the apply, if leased.
    public var leaseOwner: String?
    /// When the lease ends, epoch milliseconds; recovery may take over after.
    public var leaseExpiresAtMillis: Int64?
    /// When the apply was requested, epoch milliseconds.
    public var createdAtMillis: Int64
    /// When its stage last changed, epoch milliseconds.
    public var updatedAtMillis: Int64
}

/// A Risk Signal Hub snapshot (R-GOV-1). `hash` is BLAKE3 of the JCS of ``body`` but its wall
/// time of arrival, so the same content always has the same hash.
public struct RiskSnapshotRecord: Sendable, Hashable {
    /// The world the snapshot describes.
    public var world: WorldID
    /// The snapshot's version; the same version with another hash is a conflict.
    public var version: Int
    /// Data time: the last bar the snapshot reflects, epoch milliseconds.
    public var asOfMillis: Int64
    /// Wall time it was produced, epoch milliseconds.
    public var producedAtMillis: Int64
    /// Seconds after `producedAtMillis` the snapshot stays usable.
    public var ttlSeconds: Int
    /// The dataset the returns come from.
    public var datasetFingerprint: DatasetFingerprint
    /// weights, realized_returns, stress, provenance.
    public var content: JSONValue

    /// A snapshot.
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

    /// BLAKE3 of the JCS of ``body`` without `produced_at_ms`: the producer's content, so the
    /// same snapshot sent twice has the same hash (and is deduplicated) though it arrived twice.
    public func hash() throws -> Hash256 {
        var o = body.objectValue ?? JSONObject()
        o["produced_at_ms"] = nil
        return BLAKE3.hash(try JCS.bytes(.object(o)))
    }
}

/// An API token (R-SEC-1): only the BLAKE3 of its secret is stored.
public struct TokenRecord: Sendable, Hashable {
    /// The token's public id, `tok_…`; the secret is never stored.
    public var tokenID: String
    /// What the token is for.
    public var name: String
    /// viewer, submitter, operator or admin.
    public var role: String
    /// When it was issued, epoch milliseconds.
    public var createdAtMillis: Int64
    /// When it was revoked, if it was; a revoked token authenticates nothing.
    public var revokedAtMillis: Int64?
}

/// A remembered response for an idempotency key.
public struct IdempotencyRecord: Sendable, Hashable {
    /// The route or operation the key belongs to.
    public var scope: String
    /// The client's `Idempotency-Key`.
    public var key: String
    /// BLAKE3 of the first request's body: another body with the same key is a conflict.
    public var requestHash: Hash256
    /// The first response, replayed for a repeat.
    public var response: JSONValue
    /// When it was first seen, epoch milliseconds.
    public var createdAtMillis: Int64
    /// A record to store.
    public init(scope: String, key: String, requestHash: Hash256, response: JSONValue, createdAtMillis: Int64) {
        self.scope = scope
        self.key = key
        self.requestHash = requestHash
        self.response = response
        self.createdAtMillis = createdAtMillis
    }
}
