import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// Many writers at once — tasks in this process on two store instances over one database, as
/// two processes would be — lose no mutation, and the audit chain stays whole and gapless.
@Suite("Concurrent mutations")
struct ConcurrentMutationTests {
    static let kinds = StoreKind.available.filter { $0 != .sqliteMemory }  // one connection in memory: nothing concurrent
    static let tasks = 8
    static let perTask = 15

    /// Two stores on one database, closed and removed afterwards.
    static func withTwoStores(_ kind: StoreKind, _ body: (SQLStore, SQLStore) async throws -> Void) async throws {
        let clock = TestClock()
        switch kind {
        case .sqliteFile:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-conc-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = dir.appendingPathComponent("qmtl.sqlite").path
            let a = try await SQLiteStore(path: path, now: { clock.next() })
            let b = try await SQLiteStore(path: path, now: { clock.next() })
            try await body(a, b)
            try await a.close()
            try await b.close()
        case .postgres:
            let database = try await PostgresTestDatabase.create()
            let a = try await PostgresStore(url: database.url, now: { clock.next() })
            let b = try await PostgresStore(url: database.url, now: { clock.next() })
            do {
                try await body(a, b)
            } catch {
                try? await a.close()
                try? await b.close()
                try? await database.drop()
                throw error
            }
            try await a.close()
            try await b.close()
            try await database.drop()
        case .sqliteMemory:
            return
        }
    }

    @Test(arguments: kinds)
    func concurrentWritersKeepEveryMutationAndTheChain(_ kind: StoreKind) async throws {
        try await Self.withTwoStores(kind) { a, b in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for t in 0..<Self.tasks {
                    let store = t % 2 == 0 ? a : b
                    group.addTask {
                        for i in 0..<Self.perTask {
                            let id = try WorldID(parsing: "world:w\(t)-\(i)")
                            let ctx = AuditContext(actor: "user:t\(t)", role: "operator", requestID: "r\(t)-\(i)")
                            _ = try await store.createWorld(id, config: ["n": 0], audit: ctx)
                            _ = try await store.updateWorldConfig(id, config: ["n": .number(Double(i + 1))], audit: ctx)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let mutations = Int64(2 * Self.tasks * Self.perTask)
            for store in [a, b] {
                #expect(try await store.verifyAudit() == .intact(entries: mutations))
                let log = try await store.auditLog(after: 0, limit: 10_000)
                #expect(log.map(\.entry.seq) == Array(1...mutations), "sequence numbers are contiguous")
                #expect(Set(log.map(\.entry.requestID)).count == Int(mutations) / 2 && log.count == Int(mutations))
                let worlds = try await store.worlds()
                #expect(worlds.count == Self.tasks * Self.perTask, "no world lost")
            }
            // Every update landed: each world shows its own last config.
            for t in 0..<Self.tasks {
                for i in 0..<Self.perTask {
                    let id = try WorldID(parsing: "world:w\(t)-\(i)")
                    let world = try await a.world(id)
                    let config = try await a.worldSnapshot(try #require(world?.ref))
                    #expect(config == ["n": .number(Double(i + 1))], "\(id)")
                }
            }
        }
    }
}
