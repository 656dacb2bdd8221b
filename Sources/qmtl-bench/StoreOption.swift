import ArgumentParser
import Foundation
import QMTLStore

/// `--store` of the store benchmarks: `sqlite` (a temporary file), a SQLite path, or a
/// `postgres://` URL (default: `QMTL_BENCH_POSTGRES_URL` when set).
struct StoreOptions: ParsableArguments {
    @Option(help: "sqlite, a SQLite file path, or a postgres:// URL (repeatable).")
    var store: [String] = []

    var targets: [String] {
        if !store.isEmpty { return store }
        var t = ["sqlite"]
        if let url = ProcessInfo.processInfo.environment["QMTL_BENCH_POSTGRES_URL"] { t.append(url) }
        return t
    }

    static func open(_ target: String) async throws -> (name: String, store: SQLStore, cleanup: () -> Void) {
        if target.hasPrefix("postgres://") || target.hasPrefix("postgresql://") {
            return ("postgres", try await PostgresStore(url: target), {})
        }
        if target == "sqlite" {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-bench-\(UUID().uuidString)")
            let store = try await SQLiteStore(path: dir.appendingPathComponent("qmtl.sqlite").path)
            return ("sqlite", store, { try? FileManager.default.removeItem(at: dir) })
        }
        return ("sqlite", try await SQLiteStore(path: target), {})
    }
}
