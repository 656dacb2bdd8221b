import QMTLCore

/// A stored DecisionEvent (R-DEC). The store keeps it; the decision service applies it.
public struct DecisionEventRecord: Sendable, Hashable {
    public enum Decision: String, Sendable, Codable, CaseIterable { case stop, pause, resume, quarantine }
    public enum ReasonCode: String, Sendable, Codable, CaseIterable {
        case valFail = "VAL_FAIL", riskTrip = "RISK_TRIP", opIncident = "OP_INCIDENT", manual = "MANUAL"
    }
    public enum Scope: String, Sendable, Codable, CaseIterable {
        case worldLocal = "world-local", multiWorld = "multi-world", global
    }
    public enum Propagation: String, Sendable, Codable, CaseIterable {
        case none, sameContract = "same-contract", sameDataset = "same-dataset", explicitList = "explicit-list"
    }
    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, applied, rejected, quarantined, revoked, expired
    }

    public var eventID: String
    public var world: WorldID?
    public var nodeID: NodeID
    public var decision: Decision
    public var reasonCode: ReasonCode
    public var scope: Scope
    public var propagation: Propagation
    public var targetWorlds: [WorldID]
    /// ISO-8601 duration; `P0D` means no expiry.
    public var ttl: String
    public var atMillis: Int64
    public var actor: String
    public var state: State
    public var resolvedWorlds: [WorldID]
    public var approvedBy: String?
    public var approvedAtMillis: Int64?

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
