import QMTLCore

/// Where a ref runs (SPEC §4).
public enum ExecutionDomain: String, Sendable, Codable, CaseIterable {
    case backtest, paper, live
}

/// A node as seen by one world (R-WVG-1): its state, last EvalKey and annotations.
public struct WorldNodeRef: Sendable, Hashable {
    public var world: WorldID
    public var nodeID: NodeID
    public var state: WorldNodeState
    public var executionDomain: ExecutionDomain
    public var lastEvalKey: EvalKey?
    public var annotations: JSONValue
    public var updatedAtMillis: Int64

    /// The status readers see (the overlay's, if any).
    public var status: NodeStatus { state.status }
}

/// A world-local edge override (R-WVG-4).
public struct EdgeOverride: Sendable, Hashable {
    /// Why an edge is narrowed in a world.
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case derivativesDisabled = "DERIVATIVES_DISABLED"
        case dataPolicy = "DATA_POLICY"
        case manual = "MANUAL"
    }

    public var world: WorldID
    public var src: NodeID
    public var dst: NodeID
    public var active: Bool
    public var reason: Reason

    public init(world: WorldID, src: NodeID, dst: NodeID, active: Bool, reason: Reason) {
        self.world = world
        self.src = src
        self.dst = dst
        self.active = active
        self.reason = reason
    }
}

/// A validation result, cached by EvalKey (R-WVG-3).
public struct ValidationRecord: Sendable, Hashable {
    /// The outcome of a validation.
    public enum Result: String, Sendable, Codable, CaseIterable {
        case valid, invalid, warning
    }

    public var evalKey: EvalKey
    public var world: WorldID
    public var nodeID: NodeID
    public var result: Result
    /// Metrics by R-SDK-3 name.
    public var metrics: JSONValue
    public var atMillis: Int64

    public init(evalKey: EvalKey, world: WorldID, nodeID: NodeID, result: Result, metrics: JSONValue, atMillis: Int64) {
        self.evalKey = evalKey
        self.world = world
        self.nodeID = nodeID
        self.result = result
        self.metrics = metrics
        self.atMillis = atMillis
    }
}

/// A state machine event for one ref, applied inside another operation's transaction.
public struct RefEvent: Sendable, Hashable {
    public var node: NodeID
    public var event: WorldNodeState.Event
    public var domain: ExecutionDomain?

    public init(node: NodeID, event: WorldNodeState.Event, domain: ExecutionDomain? = nil) {
        self.node = node
        self.event = event
        self.domain = domain
    }
}
