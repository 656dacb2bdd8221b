import QMTLCore
import QMTLStore

extension QMTLService {
    /// A world's bound strategies over the GSG, minus its inactive edge overrides (R-WVG-4).
    struct WorldGraph {
        /// The bound strategies.
        var roots: [StrategyID]
        var reachability: Reachability
        private var reached: [NodeID: Set<NodeID>] = [:]

        init(roots: [StrategyID], reachability: Reachability) {
            self.roots = roots
            self.reachability = reachability
        }

        /// `node` and every bound root that reaches it through active edges (R-DEC-2).
        mutating func targets(of node: NodeID) -> Set<NodeID> {
            var out: Set<NodeID> = [node]
            for root in roots.map(\.rootNodeID) {
                if reached[root] == nil { reached[root] = reachability.reached(from: root) }
                if reached[root]?.contains(node) == true { out.insert(root) }
            }
            return out
        }
    }

    /// Loads the world's graph: every bound root's nodes and their inputs, and the inactive edges.
    func worldGraph(_ world: WorldID) async throws -> WorldGraph {
        let roots = try await store.bindings(world)
        var inputs: [NodeID: [NodeID]] = [:]
        try await collectInputs(from: roots.map(\.rootNodeID), into: &inputs)
        return WorldGraph(roots: roots, reachability: Reachability(inputs: inputs, inactive: try await inactiveEdges(world)))
    }

    /// The world's edges overridden to inactive.
    func inactiveEdges(_ world: WorldID) async throws -> Set<Reachability.Edge> {
        Set(try await store.edgeOverrides(world).filter { !$0.active }.map { Reachability.Edge(src: $0.src, dst: $0.dst) })
    }

    /// One strategy's graph: each node's inputs, and the nodes (for their code hashes).
    func collectInputs(from root: NodeID) async throws -> (inputs: [NodeID: [NodeID]], nodes: [GSGNode]) {
        var inputs: [NodeID: [NodeID]] = [:]
        let nodes = try await collectInputs(from: [root], into: &inputs)
        return (inputs, nodes)
    }

    /// Adds the inputs of every node reachable from `starts` (through any edge) to `inputs`;
    /// returns the nodes loaded, for their code hashes.
    /// - Throws: `E_GSG_MISSING_NODE` when a start or an input is not stored.
    @discardableResult
    func collectInputs(from starts: [NodeID], into inputs: inout [NodeID: [NodeID]]) async throws -> [GSGNode] {
        var loaded: [GSGNode] = []
        for start in starts where inputs[start] == nil {
            let nodes = try await store.subgraph(from: start)  // one read per start, whatever the depth
            guard nodes.contains(where: { $0.nodeID == start }) else { throw QMTLError(.gsgMissingNode, "node \(start) is not in the GSG") }
            for node in nodes where inputs[node.nodeID] == nil {
                inputs[node.nodeID] = node.dependencies
                loaded.append(node)
            }
        }
        return loaded
    }
}
