import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// The campaign carried out (R-CAMP-4, R-CAMP-5): tick + execute queue jobs keyed by the
/// actions' idempotency keys, a worker runs them — the backtest, then the paper run warmed on
/// the bars before the paper start — and the strategy reaches `promotable_to_live`, in process
/// and over HTTP, on SQLite and PostgreSQL.
@Suite("WorldService: campaign execution", .timeLimit(.minutes(10)))
struct CampaignExecutionTests {
    /// The paper run of an uninterrupted engine: warmed on the bars before `start`, a fresh
    /// account from it (an independent computation of what the service must report).
    static func referencePaper(_ graph: StrategyGraph, start: Int64) throws -> Backtester {
        let bars = try SubmitEvaluateTests.bars()
        var engine = Backtester(plan: try BacktestPlan(graph))
        engine.run(bars.filter { $0.ts < start })
        engine.openAccount()
        engine.run(bars.filter { $0.ts >= start })
        return engine
    }

    @Test(arguments: Backend.all)
    func tickAndExecuteWalkAStrategyFromSubmitToPromotableToLive(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            _ = try await ws.publishPolicy(world: "a", document: CampaignTests.policy, fileName: "campaign.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            // Submitted only: no runtime backtests it; the campaign does the rest.
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a"]))
            let executor = CampaignExecutor(service: ws)
            var worker = Worker(service: ws, name: "worker:test")
            worker.world = "a"
            worker.checkpointEvery = 10

            var executed: [String] = []
            for _ in 0..<6 {
                // A dry run says what it would do and writes nothing.
                let head = try await ws.auditLog(after: 0, limit: 10_000).count
                let planned = try await executor.step(world: "a", strategy: nil, execute: false)
                #expect(try await ws.auditLog(after: 0, limit: 10_000).count == head, "a dry run writes nothing")
                let steps = try await executor.step(world: "a", strategy: nil, execute: true)
                #expect(steps.map(\.action) == planned.map(\.action))
                let queued = steps.filter { $0.outcome == .queued }
                guard !queued.isEmpty else { break }
                executed += queued.map(\.action.action)
                // Executing again before any job ran: the same keys, nothing queued twice.
                #expect(try await executor.step(world: "a", strategy: nil, execute: true).allSatisfy { $0.outcome != .queued })
                let outcomes = try await worker.drain()
                #expect(outcomes.count == queued.count && outcomes.allSatisfy { $0.error == nil && $0.job.state == "done" })
            }
            #expect(executed == ["evaluate", "start_paper"])
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(status.phase == "paper_campaign" && status.promotableToPaper && status.promotableToLive && status.reasons == [])
            #expect(status.windowRequired == 60 && status.windowObserved >= 60 && status.progress == 1)
            // Manual approval is the default: the tick asks an operator, and nothing runs it.
            let last = try await executor.step(world: "a", strategy: nil, execute: true)
            #expect(last.map(\.action.action) == ["manual_approval_required"] && last.allSatisfy { $0.outcome == .notRunnable })

            // The paper run: the bars from the paper start on, on indicators warmed before it,
            // with exactly the metrics of an uninterrupted engine.
            let paperStart = try #require(status.paperStart.flatMap(UTCTimestamp.parse))
            let paper = try #require(try await ws.runs(world: "a", strategy: id, stage: "paper", limit: 5).first)
            let reference = try Self.referencePaper(graph, start: paperStart)
            #expect(paper.state == "evaluated" && paper.metrics == reference.metrics())
            #expect(paper.firstBar == UTCTimestamp.format(try #require(reference.timestamps.first)))
            #expect(paper.lastBar == UTCTimestamp.format(try #require(reference.lastTs)))
            #expect((paper.metrics?["num_trades"] ?? 0) >= 1)
            // The world now lets it paper trade (the decide envelope follows the campaign).
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "paper")
            #expect(try await ws.status(strategy: id, world: "a").status == "running")
            // Each job ran once, by one worker, and is recorded under its action's key.
            let jobs = try await ws.jobs(state: nil, limit: 100)
            #expect(jobs.count == 2 && jobs.allSatisfy { $0.state == "done" && $0.attempts == 1 && $0.runID != nil })
            #expect(Set(jobs.map(\.jobID)) == Set(try await ws.auditLog(after: 0, limit: 10_000).filter { $0.action == "job.enqueue" }.map(\.target)))
        }
    }

    @Test(arguments: Backend.all)
    func paperRunsAreRefusedOrCheckedUntilTheCampaignAllowsThem(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            _ = try await ws.publishPolicy(world: "a", document: CampaignTests.policy, fileName: "campaign.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: ["a", "b"]))
            let early = await #expect(throws: QMTLError.self) { _ = try await ws.startPaper(world: "a", strategy: id) }
            #expect(early?.code == .campaignNotReady && early?.message.contains("missing_backtest_run") == true)
            _ = try await Runner(service: ws).submit(graph, worlds: ["a", "b"])
            // World b has no paper window: no paper stage there.
            let noWindow = await #expect(throws: QMTLError.self) { _ = try await ws.startPaper(world: "b", strategy: id) }
            #expect(noWindow?.code == .campaignNotReady && noWindow?.message.contains("no_paper_window") == true)

            let ticket = try await ws.startPaper(world: "a", strategy: id)
            let runID = try #require(ticket.runID)
            #expect(ticket.stage == "paper" && ticket.cached == nil && ticket.checkpoint == nil)
            #expect(try await ws.startPaper(world: "a", strategy: id).runID == runID, "a second start resumes the same run")
            #expect(try await ws.run(world: "a", strategy: id, runID: runID).state == "paper_running")
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "paper")

            let start = try #require(ticket.paperStart.flatMap(UTCTimestamp.parse))
            let day: Int64 = 86_400
            func result(_ from: Int64, _ to: Int64) -> RunResult {
                RunResult(
                    metrics: ["num_trades": 2, "sharpe": 1.1, "sample_days": 50], firstBar: UTCTimestamp.format(from),
                    lastBar: UTCTimestamp.format(to))
            }
            // Bars before the paper start were the backtest's.
            let before = await #expect(throws: QMTLError.self) {
                _ = try await ws.reportProgress(world: "a", strategy: id, runID: runID, result: result(start - day, start + 10 * day))
            }
            #expect(before?.code == .runResult)
            let progress = try await ws.reportProgress(world: "a", strategy: id, runID: runID, result: result(start, start + 29 * day))
            #expect(progress.state == "paper_running" && progress.lastBar == UTCTimestamp.format(start + 29 * day))
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(status.phase == "paper_campaign" && status.windowObserved == 30 && status.progress == 0.5)
            #expect(status.reasons == ["paper_window_incomplete", "paper_running"])
            // Evaluated only once the paper window is observed.
            let tooEarly = await #expect(throws: QMTLError.self) {
                _ = try await ws.evaluate(world: "a", strategy: id, runID: runID, result: result(start, start + 29 * day))
            }
            #expect(tooEarly?.code == .campaignNotReady)
            let evaluated = try await ws.evaluate(world: "a", strategy: id, runID: runID, result: result(start, start + 59 * day))
            #expect(evaluated.state == "evaluated" && evaluated.stage == "paper")
            let ended = await #expect(throws: QMTLError.self) {
                _ = try await ws.reportProgress(world: "a", strategy: id, runID: runID, result: result(start, start + 70 * day))
            }
            #expect(ended?.code == .runNotRunning)
            // A finished paper run stands: starting again returns it.
            #expect(try await ws.startPaper(world: "a", strategy: id).cached?.runID == runID)
            // The backtest's validation is untouched: the cache holds the backtest's metrics only.
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "paper")
        }
    }

    @Test(arguments: Backend.all)
    func aPaperRunThePolicyRejectsSendsTheStrategyToInvalid(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            let policy = CampaignTests.policy + "\nselection:\n  thresholds: {sharpe: {metric: sharpe, min: -0.5}}\n"
            _ = try await ws.publishPolicy(world: "a", document: policy, fileName: "campaign.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            let submitted = try await Runner(service: ws).submit(graph, worlds: ["a"])
            try #require(submitted.results.first?.runState == "evaluated", "the backtest passes: \(submitted.results.first?.rejectionReason ?? "")")
            let ticket = try await ws.startPaper(world: "a", strategy: id)
            let start = try #require(ticket.paperStart.flatMap(UTCTimestamp.parse))
            let bad = RunResult(
                metrics: ["num_trades": 3, "sharpe": -1, "sample_days": 60], firstBar: UTCTimestamp.format(start),
                lastBar: UTCTimestamp.format(start + 59 * 86_400))
            let run = try await ws.evaluate(world: "a", strategy: id, runID: try #require(ticket.runID), result: bad)
            #expect(run.state == "rejected")
            #expect(try await ws.status(strategy: id, world: "a").status == "invalid")
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "compute-only")
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(!status.promotableToLive && status.reasons == ["validation_failed"])
        }
    }
}
