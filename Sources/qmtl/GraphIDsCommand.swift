import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl graph ids FILE [--json]` (R-ID-10): each node's canonical JSON, NodeID and excluded
/// keys, and the StrategyID, so that anyone can re-derive them with any BLAKE3 + JCS.
struct GraphIDsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ids",
        abstract: "Print the canonical JSON, NodeID and excluded keys of every node, and the StrategyID.",
        discussion: "Example: qmtl graph ids examples/strategies/sma_cross.yaml --json"
    )

    @Argument(help: "A strategy file (.yaml, .yml or .json).")
    var file: String

    @Flag(help: "Print {\"strategy_id\", \"nodes\":[{\"name\", \"node_id\", \"canonical\", \"excluded_keys\"}]}.")
    var json = false

    func run() async throws {
        let graph = try CLI.loadStrategy(file)
        if json {
            try CLI.printJSON(Self.json(graph))
        } else {
            print(Self.table(graph), terminator: "")
        }
    }

    static func json(_ graph: StrategyGraph) -> JSONValue {
        let nodes: [JSONValue] = graph.nodes.map { n in
            [
                "name": .string(n.name),
                "node_type": .string(n.canonical.nodeType),
                "kind": .string(n.canonical.kind.rawValue),
                "node_id": .string(n.canonical.nodeID.description),
                "canonical": .string(n.canonical.canonicalText),
                "excluded_keys": .array(n.canonical.excludedKeys.map { .string($0) }),
            ]
        }
        var object = JSONObject()
        object["strategy_id"] = .string(graph.strategyID.description)
        object["nodes"] = .array(nodes)
        if let name = graph.name { object["name"] = .string(name) }
        return .object(object)
    }

    static func table(_ graph: StrategyGraph) -> String {
        let nameWidth = graph.nodes.map(\.name.count).max() ?? 0
        let typeWidth = graph.nodes.map(\.canonical.nodeType.count).max() ?? 0
        var out = ""
        for n in graph.nodes {
            let c = n.canonical
            out += n.name.padding(nameWidth) + "  " + c.nodeType.padding(typeWidth) + "  " + c.nodeID.description + "\n"
            out += String(repeating: " ", count: nameWidth + 2) + "canonical " + c.canonicalText + "\n"
            if !c.excludedKeys.isEmpty {
                out += String(repeating: " ", count: nameWidth + 2) + "excluded  " + c.excludedKeys.joined(separator: ", ") + "\n"
            }
        }
        out += "\nstrategy \(graph.name ?? "(unnamed)")  \(graph.strategyID)\n"
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
