import ArgumentParser
import Foundation
import QMTLCore
import QMTLStore

/// `qmtl graph stats [--store …] [--json]`: what the Global Strategy Graph holds — nodes and
/// edges, strategies, nodes by type, how many strategies several worlds share, and the
/// duplicate rate of `qmtl_gsg_node_dup_rate` (every node re-canonicalized and re-hashed).
struct GraphStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count the GSG: nodes, edges, strategies, nodes by type, sharing across worlds, duplicate rate.",
        discussion: """
            Reads the store directly (an operator's command, like qmtl audit): every node is re-canonicalized and \
            re-hashed for the duplicate rate, which should be 0.
            Example: qmtl graph stats --store /tmp/team.sqlite --json
            """)

    @Flag(help: "Print the counts as JSON.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    struct Output: Encodable {
        var nodes: Int
        var edges: Int
        var strategies: Int
        var nodesByType: [String: Int]
        var worlds: Int
        var bindings: Int
        var strategiesInSeveralWorlds: Int
        var nodeDupRate: Double

        enum CodingKeys: String, CodingKey {
            case nodes, edges, strategies, worlds, bindings
            case nodesByType = "nodes_by_type"
            case strategiesInSeveralWorlds = "strategies_in_several_worlds"
            case nodeDupRate = "node_dup_rate"
        }
    }

    func run() async throws {
        let out = try await storeOptions.open().using { store in
            let counts = try await store.gsgCounts()
            let scan = try await store.scanNodes()
            var worldsOf: [NodeID: Int] = [:]
            let worlds = try await store.worlds()
            var bindings = 0
            for w in worlds {
                for s in try await store.bindings(w.id) {
                    bindings += 1
                    worldsOf[s.rootNodeID, default: 0] += 1
                }
            }
            return Output(
                nodes: counts.nodes, edges: counts.edges, strategies: scan.byType["StrategyRoot"] ?? 0, nodesByType: scan.byType,
                worlds: worlds.count,
                bindings: bindings, strategiesInSeveralWorlds: worldsOf.values.filter { $0 > 1 }.count,
                nodeDupRate: scan.dupRate)
        }
        if json { return try CLI.printEncoded(out) }
        print("nodes \(out.nodes), edges \(out.edges), strategies \(out.strategies)")
        print("worlds \(out.worlds), bindings \(out.bindings), strategies bound in several worlds \(out.strategiesInSeveralWorlds)")
        print("duplicate rate \(CLI.number(out.nodeDupRate * 100)) % (every node re-canonicalized and re-hashed; alarm above 0.5 %)")
        CLI.printTable(header: ["  NODE TYPE", "NODES"], rows: out.nodesByType.sorted { $0.key < $1.key }.map { ["  " + $0.key, String($0.value)] })
    }
}
