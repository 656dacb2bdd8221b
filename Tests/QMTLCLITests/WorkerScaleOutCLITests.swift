import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// Scale-out (SPEC §1, issue "workers"): two `qmtl worker` processes on one store run 200
/// queued backtests — one of them SIGKILLed in the middle — and every backtest is evaluated
/// exactly once: none twice, none lost.
@Suite("CLI: two workers, 200 backtests, one SIGKILL", .timeLimit(.minutes(10)))
struct WorkerScaleOutCLITests {
    /// 200 distinct strategies: the SMA crossover with every fast window 2…21 and slow window 30…39.
    static func strategies() throws -> [StrategyGraph] {
        let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
        return try (2...21).flatMap { fast in
            try (30...39).map { slow in
                let variant = text.replacingOccurrences(of: "params: {window: 10}", with: "params: {window: \(fast)}")
                    .replacingOccurrences(of: "params: {window: 30}", with: "params: {window: \(slow)}")
                return try StrategyFile.load(variant, fileName: "sma_\(fast)_\(slow).yaml")
            }
        }
    }

    @Test(arguments: CampaignWorkerCLITests.stores)
    func twoWorkersRunTwoHundredBacktestsOnceEachThoughOneIsKilled(_ kind: String) async throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await CampaignWorkerCLITests.withStoreLocation(kind, dir) { location in
            let store: SQLStore = kind == "postgres" ? try await PostgresStore(url: location) : try await SQLiteStore(path: location)
            do {
                try await Self.run(store, dir: dir, location: location)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    static func run(_ store: SQLStore, dir: URL, location: String) async throws {
        let ws = QMTLService(store: store, caller: Caller(actor: "user:test", role: .admin))
        let bars = try BarCSV.parse(
            String(decoding: try Data(contentsOf: URL(fileURLWithPath: WorldDataCLITests.bars)), as: UTF8.self), fileName: "d.csv")
        let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: bars)
        _ = try await ws.createWorld(
            id: "a", spec: WorldSpec(name: "A", dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)))
        let graphs = try Self.strategies()
        #expect(Set(graphs.map(\.strategyID)).count == 200)
        for (i, graph) in graphs.enumerated() {
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            _ = try await ws.enqueueJob(
                JobRequest(jobID: "bt-\(i)", kind: "backtest", world: "a", strategyID: graph.strategyID.description))
        }

        // Two workers; the first is killed once some jobs are done (it holds one then, most likely).
        let args = ["worker", "--kinds", "backtest", "--lease-sec", "1", "--poll-ms", "50", "--store", location]
        let workers = [ServeCLITests.Server(unstarted: ()), ServeCLITests.Server(unstarted: ())]
        for w in workers { try w.start(executable: CLIRunner.binary, arguments: args, directory: dir) }
        var killedAt = 0
        for _ in 0..<1200 {
            killedAt = try await store.jobs(states: [.done], limit: 1000).count
            if killedAt >= 40 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(workers[0].process.processIdentifier, SIGKILL)
        workers[0].process.waitUntilExit()
        #expect(workers[0].process.terminationReason == .uncaughtSignal && killedAt >= 40 && killedAt < 200, "killed after \(killedAt) jobs")
        // The other finishes the queue, including whatever the dead one held, once its lease ran out.
        var done = 0
        for _ in 0..<2400 {
            done = try await store.jobs(states: [.done], limit: 1000).count
            if done == 200 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await workers[1].stop() == 0, "SIGTERM stops a worker cleanly")
        #expect(done == 200, "none lost: \(done) of 200 done")

        // None twice: one backtest run per strategy, evaluated; a job claimed again only
        // when its first holder was the killed worker.
        let jobs = try await store.jobs(states: nil, limit: 1000)
        #expect(jobs.count == 200 && jobs.allSatisfy { $0.state == .done })
        let reclaimed = jobs.filter { $0.attempts > 1 }
        #expect(reclaimed.count <= 1 && reclaimed.allSatisfy { $0.attempts == 2 }, "\(reclaimed.map(\.jobID))")
        for graph in graphs {
            let runs = try await store.runs(try WorldID(parsing: "a"), strategy: graph.strategyID, stage: .backtest, limit: 10)
            #expect(runs.count == 1 && runs.first?.state == .evaluated, "\(graph.strategyID): \(runs.map(\.state))")
        }
        let claims = try await store.auditLog(after: 0, limit: 100_000).filter { $0.entry.action == "job.claim" }
        #expect(claims.count == 200 + reclaimed.count)
        #expect(Set(claims.map(\.entry.actor)).count >= 1)
        #expect(try await store.verifyAudit() == .intact(entries: try #require(try await store.auditHead()).seq))
    }
}
