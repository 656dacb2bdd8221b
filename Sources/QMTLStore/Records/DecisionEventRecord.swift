import QMTLCore

/// A stored DecisionEvent (R-DEC). The store keeps it; the decision service applies it.
public struct DecisionEventRecord: Sendable, Hashable {
    /// What the decision does to the refs it applies to.
    public enum Decision: String, Sendable, Codable, CaseIterable { case stop, pause, resume, quarantine }
    /// Why it was taken.
    public enum ReasonCode: String, Sendable, Codable, CaseIterable {
        case valFail = "VAL_FAIL", riskTrip = "RISK_TRIP", opIncident = "OP_INCIDENT", manual = "MANUAL"
    }
    /// How far it reaches (R-DEC-1): one world, several, or every world binding the node.
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case worldLocal = "world-local", multiWorld = "multi-world", global
    }
    /// How a multi-world decision picks its worlds.
    public enum Propagation: String, Sendable, Codable, CaseIterable {
        case none, sameContract = "same-contract", sameDataset = "same-dataset", explicitList = "explicit-list"
    }
    /// Where the event is in its life (R-DEC-3…5).
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, applied, rejected, quarantined, revoked, expired
    }

    /// A UUID; the same id with another body is a conflict.
    public var eventID: String
    /// The world of a world-local decision (required for it), or the world it was posted from.
    public var world: WorldID?
    /// The node decided on; roots reaching it through active edges follow (R-DEC-2).
    public var nodeID: NodeID
    /// Stop, pause, resume or quarantine.
    public var decision: Decision
    /// VAL_FAIL, RISK_TRIP, OP_INCIDENT or MANUAL.
    public var reasonCode: ReasonCode
    /// World-local, multi-world or global.
    public var scope: Scope
    /// For multi-world decisions: same contract, same dataset or an explicit list.
    public var propagation: Propagation
    /// The explicit list of worlds, when `propagation` is `explicit-list`.
    public var targetWorlds: [WorldID]
    /// ISO-8601 duration; `P0D` means no expiry.
    public var ttl: String
    /// When it was posted, epoch milliseconds.
    public var atMillis: Int64
    /// Who posted it.
    public var actor: String
    /// Pending, applied, rejected, quarantined, revoked or expired.
    public var state: State
    /// The worlds it was resolved to when approved (non-local) or posted (world-local).
    public var resolvedWorlds: [WorldID]
    /// The operator who approved a non-local decision.
    public var approvedBy: String?
    /// When it was approved, epoch milliseconds.
    public var approvedAtMillis: Int64?
    /// The order in which decisions were applied, set by the store when one becomes `applied`
    /// (0 before): the latest applied decision wins on a ref (R-DEC-2).
    public var appliedSeq: Int64 = 0

    /// A decision event.
    public init(
        eventID: String, world: WorldID?, nodeID: NodeID, decision: Decision, reasonCode: ReasonCode,
        scope: Scope = .worldLocal, propagation: Propagation = .none, targetWorlds: [WorldID] = [], ttl: String = "P0D",
        atMillis: Int64, actor: String, state: State, resolvedWorlds: [WorldID] = [], approvedBy: String? = nil,
        approvedAtMillis: Int64? = nil
    ) {
        self.eventID = eventID
        self.world = world
        self.nodeID = nodeID
        self.decision = decision
        self.reasonCode = reasonCode
        self.scope = scope
        self.propagation = propagation
        self.targetWorlds = targetWorlds
        self.ttl = ttl
        self.atMillis = atMillis
        self.actor = actor
        self.state = state
        self.resolvedWorlds = resolvedWorlds
        self.approvedBy = approvedBy
        self.approvedAtMillis = approvedAtMillis
    }
}

/// One published change of a decision (`decision.events.v1`): its position in the stream, when
/// it was published, and the decision with the state it had then.
public struct DecisionLogEntry: Sendable, Hashable {
    /// Position in the stream, from 1, in commit order: a subscriber resumes after the last it saw.
    public var seq: Int64
    /// When it was published, epoch milliseconds.
    public var atMillis: Int64
    /// The decision, `state` as published (applied, revoked, expired or quarantined).
    public var decision: DecisionEventRecord

    /// An entry.
    public init(seq: Int64, atMillis: Int64, decision: DecisionEventRecord) {
        self.seq = seq
        self.atMillis = atMillis
        self.decision = decision
    }
}
