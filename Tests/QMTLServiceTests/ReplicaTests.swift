import Foundation
import QMTLAPI
import QMTLClient
import QMTLCore
import QMTLServer
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// Scale-out (SPEC §1): two servers on one PostgreSQL, each with its own store connections,
/// share nothing but the database. Requests alternate between them, concurrently, on the same
/// strategy and the same ref; the result is one consistent state.
@Suite("Replicas on one PostgreSQL", .timeLimit(.minutes(10)))
struct ReplicaTests {
    /// Runs `body` with two servers on one fresh database and an admin client of each.
    static func withReplicas(_ body: @Sendable (_ clients: [QMTLClient], _ store: SQLStore) async throws -> Void) async throws {
        let database = try await PostgresTestDatabase.create()
        let stores = [try await PostgresStore(url: database.url), try await PostgresStore(url: database.url)]
        let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "t")
        let token = try await stores[0].issueToken(name: "user:alice", role: "admin", audit: ctx).secret
        var servers: [QMTLServer.Running] = []
        var clients: [QMTLClient] = []
        for store in stores {
            let server = QMTLServer(store: store, configuration: .init(host: "127.0.0.1", port: 0), logger: Harness.quiet)
            let running = try await server.start()
            servers.append(running)
            clients.append(try QMTLClient(baseURL: "http://127.0.0.1:\(running.port)", token: token, observe: Harness.checkAnswer))
        }
        do {
            try await body(clients, stores[0])
        } catch {
            Issue.record(error)
        }
        for (i, server) in servers.enumerated() { try await bounded("stopping server \(i)") { await server.stop() } }
        for (i, s) in stores.enumerated() { try await bounded("closing store \(i)") { try await s.close() } }
        try await bounded("dropping the database") { try await database.drop() }
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func alternatingConcurrentRequestsLeaveOneConsistentState() async throws {
        try await Self.withReplicas { clients, store in
            _ = try await SubmitEvaluateTests.worlds(clients[1])
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            // Eight concurrent submissions of one strategy, alternating replicas.
            let results = try await withThrowingTaskGroup(of: Runner.Submission.self) { group in
                for i in 0..<8 { group.addTask { try await Runner(service: clients[i % 2]).submit(graph, worlds: ["a"]) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.results.map(\.runState) == ["evaluated"] }, "\(results.map(\.results))")
            let world = try WorldID(parsing: "a")
            #expect(try await store.bindings(world) == [graph.strategyID], "one binding")
            let runs = try await store.runs(world, strategy: graph.strategyID, stage: nil, limit: 100)
            #expect(runs.count == 1, "one run for one EvalKey: \(runs.map { "\($0.runID) \($0.state)" })")

            // Concurrent decisions on one ref, through both replicas.
            let id = graph.strategyID.description
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<6 {
                    group.addTask {
                        _ = try await clients[i % 2].postDecision(
                            DecisionRequest(world: "a", nodeID: id, decision: i % 2 == 0 ? "stop" : "pause", reasonCode: "MANUAL"))
                    }
                }
                try await group.waitForAll()
            }
            let decisions = try await clients[0].listDecisions(world: "a", states: nil)
            #expect(decisions.count == 6 && decisions.allSatisfy { $0.state == "applied" })
            // Both replicas agree, and the latest applied decision is what shows.
            let statuses = [try await clients[0].status(strategy: id, world: "a"), try await clients[1].status(strategy: id, world: "a")]
            #expect(statuses[0] == statuses[1])
            let log = try await store.decisionLog(after: 0, limit: 100)
            #expect(log.map(\.seq) == Array(1...6), "one stream position per decision, no gaps")
            let latest = try #require(log.last?.decision.decision.rawValue)
            #expect(statuses[0].status == (latest == "stop" ? "stopped" : "paused"), "\(statuses[0].status) after \(latest)")
            let head = try #require(try await store.auditHead())
            #expect(try await store.verifyAudit() == .intact(entries: head.seq))
        }
    }
}
