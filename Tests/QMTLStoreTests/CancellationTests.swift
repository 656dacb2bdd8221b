import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// A task cancelled in the middle of a write transaction (a worker stopped, a request
/// abandoned) rolls it back and leaves the store usable: nothing of it is written, and the next
/// write begins normally.
@Suite("Store: cancelled transactions")
struct CancellationTests {
    @Test(arguments: StoreKind.available)
    func aCancelledTransactionRollsBackAndTheStoreGoesOn(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ctx = Fixture.ctx
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            for round in 0..<5 {
                let inside = AsyncStream<Void>.makeStream()
                let task = Task {
                    try await store.write { s in
                        try await s.execute(
                            "INSERT INTO job (job_id, kind, world_id, strategy_id, state, attempts, created_at_ms, updated_at_ms) VALUES (?, 'paper', ?, ?, 'queued', 0, 0, 0)",
                            [.text("cancelled-\(round)"), .text(Fixture.eq.description), .id(Fixture.smaStrategy.rootNodeID)])
                        inside.continuation.yield()
                        try await Task.sleep(for: .seconds(30))
                    }
                }
                var it = inside.stream.makeAsyncIterator()
                await it.next()
                task.cancel()
                _ = await task.result
                #expect(try await store.job("cancelled-\(round)") == nil, "rolled back")
                // The next transaction begins and commits.
                #expect(
                    try await store.enqueueJob(
                        JobRecord(jobID: "after-\(round)", kind: .backtest, world: Fixture.eq, strategy: Fixture.smaStrategy), audit: ctx
                    ).created)
            }
            #expect(try await store.jobs(states: nil, limit: 100).map(\.jobID) == (0..<5).map { "after-\($0)" })
        }
    }
}
