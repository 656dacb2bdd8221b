import QMTLCore

/// A strategy declared in Swift (R-SDK-1): its outputs; the `StrategyRoot` is implicit, as in
/// strategy files, and the ids are the same as the file's.
///
/// ```swift
/// let price = BarSource(symbol: "SYN", interval: 86_400)
/// let strategy = Strategy(name: "sma_cross", outputs: [
///     PositionTarget(Crossover(fast: SMA(price, window: 10), slow: SMA(price, window: 30)))
/// ])
/// let graph = try strategy.graph()   // graph.strategyID
/// ```
public struct Strategy: Sendable {
    /// The human name (metadata, not identity).
    public var name: String?
    /// What the strategy does (metadata).
    public var description: String?
    /// The nodes the root depends on: usually one position target per symbol.
    public var outputs: [any StrategyNode]

    /// A strategy of `outputs`.
    public init(name: String? = nil, description: String? = nil, outputs: [any StrategyNode]) {
        self.name = name
        self.description = description
        self.outputs = outputs
    }

    /// Canonicalises every node (inputs first) and the root.
    /// - Throws: `QMTLError` from canonicalisation, naming the node.
    public func graph(registry: NodeRegistry = .builtins) throws -> StrategyGraph {
        var done: [ObjectIdentifier: StrategyGraph.Node] = [:]
        var order: [StrategyGraph.Node] = []
        var counters: [String: Int] = [:]
        func resolve(_ d: NodeDeclaration) throws -> StrategyGraph.Node {
            if let n = done[ObjectIdentifier(d)] { return n }
            let inputs = try d.inputs.map { ($0.role, try resolve($0.node)) }
            let name =
                d.name
                ?? {
                    counters[d.type, default: 0] += 1
                    return "\(d.type.lowercased())_\(counters[d.type]!)"
                }()
            let nodeInputs: NodeInputs =
                inputs.contains { $0.0 != nil }
                ? .roles(inputs.map { ($0.0 ?? "", NodeInput($0.1.canonical, name: $0.1.name)) })
                : .list(inputs.map { NodeInput($0.1.canonical, name: $0.1.name) })
            let canonical: CanonicalNode
            do {
                canonical = try registry.canonicalize(type: d.type, params: .object(d.params), inputs: nodeInputs, codeHash: d.codeHash)
            } catch var e as QMTLError {
                e.message = "node \(name): " + e.message
                throw e
            }
            let node = StrategyGraph.Node(name: name, canonical: canonical, inputs: inputs.map { ($0.0, $0.1.name) }, position: nil)
            done[ObjectIdentifier(d)] = node
            order.append(node)
            return node
        }
        let outs = try outputs.map { try resolve($0.node) }
        let root = try registry.canonicalize(
            type: "StrategyRoot", params: nil, inputs: .list(outs.map { NodeInput($0.canonical, name: $0.name) }))
        order.append(StrategyGraph.Node(name: StrategyGraph.rootName, canonical: root, inputs: outs.map { (nil, $0.name) }, position: nil))
        return StrategyGraph(name: name, description: description, nodes: order, outputs: outs.map(\.name))
    }
}
