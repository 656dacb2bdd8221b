/// Which nodes a strategy's root reaches in one world (R-WVG-4, R-DEC-2): the GSG's dependency
/// edges minus the edges the world has narrowed to inactive.
public struct Reachability: Sendable {
    /// An edge from an input (`src`) to the node that consumes it (`dst`).
    public struct Edge: Sendable, Hashable {
        /// The input node.
        public var src: NodeID
        /// The node consuming it.
        public var dst: NodeID

        /// An edge.
        public init(src: NodeID, dst: NodeID) {
            self.src = src
            self.dst = dst
        }
    }

    /// Each node's inputs (its GSG dependencies).
    public var inputs: [NodeID: [NodeID]]
    /// Edges that do not count in this world.
    public var inactive: Set<Edge>

    /// Reachability over `inputs`, ignoring `inactive` edges.
    public init(inputs: [NodeID: [NodeID]], inactive: Set<Edge>) {
        self.inputs = inputs
        self.inactive = inactive
    }

    /// Every node `root` reaches, itself included; with `throughInactive` the world's overrides
    /// are ignored (the strategy's whole graph).
    public func reached(from root: NodeID, throughInactive: Bool = false) -> Set<NodeID> {
        var seen: Set<NodeID> = [root]
        var stack = [root]
        while let node = stack.popLast() {
            for input in inputs[node] ?? [] where throughInactive || !inactive.contains(Edge(src: input, dst: node)) {
                if seen.insert(input).inserted { stack.append(input) }
            }
        }
        return seen
    }

    /// The nodes of `root`'s graph it reaches only through inactive edges, each with the
    /// inactive edge that cuts it off nearest the root; empty when every node is reachable.
    public func cutOff(from root: NodeID) -> [(node: NodeID, edge: Edge)] {
        let active = reached(from: root)
        var out: [(node: NodeID, edge: Edge)] = []
        var seen = Set<NodeID>()
        for node in active.sorted() {
            for input in inputs[node] ?? [] where !active.contains(input) && seen.insert(input).inserted {
                out.append((input, Edge(src: input, dst: node)))
            }
        }
        return out
    }
}
