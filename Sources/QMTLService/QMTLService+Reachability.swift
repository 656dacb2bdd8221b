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

    /// Adds the inputs of every node reachable from `starts` (through any edge) to `inputs`;
    /// returns the nodes loaded, for their code hashes.
    @discardableResult
    func collectInputs(from starts: [NodeID], into inputs: inout [NodeID: [NodeID]]) async throws -> [GSGNode] {
        var loaded: [GSGNode] = []
        var stack = starts
        while let id = stack.popLast() {
            guard inputs[id] == nil else { continue }
            guard let node = try await store.node(id) else { throw QMTLError(.gsgMissingNode, "node \(id) is not in the GSG") }
            inputs[id] = node.dependencies
            loaded.append(node)
            stack += node.dependencies
        }
        return loaded
    }
}
