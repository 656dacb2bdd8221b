import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// ``StoreChanges``: a write of this process moves the generation at once; while
/// `watchChanges()` runs, another process's commit moves it too (SQLite `data_version`,
/// PostgreSQL `NOTIFY` from every table's trigger), and reads move nothing.
@Suite("Store change signal")
struct StoreChangesTests {
    let ctx = Fixture.ctx

    @Test(arguments: StoreKind.available)
    func aWriteMovesTheGenerationAndAReadDoesNot(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let start = store.changes.generation
            _ = try await store.worlds()
            #expect(store.changes.generation == start, "a read is not a change")
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            #expect(store.changes.generation > start, "the commit moved it before the call returned")
            let after = store.changes.generation
            await #expect(throws: QMTLError.self) { _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx) }
            #expect(store.changes.generation >= after, "a failed write may move it (a spurious move only costs a recomputation)")
        }
    }

    /// Two stores on one database: `watcher` hears `writer`'s commits.
    static func withTwoStores(_ kind: StoreKind, _ body: (_ writer: SQLStore, _ watcher: SQLStore) async throws -> Void) async throws {
        switch kind {
        case .postgres:
            let database = try await PostgresTestDatabase.create()
            let writer = try await PostgresStore(url: database.url)
            let watcher = try await PostgresStore(url: database.url)
            try await body(writer, watcher)
            try await writer.close()
            try await watcher.close()
            try await database.drop()
        default:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-changes-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("qmtl.sqlite").path
            let writer = try await SQLiteStore(path: path)
            let watcher = try await SQLiteStore(path: path)
            try await body(writer, watcher)
            try await writer.close()
            try await watcher.close()
        }
    }

    static func settled(_ store: SQLStore) async throws -> UInt64 {
        var last = store.changes.generation
        while true {  // the watcher's start-up bump (PostgreSQL: once listening) has landed
            try await Task.sleep(for: .milliseconds(200))
            let now = store.changes.generation
            if now == last { return now }
            last = now
        }
    }

    @Test(arguments: StoreKind.available.filter { $0 != .sqliteMemory })
    func anotherProcesssCommitMovesAWatchingStore(_ kind: StoreKind) async throws {
        try await Self.withTwoStores(kind) { writer, watcher in
            let watching = Task { await watcher.watchChanges() }
            defer { watching.cancel() }
            if kind == .postgres {  // listening begins with a bump (whatever a lost connection missed)
                for _ in 0..<500 where watcher.changes.generation == 0 { try await Task.sleep(for: .milliseconds(20)) }
                #expect(watcher.changes.generation > 0, "the watcher listens")
            }
            let quiet = try await Self.settled(watcher)
            _ = try await writer.worlds()
            try await Task.sleep(for: .milliseconds(300))
            #expect(watcher.changes.generation == quiet, "another process's reads are not changes")
            _ = try await writer.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            var moved = false
            for _ in 0..<100 where !moved {
                moved = watcher.changes.generation != quiet
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(moved, "the other store's commit was seen within a second")
        }
    }

    /// Every table announces its changes on PostgreSQL: a table added without the trigger
    /// would change state no replica hears about.
    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func everyPostgresTableHasTheChangeTrigger() async throws {
        try await withStore(.postgres) { store in
            let tables = try await store.backend.read { s in
                try await s.query(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations' ORDER BY 1", []
                ).map { try $0.text("tablename") }
            }
            let triggered = try await store.backend.read { s in
                try await s.query(
                    "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'qmtl_changed' ORDER BY 1", []
                ).map { try $0.text("relname") }
            }
            #expect(tables.count >= 23)
            #expect(
                Set(tables).subtracting(triggered).isEmpty, "tables without the qmtl_changed trigger: \(Set(tables).subtracting(triggered).sorted())")
        }
    }
}
