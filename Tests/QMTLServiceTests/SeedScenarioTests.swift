import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// The seed's scenario (gsg-wvg migration package, SPEC §4–5) end to end on every store, with
/// real backtests: one strategy in two worlds, a world-local stop that only one world sees, a
/// global stop that waits for approval, a resume, a dataset change that re-evaluates, and a
/// resubmission that changes nothing.
@Suite("Seed scenario", .timeLimit(.minutes(10)))
struct SeedScenarioTests {
    @Test(arguments: Backend.all)
    func oneStrategyTwoWorlds(_ backend: Backend) async throws {
        let clock = DecisionTests.Clock()
        try await withService(backend, { DecisionTests.service($0, clock) }) { h in
            let (store, ws) = (h.store, h.api)
            let operatorOlga = try h.acting(as: Caller(actor: "user:olga", role: .operator))
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            func statuses() async throws -> [String] {
                [try await ws.status(strategy: id, world: "a").status, try await ws.status(strategy: id, world: "b").status]
            }

            // Submitted to two worlds, evaluated with real backtests in each.
            let first = try await Runner(service: ws).submit(graph, worlds: ["a", "b"])
            #expect(first.results.map(\.runState) == ["evaluated", "evaluated"])
            #expect(try await statuses() == ["valid", "valid"])

            // World A's stricter policy invalidates it there; an operator stops it world-locally.
            _ = try await operatorOlga.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: 0.5}}}\n", fileName: "strict.yaml")
            let requeued = try await Runner(service: ws).runQueued(world: "a")
            #expect(requeued.map(\.run.state) == ["rejected"] && requeued[0].run.reasons == ["contract_id"])
            let local = try await operatorOlga.postDecision(DecisionRequest(world: "a", nodeID: id, decision: "stop", reasonCode: "VAL_FAIL"))
            #expect(local.state == "applied")
            #expect(try await statuses() == ["stopped", "valid"], "world B keeps running it")
            #expect(try await ws.decide(world: "b", strategy: id).effectiveMode == "compute-only")

            // A global stop is pending and changes nothing until approved…
            clock.advance(10)
            let headBefore = try await ws.strategies(world: "b")
            let global = try await operatorOlga.postDecision(
                DecisionRequest(world: nil, nodeID: id, decision: "stop", reasonCode: "OP_INCIDENT", scope: "global"))
            #expect(global.state == "pending")
            #expect(try await statuses() == ["stopped", "valid"])
            #expect(try await ws.strategies(world: "b") == headBefore)
            // …then applies in both.
            clock.advance(10)
            let approved = try await h.acting(as: Caller(actor: "user:risk", role: .operator)).approveDecision(global.eventID)
            #expect(approved.resolvedWorldIDs == ["world:a", "world:b"] && approved.approvedBy == "user:risk")
            #expect(try await statuses() == ["stopped", "stopped"])

            // A resume restores the prior status in each world: invalid in A, valid in B.
            let resume = try await operatorOlga.postDecision(
                DecisionRequest(world: nil, nodeID: id, decision: "resume", reasonCode: "MANUAL", scope: "global"))
            _ = try await operatorOlga.approveDecision(resume.eventID)
            #expect(try await statuses() == ["invalid", "valid"])

            // Changing A's dataset sends its ref to validating and misses the cache; status says why.
            let shorter = try await ReevaluationTests.dataset(ws, bars: 1500)
            _ = try await ws.updateWorld("a", patch: WorldPatch(dataset: shorter))
            let changed = try await ws.status(strategy: id, world: "a")
            #expect(changed.status == "validating" && changed.reevaluationReasons == ["world_ref", "dataset_fingerprint"])
            #expect(try await ws.status(strategy: id, world: "b").status == "valid")
            let rerun = try await Runner(service: ws).runQueued(world: "a")
            #expect(rerun.count == 1 && rerun[0].run.evalKey != requeued[0].run.evalKey, "a cache miss: a new EvalKey ran")
            #expect(rerun[0].run.reasons == ["world_ref", "dataset_fingerprint"])

            // Resubmitting the same file changes nothing.
            let head = try await store.auditHead()
            let again = try await Runner(service: ws).submit(graph, worlds: ["a", "b"])
            #expect(again.results.allSatisfy { $0.cached && !$0.bound })
            #expect(try await store.auditHead() == head)
            #expect(try await store.verifyAudit() == .intact(entries: head!.seq))
        }
    }
}
