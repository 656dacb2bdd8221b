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

    /// The paper run's equity series is the reference engine's, point for point (reports and the
    /// risk hub read it), and the backtest's spans its bar window.
    static func expectSeries(_ ws: any WorldServiceAPI, _ id: String, paper: RunInfo, reference: Backtester) async throws {
        #expect(try await ws.runSeries(world: "a", strategy: id, runID: paper.runID) == RunSeries(t: reference.timestamps, equity: reference.equity))
        let backtest = try #require(try await ws.runs(world: "a", strategy: id, stage: "backtest", limit: 1).first)
        let series = try await ws.runSeries(world: "a", strategy: id, runID: backtest.runID)
        #expect(series.t.first.map(UTCTimestamp.format) == backtest.firstBar && series.t.last.map(UTCTimestamp.format) == backtest.lastBar)
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
            var paperFills: [Int] = []
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
                paperFills += outcomes.filter { $0.job.kind == "paper" }.compactMap(\.fills)
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
            try await Self.expectSeries(ws, id, paper: paper, reference: reference)
            #expect(paper.firstBar == UTCTimestamp.format(try #require(reference.timestamps.first)))
            #expect(paper.lastBar == UTCTimestamp.format(try #require(reference.lastTs)))
            #expect((paper.metrics?["num_trades"] ?? 0) >= 1)
            // Every order of the paper bars went through the paper order gate once: one simulated fill each.
            #expect(paperFills == [reference.orders.count] && !reference.orders.isEmpty)
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

    @Test(arguments: Backend.all)
    func barsAppendedOneAtATimeEqualTheReplayAndNeverReKeyTheBacktest(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            let all = try SubmitEvaluateTests.bars()
            let start = all[all.count - 60].ts  // the paper stage: the last 60 bars (about 84 days)
            let cut = all.count - 40  // the dataset stops 20 bars into it; the rest comes through the feed
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: Array(all[..<cut]))
            var dataset = WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)
            dataset.paperStart = UTCTimestamp.format(start)
            _ = try await ws.createWorld(id: "a", spec: WorldSpec(name: "A", dataset: dataset))
            _ = try await ws.publishPolicy(world: "a", document: CampaignTests.policy, fileName: "campaign.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await Runner(service: ws).submit(graph, worlds: ["a"])
            let evalKey = try await ws.status(strategy: id, world: "a").lastEvalKey
            let executor = CampaignExecutor(service: ws)
            var worker = Worker(service: ws, name: "worker:feed")
            worker.world = "a"

            // The paper run consumes the 20 bars there are, then waits for data.
            #expect(try await executor.step(world: "a", strategy: nil, execute: true).map(\.action.action) == ["start_paper"])
            _ = try await worker.drain()
            var status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(status.reasons == ["paper_window_incomplete", "waiting_for_data"], "\(status.reasons)")
            #expect(try await executor.step(world: "a", strategy: nil, execute: false).isEmpty, "nothing to do without new bars")

            // Bars arrive one at a time; each tick continues the paper run on the new bar.
            var appended = 0
            var continued = 0
            for bar in all[cut...] {
                let feed = try await ws.appendBars(world: "a", bars: [bar])
                appended += 1
                #expect(feed.appended == 1 && feed.bars == appended && feed.lastBar == UTCTimestamp.format(bar.ts))
                let steps = try await executor.step(world: "a", strategy: nil, execute: true)
                if steps.map(\.action.action) != ["continue_paper"] { break }
                continued += 1
                _ = try await worker.drain()
                status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
                if status.promotableToLive { break }
            }
            #expect(status.promotableToLive && status.reasons == [], "\(status.reasons) after \(appended) bars")
            #expect(continued == appended && appended < 40, "evaluated once the window was observed")
            // Sending a bar again unchanged is harmless; changed, it is refused.
            let again = try await ws.appendBars(world: "a", bars: [all[cut]])
            #expect(again.appended == 0 && again.bars == appended)
            var changed = all[cut]
            changed.close *= 1.01
            changed.high = max(changed.high, changed.close)
            let conflict = await #expect(throws: QMTLError.self) { _ = try await ws.appendBars(world: "a", bars: [changed]) }
            #expect(conflict?.code == .feedConflict)
            let early = await #expect(throws: QMTLError.self) { _ = try await ws.appendBars(world: "a", bars: [all[cut - 1]]) }
            #expect(early?.code == .dataOrder, "a bar the dataset already covers")
            var between = all[cut]
            between.ts += 3_600
            let gap = await #expect(throws: QMTLError.self) { _ = try await ws.appendBars(world: "a", bars: [between]) }
            #expect(gap?.code == .dataOrder, "a bar inside the feed where it has none")

            // Exactly the replay of the same bars, on indicators warmed before the paper start.
            let paper = try #require(try await ws.runs(world: "a", strategy: id, stage: "paper", limit: 5).first)
            let last = try #require(paper.lastBar.flatMap(UTCTimestamp.parse))
            var reference = Backtester(plan: try BacktestPlan(graph))
            reference.run(all.filter { $0.ts < start })
            reference.openAccount()
            reference.run(all.filter { $0.ts >= start && $0.ts <= last })
            #expect(paper.state == "evaluated" && paper.metrics == reference.metrics())
            try await Self.expectSeries(ws, id, paper: paper, reference: reference)
            #expect(last == all[cut + appended - 1].ts && paper.firstBar == UTCTimestamp.format(start))
            // The feed never re-keyed the backtest: one backtest run, the same EvalKey.
            #expect(try await ws.runs(world: "a", strategy: id, stage: "backtest", limit: 5).count == 1)
            #expect(try await ws.status(strategy: id, world: "a").lastEvalKey == evalKey)
            #expect(try await ws.feedBars(world: "a", after: nil) == Array(all[cut..<(cut + appended)]))
        }
    }

    /// Daily bars after `after`: `up` days rising 1 %, then `down` days falling 15 %.
    static func rally(after last: Bar, up: Int, down: Int) -> [Bar] {
        var bars: [Bar] = []
        var close = last.close
        for i in 0..<(up + down) {
            let open = close
            close *= i < up ? 1.01 : 0.85
            bars.append(
                Bar(
                    ts: last.ts + Int64(i + 1) * 86_400, open: open, high: max(open, close) * 1.001, low: min(open, close) * 0.999, close: close,
                    volume: 1e5))
        }
        return bars
    }

    @Test(arguments: Backend.all)
    func aRiskBreachOnLivePnLPausesTheStrategyInItsWorldOnly(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            let all = try SubmitEvaluateTests.bars()
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: all)
            let policy = CampaignTests.policy + "\nvalidation:\n  risk: {max_drawdown: {max: 0.45}}\n"
            for w in ["a", "b"] {
                _ = try await ws.createWorld(
                    id: w,
                    spec: WorldSpec(name: w, dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint), allowLive: true))
                _ = try await ws.publishPolicy(world: w, document: policy, fileName: "live.yaml")
            }
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            _ = try await Runner(service: ws).submit(graph, worlds: ["a", "b"])
            let executor = CampaignExecutor(service: ws)
            let worker = Worker(service: ws, name: "worker:live")
            for w in ["a", "b"] {
                #expect(try await executor.step(world: w, strategy: nil, execute: true).map(\.action.action) == ["start_paper"])
                _ = try await worker.drain()
                #expect(try await ws.campaignStatus(world: w, strategy: id).first?.promotableToLive == true)
                // Live, as an apply makes it (governance applies are another issue's): running in the live domain.
                let world = try WorldID(parsing: w)
                let ctx = AuditContext(actor: "user:test", role: "admin", requestID: "live-\(w)")
                _ = try await h.store.transition(world, graph.strategyID.rootNodeID, .deactivate, evalKey: nil, domain: nil, audit: ctx)
                _ = try await h.store.transition(world, graph.strategyID.rootNodeID, .activate, evalKey: nil, domain: .live, audit: ctx)
                #expect(try await ws.decide(world: w, strategy: id).effectiveMode == "live")
            }

            // A rally both worlds see: observed live, no breach.
            let rally = Self.rally(after: all.last!, up: 30, down: 0)
            for w in ["a", "b"] {
                _ = try await ws.appendBars(world: w, bars: rally)
                #expect(try await executor.step(world: w, strategy: nil, execute: true).map(\.action.action) == ["observe_live"])
                let outcome = try #require(try await worker.drain().first)
                #expect(outcome.error == nil && outcome.run?.stage == "live" && outcome.run?.state == "paper_running" && outcome.barsConsumed == 30)
                #expect(outcome.run?.firstBar == UTCTimestamp.format(rally[0].ts), "live PnL starts after the paper stage's last bar")
                // Each live report wrote the world's risk snapshot, as of the last bar observed, with the live PnL's daily returns.
                let snapshot = try await ws.latestRiskSnapshot(world: w)
                let live = try await ws.runSeries(world: w, strategy: id, runID: try #require(outcome.run?.runID))
                #expect(snapshot.provenance.stage == "live" && snapshot.asOf == UTCTimestamp.format(rally.last!.ts))
                #expect(snapshot.realizedReturns[id] == DailyReturns.of(t: live.t, equity: live.equity).map(\.value))
            }
            // A crash only world a sees: its risk rule breaks on live PnL, and it is paused there.
            let crash = Array(Self.rally(after: rally.last!, up: 0, down: 15))
            _ = try await ws.appendBars(world: "a", bars: crash)
            #expect(try await executor.step(world: "a", strategy: nil, execute: true).map(\.action.action) == ["observe_live"])
            let tripped = try #require(try await worker.drain().first)
            let run = try #require(tripped.run)
            #expect(run.state == "rejected" && run.explanation?.contains("max_drawdown") == true && run.explanation?.contains("RISK_TRIP") == true)
            #expect((run.metrics?["max_drawdown"] ?? 0) > 0.45 && tripped.resumedAfter == UTCTimestamp.format(rally.last!.ts))
            let decisions = try await ws.listDecisions(world: "a", states: nil)
            #expect(decisions.count == 1 && decisions.first?.decision == "pause" && decisions.first?.reasonCode == "RISK_TRIP")
            #expect(decisions.first?.actor == "system:risk-trip" && decisions.first?.scope == "world-local")
            #expect(try await ws.status(strategy: id, world: "a").status == "paused")
            let envelope = try await ws.decide(world: "a", strategy: id)
            #expect(envelope.effectiveMode == "compute-only" && envelope.reason.contains("RISK_TRIP"))
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(status.reasons == ["halted_by_decision"] && !status.promotableToLive)
            let halted = await #expect(throws: QMTLError.self) { _ = try await ws.startLive(world: "a", strategy: id) }
            #expect(halted?.code == .campaignNotReady && halted?.message.contains("paused") == true, "\(halted?.message ?? "")")
            let noPaper = await #expect(throws: QMTLError.self) { _ = try await ws.startPaper(world: "a", strategy: id) }
            #expect(noPaper?.code == .campaignNotReady && noPaper?.message.contains("halted_by_decision") == true, "\(noPaper?.message ?? "")")
            _ = try await ws.appendBars(world: "a", bars: Self.rally(after: crash.last!, up: 3, down: 0))
            #expect(try await executor.step(world: "a", strategy: nil, execute: true).isEmpty, "nothing runs while it is paused")
            // Resumed by an operator, it is observed again from the first bar after the trip —
            // the crash is not observed twice.
            _ = try await ws.postDecision(
                DecisionRequest(world: "a", nodeID: graph.strategyID.rootNodeID.description, decision: "resume", reasonCode: "MANUAL"))
            #expect(try await ws.decide(world: "a", strategy: id).effectiveMode == "live")
            #expect(try await executor.step(world: "a", strategy: nil, execute: true).map(\.action.action) == ["observe_live"])
            let again = try #require(try await worker.drain().first)
            #expect(
                again.run?.state == "paper_running" && again.run?.firstBar == UTCTimestamp.format(crash.last!.ts + 86_400) && again.barsConsumed == 3)
            // World b never saw the crash: still live, nothing decided there.
            #expect(try await ws.decide(world: "b", strategy: id).effectiveMode == "live")
            #expect(try await ws.listDecisions(world: "b", states: nil).isEmpty)
        }
    }
}
