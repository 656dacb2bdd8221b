import Testing

@testable import QMTLCore

/// R-CAMP-1…3: windows on observed data, the reasons in order, and actions whose keys depend
/// only on the state.
@Suite("Campaign rules")
struct CampaignRulesTests {
    static let day: Int64 = 86_400
    static let start: Int64 = 1_420_070_400  // 2015-01-01

    static func campaign(backtest: Int? = 365, paper: Int? = 60, trades: Int? = 1, sampleDays: Int? = nil) -> Policy.Campaign {
        Policy.Campaign(
            backtestWindowSeconds: backtest.map { $0 * 86_400 }, paperWindowSeconds: paper.map { $0 * 86_400 }, minTradesPerWindow: trades,
            minSampleDays: sampleDays)
    }

    /// A run over `days` daily bars starting `from` days after the start.
    static func run(_ id: String, _ progress: StageEvidence.Progress, days: Int64, from: Int64 = 0, trades: Double = 5) -> StageEvidence {
        StageEvidence(
            runID: id, progress: progress, firstBar: start + from * day, lastBar: start + (from + days - 1) * day,
            metrics: ["sample_days": Double(days), "num_trades": trades, "sharpe": 1.2, "max_drawdown": 0.1, "drawdown_episodes": 3])
    }

    static func evidence(
        _ campaign: Policy.Campaign? = campaign(), promotion: Policy.PromotionMode = .manualApproval, paperStart: Bool = true,
        dataDays: Int64 = 500, backtest: StageEvidence? = nil, paper: StageEvidence? = nil, live: Bool = false
    ) -> CampaignEvidence {
        CampaignEvidence(
            world: "world:w", strategy: "s1", campaign: campaign, promotion: promotion, hasPaperStart: paperStart, interval: day,
            dataLastBar: start + (dataDays - 1) * day, backtest: backtest, paper: paper, live: live)
    }

    @Test func aYearOfDailyBarsObservesAYear() {
        #expect(CampaignRules.observedDays(Self.run("r", .passed, days: 365), interval: Self.day) == 365)
        #expect(CampaignRules.observedDays(nil, interval: Self.day) == 0)
    }

    @Test func theBacktestPhaseInOrder() {
        var s = CampaignRules.status(Self.evidence())
        #expect(s.phase == .backtest && s.reasons == [.missingBacktestRun] && !s.promotableToPaper && s.progress == 0)
        #expect(CampaignRules.actions(Self.evidence()).map(\.idempotencyKey) == ["evaluate:world:w:s1:backtest:none"])

        let queued = Self.evidence(backtest: StageEvidence(runID: "r0", progress: .running))
        #expect(CampaignRules.status(queued).reasons == [.backtestRunning])
        #expect(CampaignRules.actions(queued).map(\.idempotencyKey) == ["evaluate:world:w:s1:backtest:r0"])

        s = CampaignRules.status(Self.evidence(backtest: Self.run("r1", .passed, days: 300)))
        #expect(s.reasons == [.backtestWindowIncomplete] && abs(s.progress - 300.0 / 365) < 1e-12 && s.windowRequiredDays == 365)
        #expect(CampaignRules.actions(Self.evidence(backtest: Self.run("r1", .passed, days: 300))).isEmpty, "nothing to do but wait for data")

        s = CampaignRules.status(Self.evidence(Self.campaign(trades: 10, sampleDays: 400), backtest: Self.run("r1", .passed, days: 365)))
        #expect(s.reasons == [.insufficientSampleDays, .insufficientTrades] && s.progress == 1)
        #expect(CampaignRules.status(Self.evidence(paperStart: false, backtest: Self.run("r1", .passed, days: 365))).reasons == [.noPaperWindow])
        #expect(CampaignRules.status(Self.evidence(backtest: Self.run("r1", .rejected, days: 365))).reasons == [.validationFailed])
        #expect(CampaignRules.status(Self.evidence(backtest: Self.run("r1", .failed, days: 365))).reasons == [.runFailed])

        let done = Self.evidence(backtest: Self.run("r1", .passed, days: 365))
        s = CampaignRules.status(done)
        #expect(s.promotableToPaper && !s.promotableToLive && s.reasons == [] && s.sharpe == 1.2 && s.numTrades == 5)
        #expect(CampaignRules.actions(done).map(\.idempotencyKey) == ["start_paper:world:w:s1:paper:r1"])
        #expect(CampaignRules.actions(done) == CampaignRules.actions(done), "same state, same actions")
    }

