import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    // MARK: Reports (R-GOV-10)

    public func report(world: String, strategy: String?) async throws -> WorldReport {
        _ = try authorize("world.report", needs: .viewer)
        let c = try await promotionContext(world)
        let minOverlap = c.policy.selection.correlation?.minOverlap ?? 20
        // Each live strategy's daily returns, for the overlaps.
        var liveReturns: [(id: String, returns: [Int64: Double])] = []
        for id in c.live.sorted(by: { $0.description < $1.description }) {
            liveReturns.append((id.description, try await dailyReturns(c.world.id, id)))
        }
        var reports: [StrategyReport] = []
        for (e, _) in try await campaignEvidence(world: world, strategy: strategy) {
            let id = try StrategyID(parsing: e.strategy)
            let status = CampaignRules.status(e)
            var run = try await store.runs(c.world.id, strategy: id, stage: .paper, limit: 1).first
            if run == nil { run = try await store.runs(c.world.id, strategy: id, stage: .backtest, limit: 1).first }
            let series = try await run.asyncFlatMap { r in try await store.runSeries(c.world.id, strategy: id, runID: r.runID).flatMap(Self.series) }
            let mine = series.map { DailyReturns.byDay(t: $0.t, equity: $0.equity) } ?? [:]
            let overlaps = liveReturns.filter { $0.id != e.strategy }.map { other in
                let days = mine.keys.filter { other.returns[$0] != nil }.count
                let corr = Pearson.correlation(mine, other.returns, minOverlap: minOverlap)?.corr
                return StrategyReport.Overlap(strategyID: other.id, correlation: corr, overlapDays: days)
            }
            let live = !e.live && e.paper != nil ? try await promotion(c, e).0 : nil
            reports.append(
                StrategyReport(
                    strategyID: e.strategy, phase: status.phase.rawValue, run: try run.map(Self.info), series: series,
                    campaignReasons: status.reasons.map(\.rawValue), live: live, isLive: e.live, overlaps: overlaps))
        }
        reports = try await named(reports, \.strategyID, \.name)
        for i in reports.indices { reports[i].overlaps = try await named(reports[i].overlaps, \.strategyID, \.name) }
        let approvals = try await store.approvals(c.world.id, strategy: nil).suffix(20).reversed().map(Self.approvalInfo)
        var snapshot = try c.snapshot.map(Self.snapshotInfo)
        snapshot?.realizedReturns = [:]
        return WorldReport(
            world: c.world.id.description, generatedAt: Self.iso(c.nowMillis), promotionMode: c.policy.governance.mode.rawValue,
            allowLive: c.spec.allowLive, riskSnapshot: snapshot, strategies: reports.sorted { $0.strategyID < $1.strategyID },
            approvals: Array(approvals))
    }

    /// A strategy's daily returns from its latest live, else paper, else backtest run's series.
    func dailyReturns(_ world: WorldID, _ id: StrategyID) async throws -> [Int64: Double] {
        guard let (_, series) = try await latestSeries(world, id, stages: [.live, .paper, .backtest]) else { return [:] }
        return DailyReturns.byDay(t: series.t, equity: series.equity)
    }
}
