import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// The core loop in process, on every store: submit → backtest in the runtime → the world's
/// policy decides → evaluated or rejected; cached by EvalKey; re-evaluated when the world changes.
@Suite("WorldService: submit and evaluate", .timeLimit(.minutes(10)))
struct SubmitEvaluateTests {
    static func graph(_ example: String) throws -> StrategyGraph {
        let text = String(decoding: try TestData.repoFile("examples/strategies/\(example)"), as: UTF8.self)
        return try StrategyFile.load(text, fileName: example)
    }

    static func bars() throws -> [Bar] {
        try BarCSV.parse(String(decoding: try TestData.sharedFile("bars/synthetic_daily_2000.csv"), as: UTF8.self), fileName: "daily.csv")
    }

    /// Two worlds on the shared daily bars; `b` charges 10 bps.
    static func worlds(_ ws: any WorldServiceAPI) async throws -> DatasetInfo {
        let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: try bars())
        let dataset = WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)
        _ = try await ws.createWorld(id: "a", spec: WorldSpec(name: "A", dataset: dataset))
        _ = try await ws.createWorld(id: "b", spec: WorldSpec(name: "B", marketConfig: MarketConfig(commissionBps: 10), dataset: dataset))
        return data
    }

    @Test(arguments: Backend.all)
    func submittedStrategiesAreBacktestedHereAndDecidedThere(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            let (id, outcomes) = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a", "b"])
            #expect(id == graph.strategyID.description)
            #expect(outcomes.map(\.world) == ["world:a", "world:b"] && outcomes.allSatisfy { $0.bound && !$0.cached })
            #expect(outcomes.map(\.run.state) == ["evaluated", "evaluated"])
            // The metrics are the engine's on the world's data and costs (the numpy reference's).
            let sharpe = outcomes.map { $0.run.metrics?["sharpe"] ?? .nan }
            #expect(abs(sharpe[0] - (-0.12877896478048542)) < 1e-9 && abs(sharpe[1] - (-0.18615287615630793)) < 1e-9, "\(sharpe)")
            let status = try await ws.status(strategy: id, world: "a")
            #expect(status.status == "valid" && status.latestRun?.runID == outcomes[0].run.runID)
            #expect(status.lastEvalKey == outcomes[0].run.evalKey)
            let history = try await store.runHistory(WorldID(parsing: "a"), strategy: graph.strategyID, runID: outcomes[0].run.runID)
            #expect(history.map(\.state) == [.submitted, .backtestRunning, .evaluating, .evaluated])

            // Resubmitting the same file changes nothing: the EvalKey was evaluated.
            let head = try await store.auditHead()
            let again = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a", "b"])
            #expect(again.outcomes.allSatisfy { $0.cached && !$0.bound })
            #expect(again.outcomes.map(\.run.runID) == outcomes.map(\.run.runID))
            #expect(try await store.auditHead() == head)

            // A world change is a new WorldRef, so a new EvalKey: evaluated again, the old run expired.
            _ = try await ws.updateWorld("a", patch: WorldPatch(marketConfig: MarketConfig(slippageBps: 5)))
            let third = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a"])
            #expect(!third.outcomes[0].cached && third.outcomes[0].run.evalKey != outcomes[0].run.evalKey)
            let old = try await ws.status(strategy: id, world: "a")
            #expect(old.lastEvalKey == third.outcomes[0].run.evalKey)
            #expect(try await store.run(WorldID(parsing: "a"), strategy: graph.strategyID, runID: outcomes[0].run.runID)?.state == .expired)
            // R-RUN-3: the runs, newest first, by stage and limit.
            let runs = try await ws.runs(world: "a", strategy: id, stage: nil, limit: 10)
            #expect(runs.map(\.runID) == [third.outcomes[0].run.runID, outcomes[0].run.runID] && runs.map(\.state) == ["evaluated", "expired"])
            #expect(try await ws.runs(world: "a", strategy: id, stage: "backtest", limit: 1).map(\.runID) == [third.outcomes[0].run.runID])
            #expect(try await ws.runs(world: "a", strategy: id, stage: "paper", limit: 10).isEmpty)
            let badStage = await #expect(throws: QMTLError.self) { try await ws.runs(world: "a", strategy: id, stage: "space", limit: 10) }
            #expect(badStage?.code == .usage)
            // World b was not touched (R-WVG-2).
            #expect(try await ws.status(strategy: id, world: "b").latestRun?.runID == outcomes[1].run.runID)
            #expect(try await store.verifyAudit() == .intact(entries: try await store.auditHead()!.seq))
        }
    }

    @Test(arguments: Backend.all)
    func aPolicyCanRejectAndItsContractIsPartOfTheEvalKey(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            let first = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a"])
            #expect(first.outcomes[0].run.state == "evaluated")
            let published = try await ws.publishPolicy(
                world: "a", document: "selection: {thresholds: {sharpe: {metric: sharpe, min: 0.5}}}\n", fileName: "p.yaml")
            #expect(published.version == 1)
            let second = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a"])
            let run = second.outcomes[0].run
            #expect(!second.outcomes[0].cached && run.evalKey != first.outcomes[0].run.evalKey, "a new contract is a new EvalKey")
            #expect(run.state == "rejected" && run.summary == "fail")
            #expect(run.rules.first { $0.rule == "threshold.sharpe" }?.reasonCode == "below_min")
            #expect(run.explanation?.contains("< 0.5") == true, "\(run.explanation ?? "")")
            #expect(try await ws.status(strategy: run.strategyID, world: "a").status == "invalid")
            let operatorOnly = await #expect(throws: QMTLError.self) {
                try await h.acting(as: Caller(actor: "user:sam", role: .submitter)).publishPolicy(world: "a", document: "{}", fileName: "p.json")
            }
            #expect(operatorOnly?.code == .forbidden)
        }
    }

    @Test(arguments: Backend.all)
    func badSubmissionsWriteNothing(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            _ = try await ws.createWorld(id: "nodata", spec: WorldSpec(name: "no data"))
            let graph = try Self.graph("sma_cross.yaml")
            let nodes = SubmitRequest(graph: graph, worlds: []).nodes
            let head = try await store.auditHead()
            var tampered = nodes
            tampered[1].canonical = tampered[1].canonical.replacingOccurrences(of: "\"window\":10", with: "\"window\":11")
            let mismatch = await #expect(throws: QMTLError.self) {
                try await ws.submit(SubmitRequest(strategyID: graph.strategyID.description, name: nil, nodes: tampered, worlds: ["a"]))
            }
            #expect(mismatch?.code == .nodeIDMismatch && mismatch?.details["node"] == "sma_fast", "\(mismatch?.message ?? "")")
            let noWorld = await #expect(throws: QMTLError.self) {
                try await ws.submit(SubmitRequest(strategyID: graph.strategyID.description, name: nil, nodes: nodes, worlds: []))
            }
            #expect(noWorld?.code == .worldIDsRequired)
            let unknown = await #expect(throws: QMTLError.self) {
                try await ws.submit(SubmitRequest(strategyID: graph.strategyID.description, name: nil, nodes: nodes, worlds: ["a", "zz"]))
            }
            #expect(unknown?.code == .worldNotFound)
            #expect(try await store.auditHead() == head, "nothing was written")
            let unbound = await #expect(throws: QMTLError.self) { try await ws.startRun(world: "a", strategy: graph.strategyID.description) }
            #expect(unbound?.code == .notBound)
            _ = try await ws.submit(SubmitRequest(strategyID: graph.strategyID.description, name: nil, nodes: nodes, worlds: ["nodata"]))
            let noData = await #expect(throws: QMTLError.self) { try await ws.startRun(world: "nodata", strategy: graph.strategyID.description) }
            #expect(noData?.code == .worldConfig && noData?.message.contains("no dataset") == true)
            // A strategy on another symbol fails its run with the reason, instead of backtesting the wrong data.
            let other = try StrategyFile.load(
                String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self).replacingOccurrences(
                    of: "symbol: SYN", with: "symbol: XYZ"),
                fileName: "xyz.yaml")
            let wrong = await #expect(throws: QMTLError.self) { try await Runner(service: ws).submitReadingRuns(other, worlds: ["a"]) }
            #expect(wrong?.code == .datasetMismatch)
            let failed = try await ws.status(strategy: other.strategyID.description, world: "a")
            #expect(failed.latestRun?.state == "failed" && failed.latestRun?.error?.contains("E_DATASET_MISMATCH") == true)
        }
    }

    /// R-RUN-3: metrics from an external runner evaluate a run whose ref is not validating yet.
    @Test(arguments: Backend.all)
    func externalRunnersCanEvaluateARunOfAValidStrategy(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            _ = try await Runner(service: ws).submitReadingRuns(graph, worlds: ["a"])
            let world = try WorldID(parsing: "a")
            let ctx = AuditContext(actor: "system:runner", role: "submitter", requestID: "r")
            let runID = "00000000-0000-4000-8000-0000000000ff"
            _ = try await store.createRun(
                world, strategy: graph.strategyID, runID: runID, stage: .backtest,
                body: ["eval_key": .string("blake3:" + String(repeating: "1", count: 64))],
                audit: ctx)
            _ = try await store.transitionRun(
                world, strategy: graph.strategyID, runID: runID, to: .backtestRunning, reason: "external", update: RunUpdate(), audit: ctx)
            let run = try await ws.evaluate(
                world: "a", strategy: graph.strategyID.description, runID: runID,
                result: RunResult(metrics: ["sharpe": 1.5], firstBar: "2015-01-02", lastBar: "2022-09-01"))
            #expect(run.state == "evaluated")
            #expect(try await ws.status(strategy: graph.strategyID.description, world: "a").status == "valid")
            let junk = await #expect(throws: QMTLError.self) {
                try await ws.evaluate(
                    world: "a", strategy: graph.strategyID.description, runID: runID,
                    result: RunResult(metrics: ["sharp": 1.5], firstBar: "2015-01-02", lastBar: "2022-09-01"))
            }
            #expect(junk?.code == .policyMetric && junk?.message.contains("did you mean \"sharpe\"") == true)
            let history = try await store.refs(world, status: nil).first { $0.nodeID == graph.strategyID.rootNodeID }
            #expect(history?.lastEvalKey?.description == "blake3:" + String(repeating: "1", count: 64))
        }
    }

    /// An evaluation is one transaction: when any part is refused, none of it is written.
    @Test(arguments: Backend.all)
    func aRefusedEvaluationWritesNothing(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            let ticket = try await ws.startRun(world: "a", strategy: graph.strategyID.description)
            let runID = try #require(ticket.runID)
            // Before evaluation a run has no metrics (R-RUN-3), and `latest` names it.
            let early = await #expect(throws: QMTLError.self) {
                try await ws.runMetrics(world: "a", strategy: graph.strategyID.description, runID: "latest")
            }
            #expect(early?.code == .runNotEvaluated)
            #expect(try await ws.run(world: "a", strategy: graph.strategyID.description, runID: "latest").runID == runID)
            #expect(
                try await ws.runHistory(world: "a", strategy: graph.strategyID.description, runID: runID).map(\.state) == [
                    "submitted", "backtest_running",
                ])
            // An admin archives the strategy's ref meanwhile: the ref can no longer be validated.
            let world = try WorldID(parsing: "a")
            _ = try await store.transition(
                world, graph.strategyID.rootNodeID, .archive, evalKey: nil, domain: nil,
                audit: AuditContext(actor: "user:admin", role: "admin", requestID: "r"))
            let head = try await store.auditHead()
            let refused = await #expect(throws: QMTLError.self) {
                try await ws.evaluate(
                    world: "a", strategy: graph.strategyID.description, runID: runID,
                    result: RunResult(metrics: ["sharpe": 1], firstBar: "2015-01-02", lastBar: "2022-09-01"))
            }
            #expect(refused?.code == .illegalTransition)
            #expect(try await store.auditHead() == head, "nothing written")
            #expect(try await store.run(world, strategy: graph.strategyID, runID: runID)?.state == .backtestRunning)
            #expect(try await store.validation(try EvalKey(parsing: ticket.evalKey)) == nil)
        }
    }

    /// Starting a run is one transaction too: a ref that cannot be validated leaves no run behind.
    @Test(arguments: Backend.all)
    func aRefusedStartLeavesNoRun(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            let world = try WorldID(parsing: "a")
            _ = try await store.transition(
                world, graph.strategyID.rootNodeID, .archive, evalKey: nil, domain: nil,
                audit: AuditContext(actor: "user:admin", role: "admin", requestID: "r"))
            let head = try await store.auditHead()
            let refused = await #expect(throws: QMTLError.self) { try await ws.startRun(world: "a", strategy: graph.strategyID.description) }
            #expect(refused?.code == .illegalTransition)
            #expect(try await store.auditHead() == head)
            #expect(try await store.runs(world, strategy: graph.strategyID, stage: nil, limit: 10).isEmpty)
            let bad = await #expect(throws: QMTLError.self) {
                try await ws.evaluate(
                    world: "a", strategy: graph.strategyID.description, runID: "00000000-0000-4000-8000-000000000001",
                    result: RunResult(metrics: [:], firstBar: "2015-01-02", lastBar: "2015-01-02"))
            }
            #expect(bad?.code == .runNotFound)
        }
    }

    /// R-POL-3: a draft evaluated on the world's runs says who would leave and why, and changes nothing.
    @Test(arguments: Backend.all)
    func aDraftPolicyIsTriedOnTheWorldsRuns(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let sma = try await Runner(service: ws).submitReadingRuns(try Self.graph("sma_cross.yaml"), worlds: ["a"])
            let rsi = try await Runner(service: ws).submitReadingRuns(try Self.graph("rsi_momentum.yaml"), worlds: ["a"])
            let sharpes = [sma, rsi].map { ($0.strategyID, $0.outcomes[0].run.metrics?["sharpe"] ?? .nan) }.sorted { $0.1 < $1.1 }
            let cut = (sharpes[0].1 + sharpes[1].1) / 2
            let head = try await store.auditHead()
            let diff = try await ws.policyWhatIf(
                world: "a", document: "selection: {thresholds: {s: {metric: sharpe, min: \(cut)}}}\n", fileName: "draft.yaml")
            #expect(diff.leaving.map(\.strategyID) == [sharpes[0].0], "the lower Sharpe leaves")
            #expect(diff.leaving.first?.rule == "threshold.s" && diff.leaving.first?.reasonCode == "below_min")
            #expect(diff.staying == [sharpes[1].0] && diff.entering.isEmpty)
            #expect(diff.currentContract == Policy().contractID.description && diff.draftContract != diff.currentContract)
            #expect(try await store.auditHead() == head, "a what-if writes nothing")
        }
    }

    /// Candidates' metrics come from the database: all of them, or only the policy's, equal either way.
    @Test(arguments: Backend.all)
    func candidateMetricsReadBackAsStored(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let (store, ws) = (h.store, h.api)
            _ = try await Self.worlds(ws)
            let submitted = try await Runner(service: ws).submitReadingRuns(try Self.graph("sma_cross.yaml"), worlds: ["a"])
            let world = try WorldID(parsing: "a")
            let all = try await store.runMetrics(world, stage: .backtest, state: .evaluated, only: nil)
            let some = try await store.runMetrics(world, stage: .backtest, state: .evaluated, only: ["sharpe", "num_trades", "not_there"])
            let metrics = try #require(submitted.outcomes[0].run.metrics)
            #expect(all.count == 1 && all[0].metrics == metrics && all[0].lastBar == "2022-09-01T00:00:00Z")
            #expect(some[0].metrics == ["sharpe": metrics["sharpe"]!, "num_trades": metrics["num_trades"]!])
            #expect(some[0].firstBar == all[0].firstBar && some[0].runID == submitted.outcomes[0].run.runID)
        }
    }

    /// A strategy not bound to a world names the closest bound one, or the worlds it is bound in.
    @Test(arguments: Backend.all)
    func anUnboundStrategyNamesWhereItIs(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await Self.worlds(ws)
            let graph = try Self.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            let elsewhere = await #expect(throws: QMTLError.self) { try await ws.status(strategy: id, world: "b") }
            #expect(elsewhere?.code == .notBound && elsewhere?.message.contains("(it is bound in world:a)") == true, "\(elsewhere?.message ?? "")")
            var typo = Array(id)
            typo[typo.count - 1] = typo[typo.count - 1] == "0" ? "1" : "0"
            let near = await #expect(throws: QMTLError.self) { try await ws.status(strategy: String(typo), world: "a") }
            #expect(near?.code == .notBound && near?.message.contains("did you mean \"\(id)\"") == true, "\(near?.message ?? "")")
        }
    }

    /// R-POL-2's correlation rule on the runs' real daily returns: a near copy of a selected
    /// strategy is turned away with the Pearson correlation of both equity curves; an
    /// unrelated strategy is not (before the service computed correlations, every second
    /// candidate failed with `correlation_insufficient`).
    @Test(arguments: Backend.all)
    func theCorrelationRuleReadsTheRunsDailyReturns(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await Self.worlds(ws)
            _ = try await ws.publishPolicy(
                world: "a", document: "selection:\n  top_k: {metric: sharpe, k: 5}\n  correlation: {max: 0.9, min_overlap: 60}\n", fileName: "p.yaml")
            let runner = Runner(service: ws)
            let sma = try Self.graph("sma_cross.yaml")
            let first = try await runner.submitReadingRuns(sma, worlds: ["a"]).outcomes[0].run
            #expect(first.state == "evaluated", "alone, nothing to be correlated with")
            let rsi = try await runner.submitReadingRuns(try Self.graph("rsi_momentum.yaml"), worlds: ["a"]).outcomes[0].run
            // The near copy: the same crossover on 10/29 days instead of 10/30.
            let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
                .replacingOccurrences(of: "params: {window: 30}", with: "params: {window: 29}")
            let copy = try await runner.submitReadingRuns(try StrategyFile.load(text, fileName: "copy.yaml"), worlds: ["a"]).outcomes[0].run

            func returns(_ run: RunInfo) async throws -> [Double] {
                let e = try await ws.runSeries(world: "a", strategy: run.strategyID, runID: run.runID).equity
                return zip(e.dropFirst(), e).map { $0 / $1 - 1 }
            }
            func pearson(_ x: [Double], _ y: [Double]) -> Double {
                let mx = x.reduce(0, +) / Double(x.count)
                let my = y.reduce(0, +) / Double(y.count)
                let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
                return sxy / (x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) * y.map { ($0 - my) * ($0 - my) }.reduce(0, +)).squareRoot()
            }
            let smaReturns = try await returns(first)
            let withCopy = pearson(smaReturns, try await returns(copy))
            let withRSI = pearson(smaReturns, try await returns(rsi))
            #expect(withCopy > 0.9 && abs(withRSI) <= 0.9, "copy \(withCopy), rsi \(withRSI)")
            #expect(rsi.state == "evaluated", "\(rsi.rules)")
            // Ranked by Sharpe, the copy comes after the original: it is the one turned away.
            #expect(try #require(copy.metrics?["sharpe"]) < first.metrics?["sharpe"] ?? .nan)
            #expect(copy.state == "rejected")
            let rule = try #require(copy.rules.first { $0.rule == "correlation" })
            #expect(rule.status == "fail" && rule.reasonCode == "correlation_too_high:\(first.strategyID)", "\(rule)")
            #expect(abs((rule.observed ?? 0) - withCopy) < 1e-9, "\(rule.observed ?? .nan) vs \(withCopy)")
        }
    }
}
