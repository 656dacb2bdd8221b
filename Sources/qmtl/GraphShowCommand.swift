import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl graph show FILE|ID [--json]`: a strategy's nodes as the tree of what each depends on —
/// from its file, or from the GSG (embedded or `--server`) by StrategyID.
struct GraphShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a strategy's nodes as a dependency tree, from its file or the GSG.",
        discussion: """
            A file is read locally; a StrategyID (blake3:…) is looked up in the store or on --server, where nodes have \
            no local names and show by type.
            Examples:
              qmtl graph show examples/strategies/sma_cross.yaml
              qmtl graph show blake3:… --json
            """)

    @Argument(help: "A strategy file, or a StrategyID (blake3:…) in the GSG.") var strategy: String
    @Flag(help: "Print {strategy_id, nodes: [{name, node_id, node_type, params, dependencies}]}.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    /// One node as shown.
    struct Node {
        var name: String
        var id: String
        var type: String
        var params: JSONValue
        var dependencies: [String]
    }

    func run() async throws {
        let (id, nodes) = try await load()
        if json {
            let list: [JSONValue] = nodes.map { n in
                [
                    "name": .string(n.name), "node_id": .string(n.id), "node_type": .string(n.type), "params": n.params,
                    "dependencies": .array(n.dependencies.map(JSONValue.string)),
                ]
            }
            var o = JSONObject()
            o["strategy_id"] = .string(id)
            o["nodes"] = .array(list)
            return try CLI.printJSON(.object(o))
        }
        for line in Self.tree(root: id, nodes) { print(line) }
    }

    /// The strategy's id and nodes: parsed from the file, or read from the GSG.
    func load() async throws -> (String, [Node]) {
        if !strategy.hasPrefix("blake3:") {
            let graph = try CLI.loadStrategy(strategy)
            let nodes = try graph.nodes.map { n in
                try Self.node(name: n.canonical.nodeType == "StrategyRoot" ? graph.name ?? "strategy" : n.name, n.canonical.canonicalText)
            }
            return (graph.strategyID.description, nodes)
        }
        let nodes = try await QMTLService.using(serviceOptions) { try await $0.strategyNodes(strategy) }
        return (strategy, try nodes.map { try Self.node(name: nil, $0.canonical) })
    }

    /// A node from its canonical JSON; without a local name it is called by its type.
    static func node(name: String?, _ canonical: String) throws -> Node {
        let o = try JSONParser.parseValue(Array(canonical.utf8), fileName: "node").objectValue ?? JSONObject()
        let id = NodeID(BLAKE3.hash(try JCS.bytes(.object(o)))).description
        let type = o["node_type"]?.stringValue ?? "?"
        return Node(
            name: name ?? type, id: id, type: type, params: o["params"] ?? .null,
            dependencies: (o["dependencies"]?.arrayValue ?? []).compactMap(\.stringValue))
    }

    /// The tree from the root down; a node met again is shown once more by name, `(above)`.
    static func tree(root: String, _ nodes: [Node]) -> [String] {
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var lines: [String] = []
        var seen: Set<String> = []
        func params(_ n: Node) -> String {
            guard let o = n.params.objectValue, o.count > 0 else { return "" }
            let shown = o.compactMap { k, v -> String? in k == "input_roles" ? nil : "\(k): \((try? JCS.string(v)) ?? "?")" }
            return shown.isEmpty ? "" : " {" + shown.joined(separator: ", ") + "}"
        }
        func walk(_ id: String, _ prefix: String, _ last: Bool, _ top: Bool) {
            let branch = top ? "" : (last ? "└─ " : "├─ ")
            guard let n = byID[id] else {
                lines.append(prefix + branch + id + "  (not in the GSG)")
                return
            }
            let again = seen.contains(id)
            lines.append(
                prefix + branch + n.name + (n.name == n.type ? "" : "  " + n.type) + params(n) + "  " + String(id.prefix(19)) + "…"
                    + (again ? "  (above)" : ""))
            guard !again else { return }
            seen.insert(id)
            let child = top ? "" : prefix + (last ? "   " : "│  ")
            for (i, d) in n.dependencies.enumerated() { walk(d, child, i == n.dependencies.count - 1, false) }
        }
        walk(root, "", true, true)
        return lines
    }
}