    @Test func thePaperPhaseWaitsForDataAndThenForGovernance() {
        let backtest = Self.run("r1", .passed, days: 365)
        // 20 of 60 days consumed, more bars available: keep feeding it.
        let running = Self.evidence(dataDays: 400, backtest: backtest, paper: Self.run("p1", .running, days: 20, from: 365))
        var s = CampaignRules.status(running)
        #expect(s.phase == .paper && s.reasons == [.paperWindowIncomplete, .paperRunning] && abs(s.progress - 20.0 / 60) < 1e-12)
        #expect(s.promotableToPaper && !s.promotableToLive)
        let key = CampaignRules.actions(running).map(\.idempotencyKey)
        #expect(key == ["continue_paper:world:w:s1:paper:p1:\(Self.start + 399 * Self.day)"])
        // A new bar is a new key; the same bars the same key.
        let grown = Self.evidence(dataDays: 401, backtest: backtest, paper: Self.run("p1", .running, days: 20, from: 365))
        #expect(CampaignRules.actions(grown).map(\.idempotencyKey) != key)

        // Every bar consumed, window not met: waiting for data, nothing to do.
        let starved = Self.evidence(dataDays: 385, backtest: backtest, paper: Self.run("p1", .running, days: 20, from: 365))
        #expect(CampaignRules.status(starved).reasons == [.paperWindowIncomplete, .waitingForData])
        #expect(CampaignRules.actions(starved).isEmpty)

        let complete = { (mode: Policy.PromotionMode) in
            Self.evidence(promotion: mode, backtest: backtest, paper: Self.run("p1", .passed, days: 60, from: 365))
        }
        s = CampaignRules.status(complete(.manualApproval))
        #expect(s.promotableToLive && s.reasons.isEmpty && s.progress == 1)
        #expect(CampaignRules.actions(complete(.manualApproval)).map(\.action) == [.manualApprovalRequired])
        #expect(CampaignRules.actions(complete(.autoApply)).map(\.idempotencyKey) == ["auto_apply_live:world:w:s1:live:p1"])
        #expect(CampaignRules.status(complete(.disabled)).reasons == [.promotionDisabled] && CampaignRules.actions(complete(.disabled)).isEmpty)

        // The backtest regressed (re-evaluated and rejected): the paper run no longer promotes.
        let regressed = Self.evidence(backtest: Self.run("r2", .rejected, days: 365), paper: Self.run("p1", .passed, days: 60, from: 365))
        #expect(CampaignRules.status(regressed).reasons == [.validationFailed] && CampaignRules.actions(regressed).isEmpty)
    }

    @Test func liveIsObserved() {
        let live = Self.evidence(backtest: Self.run("r1", .passed, days: 365), paper: Self.run("p1", .passed, days: 60, from: 365), live: true)
        let s = CampaignRules.status(live)
        #expect(s.phase == .live && s.promotableToLive && s.reasons.isEmpty)
        #expect(CampaignRules.actions(live).map(\.action) == [.observeLive])
    }

    @Test func aDecisionHaltsEveryPhase() {
        var cases = [
            Self.evidence(backtest: Self.run("r1", .passed, days: 365)),
            Self.evidence(backtest: Self.run("r1", .passed, days: 365), paper: Self.run("p1", .passed, days: 60, from: 365)),
            Self.evidence(backtest: Self.run("r1", .passed, days: 365), paper: Self.run("p1", .passed, days: 60, from: 365), live: true),
        ]
        for i in cases.indices {
            #expect(!CampaignRules.actions(cases[i]).isEmpty, "case \(i) acts when nothing halts it")
            cases[i].halted = true
            let s = CampaignRules.status(cases[i])
            #expect(CampaignRules.actions(cases[i]).isEmpty && s.reasons.first == .haltedByDecision && !s.promotableToPaper && !s.promotableToLive)
        }
    }

    @Test func withoutACampaignBlockOnlyThePaperStartIsNeeded() {
        let e = Self.evidence(nil, backtest: Self.run("r1", .passed, days: 10, trades: 0))
        let s = CampaignRules.status(e)
        #expect(s.promotableToPaper && s.windowRequiredDays == nil && s.progress == 1)
    }
}
