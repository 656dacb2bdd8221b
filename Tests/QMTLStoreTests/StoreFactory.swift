import Foundation
import PostgresNIO
import QMTLCore
import Synchronization
import Testing

@testable import QMTLStore

/// The stores every contract test runs on. PostgreSQL comes from `QMTL_TEST_POSTGRES_URL`;
/// with `CI` set, a missing or unreachable server fails the tests instead of skipping them.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteMemory, sqliteFile, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["QMTL_TEST_POSTGRES_URL"] }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Kinds to run here: all of them in CI or when a server is configured.
    static var available: [StoreKind] {
        postgresURL != nil || isCI ? allCases : [.sqliteMemory, .sqliteFile]
    }
}

/// A fixed clock that advances 1 ms per reading, so audit entries and rows have distinct,
/// reproducible times.
final class TestClock: Sendable {
    private let state = Mutex<Int64>(1_767_225_600_000)  // 2026-01-01T00:00:00Z

    func next() -> Int64 {
        state.withLock {
            $0 += 1; return $0
        }
    }
}

/// Opens a fresh, empty store of `kind`; `body` runs on it and it is removed afterwards.
func withStore<T>(_ kind: StoreKind, _ body: (SQLStore) async throws -> T) async throws -> T {
    let clock = TestClock()
    switch kind {
    case .sqliteMemory:
        let store = try await SQLiteStore(path: nil, now: { clock.next() })
        defer { Task { try? await store.close() } }
        return try await body(store)
    case .sqliteFile:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try await SQLiteStore(path: dir.appendingPathComponent("qmtl.sqlite").path, now: { clock.next() })
        let result = try await body(store)
        try await store.close()
        return result
    case .postgres:
        let database = try await PostgresTestDatabase.create()
        let store = try await PostgresStore(url: database.url, now: { clock.next() })
        do {
            let result = try await body(store)
            try await store.close()
            try await database.drop()
            return result
        } catch {
            try? await store.close()
            try? await database.drop()
            throw error
        }
    }
}

/// A database of its own per test, on the server of `QMTL_TEST_POSTGRES_URL`.
struct PostgresTestDatabase {
    let name: String
    let url: String
    let adminURL: String

    static func create() async throws -> PostgresTestDatabase {
        guard let admin = StoreKind.postgresURL else {
            Issue.record("CI is set but QMTL_TEST_POSTGRES_URL is not: the PostgreSQL contract tests cannot run")
            throw QMTLError(.storeUnavailable, "QMTL_TEST_POSTGRES_URL is not set")
        }
        let name = "qmtl_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await run(admin, "CREATE DATABASE \(name)")
        var components = URLComponents(string: admin)!
        components.path = "/" + name
        return PostgresTestDatabase(name: name, url: components.string!, adminURL: admin)
    }

    func drop() async throws {
        try await Self.run(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func run(_ url: String, _ sql: String) async throws {
        let backend = try PostgresBackend(url: url)
        defer { Task { try? await backend.close() } }
        try await backend.read { s in try await s.execute(sql, []) }
    }
}
