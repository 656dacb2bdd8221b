import ArgumentParser
import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore

/// `qmtl-bench service`: the embedded WorldService's dataset path — `qmtl data add` of a CSV of
/// one million minute bars (read, parse, fingerprint, pack, insert; target < 2 s on SQLite) and
/// loading them back for a backtest (target < 0.5 s) — on a SQLite file, or PostgreSQL with
/// `--store postgres://…`. Best of `--passes`, each on a fresh store.
struct ServiceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "service", abstract: "WorldService dataset add and load times.")

    @Option(help: "Minute bars in the CSV.") var bars = 1_000_000
    @Option(help: "Passes; the best is printed.") var passes = 3
    @OptionGroup var storeOptions: StoreOptions

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-bench-svc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("bars.csv")
        try CSVBench.csv(SyntheticBars(seed: 42).generate(count: bars)).write(to: csv)
        for target in storeOptions.targets {
            var add = Double.infinity
            var load = Double.infinity
            var name = ""
            for pass in 0..<passes {
                let (storeName, store, cleanup) = try await StoreOptions.open(target)
                name = storeName
                defer { cleanup() }
                let service = QMTLService(store: store, caller: Caller(actor: "system:bench", role: .admin))
                let t0 = DispatchTime.now().uptimeNanoseconds
                let parsed = try Data(contentsOf: csv).withUnsafeBytes { try BarCSV.read($0, fileName: "bars.csv") }
                // A symbol per pass: a PostgreSQL store is reused across passes, and a known dataset is a no-op.
                let info = try await service.addDataset(symbol: "SYN\(pass)", interval: 60, bars: parsed.bars)
                let t1 = DispatchTime.now().uptimeNanoseconds
                let loaded = try await service.datasetBars(info.fingerprint)
                let t2 = DispatchTime.now().uptimeNanoseconds
                precondition(loaded.count == bars && info.created)
                add = min(add, Double(t1 - t0) / 1e9)
                load = min(load, Double(t2 - t1) / 1e9)
                try await store.close()
            }
            print(
                "data_add_seconds_\(name) \(String(format: "%.3f", add))  # \(bars) minute bars from CSV: read, parse, fingerprint, store; target < 2"
            )
            print("data_load_seconds_\(name) \(String(format: "%.3f", load))  # back from the store, chunk hashes checked; target < 0.5")
        }
    }
}
