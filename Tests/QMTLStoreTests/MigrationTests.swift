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

    /// A PostgreSQL store's close waits for its pool to stop, but only so long: a pool that
    /// never stops (CI once saw one after two replicas shut down) must not hang a process's exit.
    @Test func closeWaitsForThePoolAtMostItsBound() async throws {
        let quick = Task<Void, Never> { try? await Task.sleep(for: .milliseconds(50)) }
        #expect(await PostgresBackend.waits(for: quick, atMost: .seconds(30)), "a pool that stops is waited for")
        let stuck = Task<Void, Never> { await withUnsafeContinuation { (_: UnsafeContinuation<Void, Never>) in } }
        let start = ContinuousClock.now
        #expect(await PostgresBackend.waits(for: stuck, atMost: .milliseconds(300)) == false)
        #expect(ContinuousClock.now - start < .seconds(10), "a pool that never stops is given up on after the bound")
        #expect(PostgresBackend.closeWait == .seconds(10))
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
