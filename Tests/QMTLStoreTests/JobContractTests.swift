import Foundation
import QMTLCore
import QMTLTestSupport
import Synchronization
import Testing

@testable import QMTLStore

/// Jobs on every store: queued once, claimed oldest first by one worker at a time, re-claimed
/// with their checkpoint when a lease runs out, and finished only by the worker holding them.
@Suite("Job contract")
struct JobContractTests {
    let ctx = Fixture.ctx

    static func job(_ id: String, _ kind: JobRecord.Kind = .backtest) -> JobRecord {
        JobRecord(jobID: id, kind: kind, world: Fixture.eq, strategy: Fixture.smaStrategy)
    }

    @Test(arguments: StoreKind.available)
    func queuedOnceClaimedOldestFirstByKind(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            #expect(try await store.enqueueJob(Self.job("j1"), audit: ctx).created)
            #expect(try await store.enqueueJob(Self.job("j2", .paper), audit: ctx).created)
            #expect(try await store.enqueueJob(Self.job("j3"), audit: ctx).created)
            let again = try await store.enqueueJob(Self.job("j1", .paper), audit: ctx)
            #expect(!again.created && again.0.kind == .backtest, "the same id is the same job")

            #expect(try await store.claimJob(kinds: [.paper], world: nil, owner: "w1", leaseMillis: 60_000, audit: ctx)?.jobID == "j2")
            let first = try #require(try await store.claimJob(kinds: [.backtest, .paper], world: nil, owner: "w1", leaseMillis: 60_000, audit: ctx))
            #expect(first.jobID == "j1" && first.state == .claimed && first.leaseOwner == "w1" && first.attempts == 1)
            #expect(try await store.claimJob(kinds: [.backtest], world: nil, owner: "w2", leaseMillis: 60_000, audit: ctx)?.jobID == "j3")
            #expect(
                try await store.claimJob(kinds: [.backtest, .paper], world: nil, owner: "w2", leaseMillis: 60_000, audit: ctx) == nil, "all held")
            #expect(try await store.jobs(states: [.claimed], limit: 10).map(\.jobID) == ["j1", "j2", "j3"])
            let actions = try await store.auditLog(after: 0, limit: 100).map(\.entry.action)
            #expect(actions.filter { $0 == "job.enqueue" }.count == 3 && actions.filter { $0 == "job.claim" }.count == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func anExpiredLeaseIsReclaimedWithItsCheckpoint(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            _ = try await store.enqueueJob(Self.job("p1", .paper), audit: ctx)
            // A lease of 0 ms has run out by the next reading of the store's clock.
            _ = try await store.claimJob(kinds: [.paper], world: nil, owner: "w1", leaseMillis: 0, audit: ctx)
            let beat = try await store.heartbeatJob(
                "p1", owner: "w1", leaseMillis: 0, checkpoint: [1, 2, 3], progress: ["last_bar": "2020-01-01T00:00:00Z"], runID: "r1")
            #expect(beat.checkpoint == [1, 2, 3] && beat.runID == "r1")
            let taken = try #require(try await store.claimJob(kinds: [.paper], world: nil, owner: "w2", leaseMillis: 60_000, audit: ctx))
            #expect(taken.leaseOwner == "w2" && taken.attempts == 2 && taken.checkpoint == [1, 2, 3] && taken.runID == "r1")
            #expect(taken.progress == ["last_bar": "2020-01-01T00:00:00Z"])
            // The first worker finds out at its next report, and changes nothing.
            await #expect(throws: QMTLError.self) {
                _ = try await store.heartbeatJob("p1", owner: "w1", leaseMillis: 60_000, checkpoint: [9], progress: nil, runID: nil)
            }
            let lost = await #expect(throws: QMTLError.self) { _ = try await store.finishJob("p1", owner: "w1", error: nil, audit: ctx) }
            #expect(lost?.code == .jobLeaseLost)
            #expect(try await store.job("p1")?.checkpoint == [1, 2, 3])
            let done = try await store.finishJob("p1", owner: "w2", error: nil, audit: ctx)
            #expect(done.state == .done && done.leaseOwner == nil)
            #expect(
                try await store.claimJob(kinds: [.paper], world: nil, owner: "w3", leaseMillis: 0, audit: ctx) == nil, "a finished job stays finished"
            )
            let missing = await #expect(throws: QMTLError.self) { _ = try await store.finishJob("nope", owner: "w2", error: nil, audit: ctx) }
            #expect(missing?.code == .jobNotFound)
            #expect(try await store.verifyAudit() == .intact(entries: try #require(try await store.auditHead()).seq))
        }
    }

    @Test(arguments: StoreKind.available)
    func claimsNarrowToAWorldAndARunKeepsItsLatestCheckpoint(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let other = try WorldID(parsing: "world:other")
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            _ = try await store.createWorld(other, config: Fixture.config(), audit: ctx)
            _ = try await store.enqueueJob(JobRecord(jobID: "a", kind: .paper, world: other, strategy: Fixture.smaStrategy), audit: ctx)
            _ = try await store.enqueueJob(Self.job("b", .paper), audit: ctx)
            _ = try await store.enqueueJob(Self.job("c", .paper), audit: ctx)
            #expect(try await store.claimJob(kinds: [.paper], world: Fixture.eq, owner: "w1", leaseMillis: 60_000, audit: ctx)?.jobID == "b")
            #expect(try await store.claimJob(kinds: [.paper], world: nil, owner: "w1", leaseMillis: 60_000, audit: ctx)?.jobID == "a")
            #expect(try await store.latestJobCheckpoint(Fixture.eq, strategy: Fixture.smaStrategy, runID: "r1") == nil)
            _ = try await store.heartbeatJob("b", owner: "w1", leaseMillis: 60_000, checkpoint: [1], progress: nil, runID: "r1")
            #expect(try await store.latestJobCheckpoint(Fixture.eq, strategy: Fixture.smaStrategy, runID: "r1") == [1])
            // A later job of the same run (a continuation) saves a later checkpoint: that one is the latest.
            _ = try await store.finishJob("b", owner: "w1", error: nil, audit: ctx)
            #expect(try await store.claimJob(kinds: [.paper], world: Fixture.eq, owner: "w2", leaseMillis: 60_000, audit: ctx)?.jobID == "c")
            try await Task.sleep(for: .milliseconds(5))
            _ = try await store.heartbeatJob("c", owner: "w2", leaseMillis: 60_000, checkpoint: [2], progress: nil, runID: "r1")
            #expect(try await store.latestJobCheckpoint(Fixture.eq, strategy: Fixture.smaStrategy, runID: "r1") == [2])
            #expect(try await store.latestJobCheckpoint(other, strategy: Fixture.smaStrategy, runID: "r1") == nil, "runs are per world")
        }
    }

    final class Claims: Sendable {
        let byJob = Mutex<[String: [String]]>([:])
    }

    @Test(arguments: StoreKind.available)
    func concurrentWorkersNeverShareAJob(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
            for i in 0..<40 { _ = try await store.enqueueJob(Self.job(String(format: "j%02d", i)), audit: ctx) }
            let claims = Claims()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<4 {
                    group.addTask {
                        while let job = try await store.claimJob(kinds: [.backtest], world: nil, owner: "w\(w)", leaseMillis: 600_000, audit: ctx) {
                            claims.byJob.withLock { $0[job.jobID, default: []].append("w\(w)") }
                            _ = try await store.finishJob(job.jobID, owner: "w\(w)", error: nil, audit: ctx)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let byJob = claims.byJob.withLock { $0 }
            #expect(byJob.count == 40 && byJob.values.allSatisfy { $0.count == 1 }, "each job claimed once")
            let jobs = try await store.jobs(states: nil, limit: 100)
            #expect(jobs.count == 40 && jobs.allSatisfy { $0.state == .done && $0.attempts == 1 })
        }
    }
}
