import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// R-WVG-3 on every store: a world or policy change sends the strategies whose EvalKey changed
/// back to `validating` with a queued re-evaluation that says which EvalKey component changed;
/// the queue runs from the stored strategies, dataset-fingerprint changes first.
@Suite("WorldService: re-evaluation", .timeLimit(.minutes(10)))
struct ReevaluationTests {
    static func dataset(_ ws: any WorldServiceAPI, bars: Int) async throws -> WorldDataset {
        let info = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: Array(try SubmitEvaluateTests.bars().prefix(bars)))
        return WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: info.fingerprint)
    }

    @Test(arguments: Backend.all)
    func aDatasetChangeQueuesARunThatSaysWhy(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            let first = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a", "b"])
            let shorter = try await Self.dataset(ws, bars: 1500)
            _ = try await ws.updateWorld("a", patch: WorldPatch(dataset: shorter))

            let status = try await ws.status(strategy: id, world: "a")
            #expect(status.status == "validating" && status.reevaluationReasons == ["world_ref", "dataset_fingerprint"])
            #expect(status.latestRun?.state == "submitted" && status.lastEvalKey == status.latestRun?.evalKey)
            #expect(status.lastEvalKey != first.outcomes[0].run.evalKey)
            let queue = try await ws.queuedRuns(world: "a")
            #expect(queue.map(\.strategyID) == [id] && queue[0].reasons == ["world_ref", "dataset_fingerprint"])
            // World b is not touched (R-WVG-2).
            #expect(try await ws.status(strategy: id, world: "b").status == "valid")
            #expect(try await ws.queuedRuns(world: "b").isEmpty)

            // The queue runs from the stored strategy: a cache miss, evaluated on the new data.
            let outcomes = try await Runner(service: ws).runQueued(world: "a")
            #expect(outcomes.count == 1 && outcomes[0].error == nil)
            let run = outcomes[0].run
            #expect(run.runID == queue[0].runID && run.state == "evaluated" && run.reasons == ["world_ref", "dataset_fingerprint"])
            #expect(run.metrics?["sample_days"] != first.outcomes[0].run.metrics?["sample_days"])
            let after = try await ws.status(strategy: id, world: "a")
            #expect(after.status == "valid" && after.reevaluationReasons.isEmpty && after.latestRun?.reasons == ["world_ref", "dataset_fingerprint"])
            #expect(try await ws.queuedRuns(world: "a").isEmpty)
            let earlier = try await ws.run(world: "a", strategy: id, runID: first.outcomes[0].run.runID)
            #expect(earlier.state == "expired")

            // Back to the first dataset: that EvalKey was evaluated, so its result is taken and nothing queues.
            let original = try await ws.describeWorld("b").spec.dataset
            _ = try await ws.updateWorld("a", patch: WorldPatch(dataset: original))
            let back = try await ws.status(strategy: id, world: "a")
            #expect(back.status == "valid" && back.lastEvalKey == first.outcomes[0].run.evalKey, "\(back)")
            #expect(try await ws.queuedRuns(world: "a").isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func policyAndCostChangesNameTheirComponent(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a"])
            _ = try await ws.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: 0.5}}}\n", fileName: "p.yaml")
            #expect(try await ws.status(strategy: id, world: "a").reevaluationReasons == ["contract_id"])
            // A second change before the queue ran supersedes the queued run; the reasons add up.
            _ = try await ws.updateWorld("a", patch: WorldPatch(resourcePolicy: ["cpu": 2]))
            let queue = try await ws.queuedRuns(world: "a")
            #expect(queue.count == 1 && queue[0].reasons == ["world_ref", "contract_id", "resource_policy"])
            let outcomes = try await Runner(service: ws).runQueued(world: "a")
            #expect(outcomes.map(\.run.state) == ["rejected"])
            #expect(try await ws.status(strategy: id, world: "a").status == "invalid")
            let failed = try await store.runs(WorldID(parsing: "a"), strategy: graph.strategyID, stage: .backtest, limit: 10).filter {
                $0.state == .failed
            }
            #expect(failed.count == 1, "the superseded queued run failed with a reason")
        }
    }

    @Test(arguments: Backend.all)
    func revalidateRequeuesAWholeWorldFingerprintChangesFirst(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
            let graphs = try [30, 50].map {
                try StrategyFile.load(text.replacingOccurrences(of: "window: 30", with: "window: \($0)"), fileName: "s\($0).yaml")
            }.sorted { $0.strategyID < $1.strategyID }
            // The strategy sorting last was evaluated on the old data; the other one on the new data.
            let late = graphs[1]
            let early = graphs[0]
            _ = try await Runner(service: ws).submitReadingRuns(late, worlds: ["a"])
            _ = try await ws.updateWorld("a", patch: WorldPatch(dataset: try await Self.dataset(ws, bars: 1500)))
            let firstEarly = try await Runner(service: ws).submitReadingRuns(early, worlds: ["a"])
            #expect(firstEarly.outcomes[0].run.reasons.isEmpty, "a first evaluation has no reasons")
            let queue = try await h.acting(as: Caller(actor: "user:olga", role: .operator)).revalidate(world: "a")
            #expect(queue.map(\.strategyID) == [late.strategyID.description, early.strategyID.description])
            #expect(queue.map(\.reasons) == [["world_ref", "dataset_fingerprint"], ["revalidate"]])
            #expect(try await ws.status(strategy: early.strategyID.description, world: "a").status == "validating")
            let forbidden = await #expect(throws: QMTLError.self) {
                try await h.acting(as: Caller(actor: "user:sam", role: .submitter)).revalidate(world: "a")
            }
            #expect(forbidden?.code == .forbidden)
            // A forced re-run of the same EvalKey gives the same numbers as the file did.
            let outcomes = try await Runner(service: ws).runQueued(world: "a")
            #expect(outcomes.map(\.run.state) == ["evaluated", "evaluated"])
            let rerun = outcomes.first { $0.run.strategyID == early.strategyID.description }?.run
            #expect(rerun?.evalKey == firstEarly.outcomes[0].run.evalKey && rerun?.metrics == firstEarly.outcomes[0].run.metrics)
        }
    }

    @Test(arguments: Backend.all)
    func anOlderPolicyVersionCanBeMadeTheDefaultAgain(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            let strict = try await ws.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: 0.5}}}\n", fileName: "s.yaml")
            let lenient = try await ws.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: -1}}}\n", fileName: "l.yaml")
            #expect(try await Runner(service: ws).submit(graph, worlds: ["a"]).results[0].runState == "evaluated")
            let back = try await ws.setDefaultPolicy(world: "a", version: 1)
            #expect(back.version == 1 && back.contractID == strict.contractID && back.isDefault)
            #expect(try await ws.policies(world: "a").map(\.isDefault) == [true, false])
            #expect(try await ws.describeWorld("a").policyVersion == 1)
            #expect(try await ws.status(strategy: id, world: "a").reevaluationReasons == ["contract_id"])
            #expect(try await Runner(service: ws).runQueued(world: "a").map(\.run.state) == ["rejected"])
            // The next publish follows the newest version, not the default.
            let third = try await ws.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: -2}}}\n", fileName: "t.yaml")
            #expect(third.version == 3 && third.contractID != lenient.contractID)
            #expect(try await ws.policies(world: "a").map(\.isDefault) == [false, false, true])
            let missing = await #expect(throws: QMTLError.self) { try await ws.setDefaultPolicy(world: "a", version: 9) }
            #expect(missing?.code == .policyVersionNotFound)
            let viewer = await #expect(throws: QMTLError.self) {
                try await h.acting(as: Caller(actor: "user:v", role: .viewer)).setDefaultPolicy(world: "a", version: 1)
            }
            #expect(viewer?.code == .forbidden)
        }
    }
}
