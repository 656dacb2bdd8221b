import ArgumentParser
import QMTLBenchFixtures
import QMTLCore
import QMTLStore

/// `qmtl-bench wvg`: 1,000 worlds × 1,000 refs; latency of the status-by-world queries (the
/// per-status counts of a world, and the refs of one status). Target p99 < 5 ms.
struct WVGBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wvg", abstract: "WVG status-by-world query latency.")

    @OptionGroup var stores: StoreOptions
    @Option(help: "Worlds.") var worlds = 1000
    @Option(help: "Refs per world.") var refs = 1000
    @Option(help: "Refs moved to validating per world.") var validating = 5
    @Option(help: "Queries of each kind.") var queries = 2000

    func run() async throws {
        let graph = try SyntheticGraph.layered(nodes: refs, fanIn: 1)
        let ids = graph.map(\.nodeID)
        let ctx = AuditContext(actor: "system:bench", role: "admin", requestID: "bench")
        let clock = ContinuousClock()
        for target in stores.targets {
            let (name, store, cleanup) = try await StoreOptions.open(target)
            defer { cleanup() }
            let setup = try await clock.measure {
                _ = try await store.upsertNodes(graph, audit: ctx)
                for w in 0..<worlds {
                    let world = try WorldID(parsing: "bench-\(w)")
                    _ = try await store.createWorld(world, config: ["n": .number(Double(w))], audit: ctx)
                    _ = try await store.bind(world, strategy: StrategyID(root: ids[ids.count - 1]), nodes: ids, audit: ctx)
                    for k in 0..<validating {
                        _ = try await store.transition(
                            world, ids[(w * 37 + k * 101) % ids.count], .startValidation, evalKey: nil, domain: nil, audit: ctx)
                    }
                }
            }
            print("wvg_setup \(name) \(fmt(setup.seconds)) s (\(worlds) worlds × \(refs) refs)")
            var counts: [Double] = []
            var lists: [Double] = []
            for q in 0..<queries {
                let world = try WorldID(parsing: "bench-\((q &* 7919) % worlds)")
                var c: [NodeStatus: Int] = [:]
                counts.append(try await clock.measure { c = try await store.statusCounts(world) }.seconds * 1000)
                guard c[.validating] == validating else { throw ValidationError("wrong counts \(c)") }
                var found: [WorldNodeRef] = []
                lists.append(try await clock.measure { found = try await store.refs(world, status: .validating) }.seconds * 1000)
                guard found.count == validating else { throw ValidationError("wrong refs \(found.count)") }
            }
            for (label, xs) in [("status_counts", counts), ("refs_by_status", lists)] {
                let sorted = xs.sorted()
                let p50 = sorted[sorted.count / 2]
                let p99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
                print("wvg_\(label) \(name) p50 \(fmt3(p50)) ms p99 \(fmt3(p99)) ms")
            }
            try await store.close()
        }
    }
}

func fmt3(_ x: Double) -> String { String((x * 1000).rounded() / 1000) }
