import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// Migrations run once at open, are recorded, and a database from a newer qmtl is refused.
@Suite("Schema migrations")
struct MigrationTests {
    @Test func sqliteFileReopensWithoutReapplyingAndRefusesNewerSchemas() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-mig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("nested/qmtl.sqlite").path  // missing folders are created
        let store = try await SQLiteStore(path: path)
        _ = try await store.createWorld(try WorldID(parsing: "w"), config: [:], audit: Fixture.ctx)
        try await store.close()

        let reopened = try await SQLiteStore(path: path)
        #expect(try await reopened.appliedMigrations().map(\.version) == Array(1...Migration.all.count))
        #expect(try await reopened.world(try WorldID(parsing: "w")) != nil)
        try await reopened.backend.transaction { s in
            try await s.execute("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (99, 'from_the_future', 0)", [])
        }
        try await reopened.close()

        let error = await #expect(throws: QMTLError.self) { try await SQLiteStore(path: path) }
        #expect(error?.code == .schemaTooNew)
        #expect(error?.message == "the database has schema version 99, newer than this qmtl's \(SQLStore.schemaVersion); upgrade qmtl")
    }

    /// Opening a store that is up to date only reads: it neither waits for nor fails behind a
    /// long write transaction of another process (it would end in `E_STORE_BUSY` otherwise).
    @Test func openingAnUpToDateStoreTakesNoWriteLock() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-mig-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("qmtl.sqlite").path
        let writer = try await SQLiteStore(path: path)
        let opened = try await writer.backend.transaction { s in
            try await s.execute("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (-1, 'held', 0)", [])
            // Another handle opens the file while this write transaction holds the lock.
            let reader = try await SQLiteStore(path: path)
            defer { Task { try? await reader.close() } }
            return try await reader.appliedMigrations().map(\.version)
        }
        #expect(opened == Array(1...Migration.all.count), "the open read the committed schema, not the pending row")
        try await writer.close()
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func postgresRefusesNewerSchemas() async throws {
        let database = try await PostgresTestDatabase.create()
        let store = try await PostgresStore(url: database.url)
        try await store.backend.transaction { s in
            try await s.execute("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (99, 'from_the_future', 0)", [])
        }
        try await store.close()
        let error = await #expect(throws: QMTLError.self) { try await PostgresStore(url: database.url) }
        #expect(error?.code == .schemaTooNew)
        try await database.drop()
    }

    @Test func unreachablePostgresIsATypedError() async throws {
        // Port 1 on loopback: nothing listens there.
        let error = await #expect(throws: QMTLError.self) {
            try await PostgresStore(url: "postgres://qmtl:secret@127.0.0.1:1/qmtl")
        }
        #expect(error?.code == .storeUnavailable)
        #expect(error?.message.contains("secret") == false)
        let bad = await #expect(throws: QMTLError.self) { try await PostgresStore(url: "mysql://x@y/z") }
        #expect(bad?.code == .storeURL)
    }
}
