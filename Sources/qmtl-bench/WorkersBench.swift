import ArgumentParser
import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore

/// `qmtl-bench workers`: scale-out of the job queue. `backtest_jobs_per_sec`: J queued
/// backtests (distinct strategies, one year of daily bars each) run by 1 and then 2 `qmtl
/// worker` processes on one store, from the workers' start until the last job is done (process
/// start-up included). `paper_bars_per_sec`: one paper job replaying as fast as it can, with a
/// checkpoint and a progress report every 25 bars, as a worker runs it.
struct WorkersBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workers", abstract: "Backtest jobs/s with 1 and 2 workers; paper replay bars/s.")

    @Option(help: "Backtest jobs per measurement.") var jobs = 200
    @Option(help: "Paper bars replayed for the paper figure.") var paperBars = 5_000
    @Option(help: "The qmtl executable the workers run (default: the one beside this benchmark).") var qmtl: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let executable = URL(fileURLWithPath: qmtl ?? Bundle.main.executableURL!.deletingLastPathComponent().appendingPathComponent("qmtl").path)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ValidationError("no qmtl executable at \(executable.path); build it first: swift build -c release --product qmtl")
        }
        for target in storeOptions.targets {
            var location = target
            var tempDir: URL?
            if target == "sqlite" {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                location = dir.appendingPathComponent("qmtl.sqlite").path
                tempDir = dir
            }
            defer { tempDir.map { try? FileManager.default.removeItem(at: $0) } }
            let (name, store, cleanup) = try await StoreOptions.open(location)
            defer { cleanup() }
            let service = QMTLService(store: store, caller: Caller(actor: "system:bench", role: .admin))
            var rates: [Int: Double] = [:]
            for workers in [1, 2] {
                let world = try await Self.world(service, bars: SyntheticBars(seed: 7, interval: 86_400).generate(count: 252))
                for i in 0..<jobs {
                    let graph = try StrategyFile.load(Self.strategy(fast: 2 + i % 25, slow: 30 + i / 25), fileName: "s\(i).yaml")
                    _ = try await service.submit(SubmitRequest(graph: graph, worlds: [world]))
                    _ = try await service.enqueueJob(
                        JobRequest(jobID: "\(world):bt:\(i)", kind: "backtest", world: world, strategyID: graph.strategyID.description))
                }
                let t0 = DispatchTime.now().uptimeNanoseconds
                let processes = try (0..<workers).map { _ in
                    let p = Process()
                    p.executableURL = executable
                    p.arguments = ["worker", "--world", world, "--kinds", "backtest", "--drain", "--store", location]
                    p.standardOutput = FileHandle.nullDevice
                    p.standardError = FileHandle.standardError
                    try p.run()
                    return p
                }
                for p in processes { p.waitUntilExit() }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                var done = 0
                for i in 0..<jobs where try await service.job("\(world):bt:\(i)").state == "done" { done += 1 }
                guard done == jobs else { throw ValidationError("only \(done) of \(jobs) jobs finished") }
                rates[workers] = Double(jobs) / seconds
                print(
                    "backtest_jobs_per_sec_\(name) workers=\(workers) \(String(format: "%.1f", rates[workers]!))  # \(jobs) jobs, 252 daily bars each, \(String(format: "%.2f", seconds)) s"
                )
            }
            print("backtest_jobs_scaling_\(name) \(String(format: "%.2f", rates[2]! / rates[1]!))  # 2 workers / 1 worker")

            // One paper job, replayed as fast as possible by an in-process worker.
            let bars = SyntheticBars(seed: 11, interval: 86_400).generate(count: paperBars + 300)
            let world = try await Self.world(service, bars: bars, paperStart: bars[300].ts)
            let graph = try StrategyFile.load(Self.strategy(fast: 10, slow: 30), fileName: "paper.yaml")
            _ = try await Runner(service: service).submit(graph, worlds: [world])
            _ = try await service.enqueueJob(
                JobRequest(jobID: "\(world):paper", kind: "paper", world: world, strategyID: graph.strategyID.description))
            var worker = Worker(service: service, name: "worker:bench")
            worker.world = world
            let t0 = DispatchTime.now().uptimeNanoseconds
            let outcome = try await worker.runOne()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            guard let consumed = outcome?.barsConsumed, outcome?.error == nil else {
                throw ValidationError("the paper job failed: \(String(describing: outcome))")
            }
            print(
                "paper_bars_per_sec_\(name) \(String(format: "%.0f", Double(consumed) / seconds))  # \(consumed) bars, a checkpoint and a progress report every 25"
            )
        }
    }

    static func strategy(fast: Int, slow: Int) -> String {
        """
        nodes:
          price: {type: BarSource, params: {symbol: SYN, interval: 1d}}
          fast: {type: SMA, params: {window: \(fast)}, inputs: [price]}
          slow: {type: SMA, params: {window: \(slow)}, inputs: [price]}
          cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
          position: {type: PositionTarget, inputs: [cross]}
        outputs: [position]
        """
    }

    /// A fresh world on `bars` (a paper stage from `paperStart` when given).
    static func world(_ service: QMTLService, bars: [Bar], paperStart: Int64? = nil) async throws -> String {
        let world = "bench-" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)
        let data = try await service.addDataset(symbol: "SYN", interval: 86_400, bars: bars)
        var dataset = WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)
        dataset.paperStart = paperStart.map(UTCTimestamp.format)
        _ = try await service.createWorld(id: world, spec: WorldSpec(name: world, dataset: dataset))
        return world
    }
}
