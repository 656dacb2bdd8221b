import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// Campaign status and tick through the WorldService (R-CAMP-1…3, R-CAMP-5), in process and
/// over HTTP: windows measured on the bars a run observed, the backtest kept off the paper
/// stage's bars, and a tick that changes nothing and repeats itself.
@Suite("WorldService: campaigns", .timeLimit(.minutes(10)))
struct CampaignTests {
    static let policy = """
        campaign:
          backtest: {window: 365d}
          paper: {window: 60d}
          common: {min_trades_per_window: 1}
        """

    @Test(arguments: Backend.all)
    func theBacktestStopsAtThePaperStartAndTheTickRecommendsPaper(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            #expect(try await ws.campaignStatus(world: "a", strategy: nil).isEmpty, "nothing bound yet")
            _ = try await ws.publishPolicy(world: "a", document: Self.policy, fileName: "campaign.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            let id = graph.strategyID.description
            await #expect(throws: QMTLError.self) { _ = try await ws.campaignStatus(world: "a", strategy: id) }
            let submitted = try await Runner(service: ws).submit(graph, worlds: ["a"])
            #expect(submitted.results.map(\.runState) == ["evaluated"])
            // R-SDK-7: the submission says where the campaign stands.
            #expect(submitted.results.first?.campaign == CampaignSummary(phase: "backtest_campaign", progress: 1, promotable: true, reasons: []))

            // The paper start: the last bar minus twice the paper window (R-CAMP-5).
            let bars = try SubmitEvaluateTests.bars()
            let paperStart = bars.last!.ts - 2 * 60 * 86_400
            let before = bars.filter { $0.ts < paperStart }
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: id).first)
            #expect(status.paperStart == UTCTimestamp.format(paperStart))
            let run = try #require(try await ws.runs(world: "a", strategy: id, stage: "backtest", limit: 1).first)
            #expect(
                run.firstBar == UTCTimestamp.format(bars.first!.ts) && run.lastBar == UTCTimestamp.format(before.last!.ts),
                "bars before the paper start only")

            // The window is the observed bars' span, and the metrics are the run's.
            let observed = Double(before.last!.ts - before.first!.ts + 86_400) / 86_400
            #expect(status.phase == "backtest_campaign" && status.windowRequired == 365 && status.windowObserved == observed && status.progress == 1)
            #expect(status.numTrades == run.metrics?["num_trades"] && status.sharpe == run.metrics?["sharpe"] && (status.numTrades ?? 0) >= 1)
            #expect(status.promotableToPaper && !status.promotableToLive && status.reasons == [])

            // A tick recommends the paper run, changes nothing, and says the same thing twice.
            let head = try await ws.auditLog(after: 0, limit: 10_000).count
            let tick = try await ws.campaignTick(world: "a", strategy: nil)
            #expect(tick.actions.map(\.action) == ["start_paper"] && tick.schemaVersion == 1)
            #expect(tick.actions.first?.idempotencyKey == "start_paper:world:a:\(id):paper:\(run.runID)")
            #expect(try await ws.campaignTick(world: "a", strategy: id) == tick)
            #expect(try await ws.auditLog(after: 0, limit: 10_000).count == head, "a tick writes nothing")

            // World b has no campaign block and no paper start: no paper stage, and it says why.
            let inB = try await Runner(service: ws).submit(graph, worlds: ["b"])
            #expect(inB.results.first?.campaign?.reasons == ["no_paper_window"] && inB.results.first?.campaign?.promotable == false)
            let b = try #require(try await ws.campaignStatus(world: "b", strategy: id).first)
            #expect(b.reasons == ["no_paper_window"] && !b.promotableToPaper && b.paperStart == nil && b.windowRequired == nil)
            #expect(try await ws.campaignTick(world: "b", strategy: nil).actions.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aWindowTheDataCannotFillKeepsTheBacktestPhase(_ backend: Backend) async throws {
        try await withService(backend) { h in
            let ws = h.api
            _ = try await SubmitEvaluateTests.worlds(ws)
            _ = try await ws.publishPolicy(
                world: "a", document: Self.policy.replacingOccurrences(of: "window: 365d", with: "window: 4000d"), fileName: "long.yaml")
            let graph = try SubmitEvaluateTests.graph("sma_cross.yaml")
            _ = try await Runner(service: ws).submit(graph, worlds: ["a"])
            let status = try #require(try await ws.campaignStatus(world: "a", strategy: graph.strategyID.description).first)
            #expect(status.reasons == ["backtest_window_incomplete"] && !status.promotableToPaper)
            #expect(status.progress > 0.6 && status.progress < 1 && abs(status.progress - status.windowObserved / 4000) < 1e-12)
            #expect(try await ws.campaignTick(world: "a", strategy: nil).actions.isEmpty, "more data, not another run, would help")
        }
    }
}
