import Foundation
import Logging
import PostgresNIO
import QMTLCore
import QMTLStore
import Synchronization
import Testing

/// The stores every contract test runs on. PostgreSQL comes from `QMTL_TEST_POSTGRES_URL`;
/// with `CI` set, a missing or unreachable server fails the tests instead of skipping them.
public enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteMemory, sqliteFile, postgres

    public var testDescription: String { rawValue }

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["QMTL_TEST_POSTGRES_URL"] }
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// Kinds to run here: all of them in CI or when a server is configured.
    public static var available: [StoreKind] {
        postgresURL != nil || isCI ? allCases : [.sqliteMemory, .sqliteFile]
    }
}

/// A fixed clock that advances 1 ms per reading, so audit entries and rows have distinct,
/// reproducible times.
public final class TestClock: Sendable {
    private let state = Mutex<Int64>(1_767_225_600_000)  // 2026-01-01T00:00:00Z

    public init() {}

    /// The next reading.
    public func next() -> Int64 {
        state.withLock {
            $0 += 1; return $0
        }
    }
}

/// Opens a fresh, empty store of `kind`; `body` runs on it and it is removed afterwards.
public func withStore<T>(_ kind: StoreKind, _ body: (SQLStore) async throws -> T) async throws -> T {
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
            try await bounded("closing the PostgreSQL store") { try await store.close() }
            try await bounded("dropping the test database") { try await database.drop() }
            return result
        } catch {
            try? await store.close()
            try? await database.drop()
            throw error
        }
    }
}

/// A database of its own per test, on the server of `QMTL_TEST_POSTGRES_URL`.
public struct PostgresTestDatabase: Sendable {
    public let name: String
    public let url: String
    public let adminURL: String

    public static func create() async throws -> PostgresTestDatabase {
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

    public func drop() async throws {
        try await Self.run(adminURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement on the server of `url` over a connection of its own.
    static func run(_ url: String, _ sql: String) async throws {
        guard let c = URLComponents(string: url), let host = c.host, let user = c.user else {
            throw QMTLError(.storeURL, "not a postgres:// URL")
        }
        let database = String(c.path.drop { $0 == "/" })
        let config = PostgresConnection.Configuration(
            host: host, port: c.port ?? 5432, username: user, password: c.password, database: database.isEmpty ? nil : database, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: Logger(label: "qmtl.test"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "qmtl.test"))
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
