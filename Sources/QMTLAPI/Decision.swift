/// `POST /decision` (R-DEC): stop, pause, resume or quarantine a node in one world, several, or
/// every world binding it. Absent fields take the spec's defaults: scope `world-local`,
/// propagation `none`, ttl `P0D` (no expiry), a fresh event id.
public struct DecisionRequest: Sendable, Hashable, Codable {
    /// A lowercase UUID; the same id and body again is idempotent, another body is a conflict.
    public var eventID: String?
    /// The world: required for world-local, the reference world for same-contract/same-dataset.
    public var world: String?
    /// The node decided on (a StrategyID names its root).
    public var nodeID: String
    /// stop, pause, resume or quarantine.
    public var decision: String
    /// VAL_FAIL, RISK_TRIP, OP_INCIDENT or MANUAL.
    public var reasonCode: String
    /// world-local (default), multi-world or global.
    public var scope: String?
    /// none (default), same-contract, same-dataset or explicit-list.
    public var propagationRule: String?
    /// The worlds of an explicit list.
    public var targetWorldIDs: [String]?
    /// ISO-8601 duration; P0D (default) never expires.
    public var ttl: String?

    /// A decision to post.
    public init(
        eventID: String? = nil, world: String?, nodeID: String, decision: String, reasonCode: String, scope: String? = nil,
        propagationRule: String? = nil, targetWorldIDs: [String]? = nil, ttl: String? = nil
    ) {
        self.eventID = eventID
        self.world = world
        self.nodeID = nodeID
        self.decision = decision
        self.reasonCode = reasonCode
        self.scope = scope
        self.propagationRule = propagationRule
        self.targetWorldIDs = targetWorldIDs
        self.ttl = ttl
    }

    enum CodingKeys: String, CodingKey {
        case decision, scope, ttl
        case eventID = "event_id"
        case world = "world_id"
        case nodeID = "node_id"
        case reasonCode = "reason_code"
        case propagationRule = "propagation_rule"
        case targetWorldIDs = "target_world_ids"
    }
}

/// A ref a decision changed, with the status it shows now.
public struct DecisionEffect: Sendable, Hashable, Codable {
    /// The world of the ref.
    public var world: String
    /// The node.
    public var nodeID: String
    /// The status it shows after the change.
    public var status: String

    /// An effect.
    public init(world: String, nodeID: String, status: String) {
        self.world = world
        self.nodeID = nodeID
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case status
        case world = "world_id"
        case nodeID = "node_id"
    }
}

/// A DecisionEvent as the WorldService shows it (SPEC §5).
public struct DecisionInfo: Sendable, Hashable, Codable {
    /// The event's id.
    public var eventID: String
    /// The world it was posted for, if any.
    public var world: String?
    /// The node decided on.
    public var nodeID: String
    /// stop, pause, resume or quarantine.
    public var decision: String
    /// VAL_FAIL, RISK_TRIP, OP_INCIDENT or MANUAL.
    public var reasonCode: String
    /// world-local, multi-world or global.
    public var scope: String
    /// none, same-contract, same-dataset or explicit-list.
    public var propagationRule: String
    /// The worlds of an explicit list.
    public var targetWorldIDs: [String]
    /// ISO-8601 duration; P0D never expires.
    public var ttl: String
    /// When it was posted, ISO-8601 UTC.
    public var timestamp: String
    /// When it expires, ISO-8601 UTC; nil for P0D.
    public var expiresAt: String?
    /// Who posted it.
    public var actor: String
    /// pending, applied, rejected, quarantined, revoked or expired.
    public var state: String
    /// The worlds it applies in (set when posted world-local, or when approved).
    public var resolvedWorldIDs: [String]
    /// Who approved it (non-local).
    public var approvedBy: String?
    /// When it was approved, ISO-8601 UTC.
    public var approvedAt: String?
    /// The refs this call changed (empty on reads).
    public var effects: [DecisionEffect]

    /// A decision.
    public init(
        eventID: String, world: String?, nodeID: String, decision: String, reasonCode: String, scope: String, propagationRule: String,
        targetWorldIDs: [String], ttl: String, timestamp: String, expiresAt: String?, actor: String, state: String, resolvedWorldIDs: [String],
        approvedBy: String?, approvedAt: String?, effects: [DecisionEffect]
    ) {
        self.eventID = eventID
        self.world = world
        self.nodeID = nodeID
        self.decision = decision
        self.reasonCode = reasonCode
        self.scope = scope
        self.propagationRule = propagationRule
        self.targetWorldIDs = targetWorldIDs
        self.ttl = ttl
        self.timestamp = timestamp
        self.expiresAt = expiresAt
        self.actor = actor
        self.state = state
        self.resolvedWorldIDs = resolvedWorldIDs
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.effects = effects
    }

    enum CodingKeys: String, CodingKey {
        case decision, scope, ttl, timestamp, actor, state, effects
        case eventID = "event_id"
        case world = "world_id"
        case nodeID = "node_id"
        case reasonCode = "reason_code"
        case propagationRule = "propagation_rule"
        case targetWorldIDs = "target_world_ids"
        case expiresAt = "expires_at"
        case resolvedWorldIDs = "resolved_world_ids"
        case approvedBy = "approved_by"
        case approvedAt = "approved_at"
    }
}

/// One message of the decision stream (`decision.events.v1`): a decision as it became applied,
/// or as it left applied (revoked, expired, quarantined). Non-local decisions appear only once
/// approved.
public struct DecisionStreamEntry: Sendable, Hashable, Codable {
    /// The position in the stream (SSE `id`): resume after the last one seen.
    public var seq: Int64
    /// Always `decision.events.v1`.
    public var topic: String
    /// When it was published.
    public var publishedAt: String
    /// The DecisionEvent, with the state it was published in.
    public var event: DecisionInfo

    /// An entry.
    public init(seq: Int64, publishedAt: String, event: DecisionInfo) {
        self.seq = seq
        self.topic = DecisionStreamEntry.topic
        self.publishedAt = publishedAt
        self.event = event
    }

    /// The topic of the seed's decision events.
    public static let topic = "decision.events.v1"

    enum CodingKeys: String, CodingKey {
        case seq, topic, event
        case publishedAt = "published_at"
    }
}

/// A page of the decision stream: the entries after `after` (of one world, or all), and how far
/// the stream was read (`through`, the next `after`, also when a filter left nothing).
public struct DecisionStreamPage: Sendable, Hashable, Codable {
    /// The entries, in stream order.
    public var entries: [DecisionStreamEntry]
    /// The last position read.
    public var through: Int64

    /// A page.
    public init(entries: [DecisionStreamEntry], through: Int64) {
        self.entries = entries
        self.through = through
    }
}
