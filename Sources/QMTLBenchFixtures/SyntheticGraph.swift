import QMTLCore
import QMTLStore

/// A generated layered DAG of distinct, valid GSG nodes, for the store benchmarks and crash
/// tests: one source layer, then layers whose nodes each take `fanIn` inputs from the layer
/// before. Deterministic: the same sizes give the same nodes.
public enum SyntheticGraph {
    static func registry() throws -> NodeRegistry {
        var r = NodeRegistry.builtins
        try r.register(
            NodeTypeSpec(
                name: "LayerNode", kind: .operator, output: .series, inputs: .list(accepts: nil, min: 1), params: [],
                acceptsAnyParams: true, period: .constant(1), codeHash: BLAKE3.hash("qmtl-bench LayerNode")))
        return r
    }

    /// `nodes` nodes with `nodes × fanIn` edges (minus the source layer's), inputs first.
    public static func layered(nodes: Int, fanIn: Int, layerWidth: Int = 1000) throws -> [GSGNode] {
        let registry = try registry()
        var out: [GSGNode] = []
        out.reserveCapacity(nodes)
        var previous: [CanonicalNode] = []
        var current: [CanonicalNode] = []
        for i in 0..<nodes {
            if i % layerWidth == 0 && !current.isEmpty {
                previous = current
                current = []
            }
            let node: CanonicalNode
            if previous.isEmpty {
                node = try registry.canonicalize(
                    type: "BarSource", params: ["symbol": .string("S\(i)"), "interval": 60], inputs: .none)
            } else {
                let inputs = (0..<fanIn).map { k in NodeInput(previous[(i &* 7 &+ k &* 131) % previous.count], name: "in\(k)") }
                node = try registry.canonicalize(type: "LayerNode", params: ["n": .number(Double(i))], inputs: .list(inputs))
            }
            current.append(node)
            out.append(GSGNode(node))
        }
        return out
    }
}
