import ArgumentParser
import Foundation
import QMTLBenchFixtures
import QMTLCore
import QMTLStore

/// `qmtl-bench gsg`: bulk insert of a layered DAG (100,000 nodes, 1,000,000 edges by default)
/// into each store, then the same insert again (a no-op). Targets: < 15 s SQLite, < 60 s
/// PostgreSQL (R-ID-9; the seed's SLO is p95 < 5 min).
struct GSGBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gsg", abstract: "GSG bulk insert into each store.")

    @OptionGroup var stores: StoreOptions
    @Option(help: "Nodes to insert.") var nodes = 100_000
    @Option(help: "Inputs per node (edges = nodes × fan-in, less the first layer).") var fanIn = 10
    @Flag(help: "Print `inserting` and insert once, without timing (used by the crash test).") var insertOnly = false

    func run() async throws {
        let graph = try SyntheticGraph.layered(nodes: nodes, fanIn: fanIn)
        let edges = graph.reduce(0) { $0 + $1.dependencies.count }
        let ctx = AuditContext(actor: "system:bench", role: "admin", requestID: "bench")
        let clock = ContinuousClock()
        for target in stores.targets {
            let (name, store, cleanup) = try await StoreOptions.open(target)
            defer { cleanup() }
            if insertOnly {
                FileHandle.standardOutput.write(Data("inserting\n".utf8))
                _ = try await store.upsertNodes(graph, audit: ctx)
                print("inserted")
                try await store.close()
                continue
            }
            var result = UpsertCount(inserted: 0, existing: 0)
            let t = try await clock.measure { result = try await store.upsertNodes(graph, audit: ctx) }
            guard result.inserted == graph.count else { throw ValidationError("expected a fresh store, \(result.existing) nodes existed") }
            let s = t.seconds
            print("gsg_insert \(name) \(fmt(s)) s (\(Int(Double(graph.count) / s)) nodes/s, \(Int(Double(edges) / s)) edges/s)")
            var again = UpsertCount(inserted: 0, existing: 0)
            let t2 = try await clock.measure { again = try await store.upsertNodes(graph, audit: ctx) }
            print("gsg_reinsert \(name) \(fmt(t2.seconds)) s (no-op: \(again.inserted) inserted, \(again.existing) existing)")
            try await store.close()
        }
    }
}

func fmt(_ x: Double) -> String {
    let scaled = (x * 100).rounded() / 100
    return String(scaled)
}
