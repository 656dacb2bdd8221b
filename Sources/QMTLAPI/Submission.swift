import QMTLCore

/// A node as a client submits it: the exact canonical JSON (R-ID-3) and the id it claims; the
/// service recomputes the id and refuses a mismatch (`E_NODE_ID_MISMATCH`).
public struct SubmittedNode: Sendable, Hashable, Codable {
    /// The local name in the strategy (metadata).
    public var name: String
    /// `blake3:<hex>` claimed for `canonical`.
    public var nodeID: String
    /// Source, Operator, Rule or Root (from the client's registry).
    public var kind: String
    /// The JCS text of the node's `N` object.
    public var canonical: String

    /// A node to submit.
    public init(name: String, nodeID: String, kind: String, canonical: String) {
        self.name = name
        self.nodeID = nodeID
        self.kind = kind
        self.canonical = canonical
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, canonical
        case nodeID = "node_id"
    }
}

/// `POST /submit` (seed 002 SPEC-003): a strategy's nodes, root last, and the worlds to bind it to.
public struct SubmitRequest: Sendable, Hashable, Codable {
    /// The StrategyID claimed: the root's NodeID.
    public var strategyID: String
    /// The strategy's human name (metadata).
    public var name: String?
    /// Every node, inputs before the nodes that use them, the `StrategyRoot` last.
    public var nodes: [SubmittedNode]
    /// The worlds to bind it to (at least one).
    public var worlds: [String]

    /// A submission.
    public init(strategyID: String, name: String?, nodes: [SubmittedNode], worlds: [String]) {
        self.strategyID = strategyID
        self.name = name
        self.nodes = nodes
        self.worlds = worlds
    }

    enum CodingKeys: String, CodingKey {
        case name, nodes, worlds
        case strategyID = "strategy_id"
    }
}

/// What a submission did in one world.
public struct WorldBinding: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// False when the strategy was already bound (resubmitting is never an error).
    public var created: Bool
    /// The strategy's status in the world (its root ref's).
    public var status: String

    /// A binding.
    public init(world: String, created: Bool, status: String) {
        self.world = world
        self.created = created
        self.status = status
    }
}

/// The answer to a submission.
public struct SubmitResponse: Sendable, Hashable, Codable {
    /// The StrategyID, recomputed by the service.
    public var strategyID: String
    /// GSG nodes that were new.
    public var nodesInserted: Int
    /// GSG nodes that were already there (content-addressed: shared with other strategies).
    public var nodesExisting: Int
    /// One binding per world, in the order asked.
    public var worlds: [WorldBinding]

    /// A response.
    public init(strategyID: String, nodesInserted: Int, nodesExisting: Int, worlds: [WorldBinding]) {
        self.strategyID = strategyID
        self.nodesInserted = nodesInserted
        self.nodesExisting = nodesExisting
        self.worlds = worlds
    }

    enum CodingKeys: String, CodingKey {
        case worlds
        case strategyID = "strategy_id"
        case nodesInserted = "nodes_inserted"
        case nodesExisting = "nodes_existing"
    }
}

extension SubmitRequest {
    /// The submission of a strategy graph built by this runtime: every distinct node, inputs
    /// first, the root last, with its canonical JSON and id.
    public init(graph: StrategyGraph, worlds: [String]) {
        var seen = Set<NodeID>()
        let nodes = graph.nodes.filter { seen.insert($0.canonical.nodeID).inserted }.map {
            SubmittedNode(
                name: $0.name, nodeID: $0.canonical.nodeID.description, kind: $0.canonical.kind.rawValue, canonical: $0.canonical.canonicalText)
        }
        self.init(strategyID: graph.strategyID.description, name: graph.name, nodes: nodes, worlds: worlds)
    }
}
