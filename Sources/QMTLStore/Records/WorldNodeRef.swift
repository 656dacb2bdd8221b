import QMTLCore

/// Where a ref runs (SPEC §4).
public enum ExecutionDomain: String, Sendable, Codable, CaseIterable {
    case backtest, paper, live
}

/// A node as seen by one world (R-WVG-1): its state, last EvalKey and annotations.
public struct WorldNodeRef: Sendable, Hashable {
    /// The world whose view this is.
    public var world: WorldID
    /// The GSG node.
    public var nodeID: NodeID
    /// Lifecycle status and decision overlay (R-WVG-1).
    public var state: WorldNodeState
    /// Where the node runs in this world.
    public var executionDomain: ExecutionDomain
    /// The EvalKey of the last validation started or cached for it.
    public var lastEvalKey: EvalKey?
    /// Free-form notes kept with the ref (e.g. why it is not evaluated).
    public var annotations: JSONValue
    /// When the ref last changed, epoch milliseconds.
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

    /// The world the override applies in; no other world is affected (R-WVG-2).
    public var world: WorldID
    /// The edge's input node.
    public var src: NodeID
    /// The edge's consuming node.
    public var dst: NodeID
    /// False: the edge does not count for reachability in this world.
    public var active: Bool
    /// Why the edge is narrowed.
    public var reason: Reason

    /// An override of one GSG edge in one world.
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

    /// The cache key (R-ID-7): same key, same validation.
    public var evalKey: EvalKey
    /// The world the validation was made in.
    public var world: WorldID
    /// The node validated.
    public var nodeID: NodeID
    /// Valid, invalid or warning.
    public var result: Result
    /// Metrics by R-SDK-3 name.
    public var metrics: JSONValue
    /// When it was recorded, epoch milliseconds.
    public var atMillis: Int64

    /// A validation result.
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
    /// The ref's node in the operation's world.
    public var node: NodeID
    /// The state machine event.
    public var event: WorldNodeState.Event
    /// A new execution domain, or nil to keep it.
    public var domain: ExecutionDomain?
    /// The ref's new last EvalKey, or nil to keep it (operations with one EvalKey set it for
    /// all their events).
    public var evalKey: EvalKey?

    /// An event for the ref of `node`.
    public init(node: NodeID, event: WorldNodeState.Event, domain: ExecutionDomain? = nil, evalKey: EvalKey? = nil) {
        self.node = node
        self.event = event
        self.domain = domain
        self.evalKey = evalKey
    }
}

/// A re-evaluation queued for a strategy: a run created in `submitted` for a runtime to start.
public struct QueuedRun: Sendable, Hashable {
    /// The strategy.
    public var strategy: StrategyID
    /// The run's id (a lowercase UUID).
    public var runID: String
    /// The run's body: stage, EvalKey and its components, why it is queued.
    public var body: JSONValue

    /// A queued run.
    public init(strategy: StrategyID, runID: String, body: JSONValue) {
        self.strategy = strategy
        self.runID = runID
        self.body = body
    }
}
