import AsyncHTTPClient
import Foundation
import QMTLAPI
import QMTLClient
import QMTLCore
import QMTLServer
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// The server answers `decide`, `activation` and `status` — and resolves bearer tokens — from
/// memory while the store is unchanged. These tests give it a cache age of a minute, so only
/// the change signals can make a new answer appear in time: this process's commits, another
/// process's (SQLite `data_version`, PostgreSQL `NOTIFY`), and a decision's TTL running out.
@Suite("Server read caches", .timeLimit(.minutes(10)))
struct ResponseCacheTests {
    static let kinds = StoreKind.available.filter { $0 != .sqliteMemory }

    /// A server on a store of `kind` (cache age one minute), and a second store on the same
    /// database standing for another process.
    static func withServer(
        _ kind: StoreKind,
        _ body: @Sendable (_ base: String, _ admin: String, _ server: SQLStore, _ other: SQLStore) async throws -> Void
    ) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var database: PostgresTestDatabase?
        let stores: [SQLStore]
        if kind == .postgres {
            let db = try await PostgresTestDatabase.create()
            database = db
            stores = [try await PostgresStore(url: db.url), try await PostgresStore(url: db.url)]
        } else {
            let path = dir.appendingPathComponent("qmtl.sqlite").path
            stores = [try await SQLiteStore(path: path), try await SQLiteStore(path: path)]
        }
        let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
        let admin = try await stores[0].issueToken(name: "user:alice", role: "admin", audit: ctx).secret
        let server = QMTLServer(
            store: stores[0], configuration: .init(host: "127.0.0.1", port: 0, cacheMaxAge: .seconds(60)), logger: Harness.quiet)
        let running = try await server.start()
        do {
            try await body("http://127.0.0.1:\(running.port)", admin, stores[0], stores[1])
        } catch {
            Issue.record(error)
        }
        await running.stop()
        for s in stores { try await s.close() }
        try await database?.drop()
    }

    /// Polls `probe` every 20 ms for up to `seconds`; true once it holds.
    static func eventually(within seconds: Double = 2, _ probe: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if try await probe() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await probe()
    }

    static func cacheCount(_ base: String, _ result: String) async throws -> Double? {
        let text = String(decoding: try await HTTPSurfaceTests.send(base, "GET", "/metrics", token: nil).body, as: UTF8.self)
        return HTTPSurfaceTests.metric(text, #"qmtl_http_cache_lookups_total{result="\#(result)"}"#)
    }

    @Test(arguments: kinds)
    func repeatedReadsAreAnsweredFromMemoryAndEveryCommitIsSeen(_ kind: StoreKind) async throws {
        try await Self.withServer(kind) { base, admin, _, other in
            let ws = try QMTLClient(baseURL: base, token: admin, observe: Harness.checkAnswer)
            _ = try await ws.createWorld(id: "eq", spec: WorldSpec(name: "eq"))
            let first = try await ws.decide(world: "eq", strategy: nil)
            for _ in 0..<20 { #expect(try await ws.decide(world: "eq", strategy: nil) == first) }
            let (hits, misses) = (try await Self.cacheCount(base, "hit"), try await Self.cacheCount(base, "miss"))
            #expect(hits == 20 && misses == 1, "hits \(hits ?? -1), misses \(misses ?? -1)")

            // This server's own commit: the next answer is new, at once.
            _ = try await ws.publishPolicy(world: "eq", document: "{}", fileName: "p.json")
            #expect(try await ws.decide(world: "eq", strategy: nil).policyVersion == 1)

            // Another process's commit (another store on the same database): seen within the
            // poll or the notification, far sooner than the cache age of a minute.
            let elsewhere = QMTLService(store: other, caller: Caller(actor: "user:bob", role: .admin))
            _ = try await elsewhere.publishPolicy(world: "eq", document: "{}", fileName: "p2.json")
            #expect(try await Self.eventually { try await ws.decide(world: "eq", strategy: nil).policyVersion == 2 })
        }
    }

    @Test(arguments: kinds)
    func aTokenRevokedByAnotherProcessStopsWorkingAtOnce(_ kind: StoreKind) async throws {
        try await Self.withServer(kind) { base, admin, _, other in
            let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
            let viewer = try await other.issueToken(name: "user:vera", role: "viewer", audit: ctx)
            let ws = try QMTLClient(baseURL: base, token: viewer.secret)
            _ = try await QMTLClient(baseURL: base, token: admin).createWorld(id: "eq", spec: WorldSpec(name: "eq"))
            for _ in 0..<5 { _ = try await ws.decide(world: "eq", strategy: nil) }  // the token is cached now
            _ = try await other.revokeToken(id: viewer.record.tokenID, audit: ctx)
            #expect(
                try await Self.eventually {
                    (try? await ws.decide(world: "eq", strategy: nil)) == nil
                })
            let error = await #expect(throws: QMTLError.self) { _ = try await ws.decide(world: "eq", strategy: nil) }
            #expect(error?.code == .unauthorized)
        }
    }

    @Test func aCachedEnvelopeChangesWhenADecisionExpires() async throws {
        try await Self.withServer(.sqliteFile) { base, admin, _, _ in
            let ws = try QMTLClient(baseURL: base, token: admin, observe: Harness.checkAnswer)
            let (one, _) = try await DecisionTests.setUp(ws)
            let id = one.strategyID.description
            let before = try await ws.decide(world: "a", strategy: id)
            _ = try await ws.postDecision(DecisionRequest(world: "a", nodeID: id, decision: "pause", reasonCode: "MANUAL", ttl: "PT20S"))
            let paused = try await ws.decide(world: "a", strategy: id)
            #expect(paused != before && paused.effectiveMode == "compute-only" && paused.reason.contains("pause"), "\(paused.reason)")
            #expect(try await ws.decide(world: "a", strategy: id) == paused, "answered from memory while the pause holds")
            // No commit happens until the TTL runs out: only the expiry horizon renews the answer.
            // (20 s leaves room for a loaded machine — the whole suite runs in parallel — between
            // the post and the reads that must still see the pause.)
            #expect(try await Self.eventually(within: 45) { try await ws.decide(world: "a", strategy: id) == before }, "\(before.reason)")
        }
    }

    @Test func theExpiryHorizonIsTheNextDecisionsTTLByTheServicesClock() async throws {
        try await withStore(.sqliteMemory) { store in
            let clock = DecisionTests.Clock()
            let ws = DecisionTests.service(store, clock)
            let (one, _) = try await DecisionTests.setUp(ws)
            #expect(try await ws.untilNextDecisionExpiry() == nil, "no decision, no horizon")
            let id = one.strategyID.description
            _ = try await ws.postDecision(DecisionRequest(world: "a", nodeID: id, decision: "pause", reasonCode: "MANUAL", ttl: "PT1H"))
            _ = try await ws.postDecision(DecisionRequest(world: "b", nodeID: id, decision: "stop", reasonCode: "MANUAL", ttl: "PT30M"))
            _ = try await ws.postDecision(DecisionRequest(world: "b", nodeID: id, decision: "pause", reasonCode: "MANUAL"))  // no TTL
            #expect(try await ws.untilNextDecisionExpiry() == .seconds(1800))
            clock.advance(600)
            #expect(try await ws.untilNextDecisionExpiry() == .seconds(1200))
            clock.advance(1200)
            _ = try await ws.decide(world: "b", strategy: id)  // sweeps the expired stop
            #expect(try await ws.untilNextDecisionExpiry() == .seconds(1800), "the next one is a's pause")
        }
    }
}
