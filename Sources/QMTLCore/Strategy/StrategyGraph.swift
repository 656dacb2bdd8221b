/// A strategy after loading: every node canonicalised, inputs before the nodes that use them,
/// and the implicit `StrategyRoot` whose NodeID is the ``strategyID`` (R-ID-5).
public struct StrategyGraph: Sendable {
    /// One named node of the strategy.
    public struct Node: Sendable {
        /// The local name in the file (`(root)` for the implicit root).
        public var name: String
        public var canonical: CanonicalNode
        /// Local names of the inputs, with their roles for role-map inputs.
        public var inputs: [(role: String?, name: String)]
        public var position: SourcePosition?

        /// A node of a graph (the Swift DSL builds these; files record positions too).
        public init(name: String, canonical: CanonicalNode, inputs: [(role: String?, name: String)], position: SourcePosition?) {
            self.name = name
            self.canonical = canonical
            self.inputs = inputs
            self.position = position
        }
    }

    /// The local name shown for the implicit root node.
    public static let rootName = "(root)"

    /// Metadata: not part of the identity.
    public var name: String?
    public var description: String?
    /// Named nodes in dependency order, then the root.
    public var nodes: [Node]
    public var outputs: [String]

    /// A graph: named nodes in dependency order, the root last.
    public init(name: String?, description: String?, nodes: [Node], outputs: [String]) {
        self.name = name
        self.description = description
        self.nodes = nodes
        self.outputs = outputs
    }

    /// The implicit root node.
    public var root: CanonicalNode { nodes[nodes.count - 1].canonical }

    /// The strategy's id: the root's NodeID.
    public var strategyID: StrategyID { StrategyID(root: root.nodeID) }

    /// Distinct nodes by id (two names may denote the same content).
    public var distinctNodeIDs: Set<NodeID> { Set(nodes.map(\.canonical.nodeID)) }
}
