/// The campaign rules (R-CAMP-1…3) as pure functions of the evidence: the same evidence gives
/// the same status and the same actions, with the same idempotency keys.
public enum CampaignRules {
    static let day = 86_400.0

    /// Days of data a run observed: from its first bar to the end of its last (daily bars for a
    /// year, 365 of them, observe 365 days).
    public static func observedDays(_ run: StageEvidence?, interval: Int64) -> Double {
        guard let run, let first = run.firstBar, let last = run.lastBar, last >= first else { return 0 }
        return Double(last - first + interval) / day
    }

    /// Where the paper stage starts (R-CAMP-5): the world's `dataset.paper_start`, else the last
    /// bar minus twice the paper window; nil when neither is set.
    public static func paperStart(explicit: Int64?, paperWindowSeconds: Int?, dataLastBar: Int64?) -> Int64? {
        if let explicit { return explicit }
        guard let window = paperWindowSeconds, let last = dataLastBar else { return nil }
        return last - 2 * Int64(window)
    }

    /// The status of one strategy's campaign.
    public static func status(_ e: CampaignEvidence) -> CampaignStatus {
        let toPaper = backtestReasons(e)
        let toLive = toPaper.isEmpty ? paperReasons(e) : toPaper
        let phase: CampaignPhase = e.live ? .live : e.paper != nil ? .paper : .backtest
        let run = phase == .backtest ? e.backtest : e.paper
        let required: Int? = phase == .backtest ? e.campaign?.backtestWindowSeconds : phase == .paper ? e.campaign?.paperWindowSeconds : nil
        let observed = observedDays(run, interval: e.interval)
        let requiredDays = required.map { Double($0) / day }
        let progress =
            if let requiredDays, requiredDays > 0 { min(1, observed / requiredDays) } else { observed > 0 || phase == .live ? 1.0 : 0 }
        let m = run?.metrics ?? [:]
        return CampaignStatus(
            phase: phase, windowRequiredDays: requiredDays, windowObservedDays: observed, progress: progress, sampleDays: m["sample_days"],
            numTrades: m["num_trades"], sharpe: m["sharpe"], maxDrawdown: m["max_drawdown"], drawdownEpisodes: m["drawdown_episodes"],
            promotableToPaper: !e.halted && (e.live || toPaper.isEmpty), promotableToLive: !e.halted && (e.live || toLive.isEmpty),
            reasons: (e.halted ? [.haltedByDecision] : []) + (e.live ? [] : phase == .backtest ? toPaper : toLive))
    }

    /// Why the strategy may not be proposed for live yet: the backtest phase's reasons while it
    /// is not complete, then the paper phase's; empty when the paper campaign is complete.
    public static func liveReasons(_ e: CampaignEvidence) -> [CampaignReason] {
        let toPaper = backtestReasons(e)
        return toPaper.isEmpty ? paperReasons(e) : toPaper
    }

    /// Why the backtest phase is not complete; empty when a paper run may start.
    public static func backtestReasons(_ e: CampaignEvidence) -> [CampaignReason] {
        guard let run = e.backtest else { return [.missingBacktestRun] }
        switch run.progress {
        case .running: return [.backtestRunning]
        case .failed: return [.runFailed]
        case .rejected: return [.validationFailed]
        case .passed: break
        }
        var reasons = windowReasons(run, e, window: e.campaign?.backtestWindowSeconds, incomplete: .backtestWindowIncomplete)
        if !e.hasPaperStart { reasons.append(.noPaperWindow) }
        return reasons
    }

    /// Why the paper phase is not complete (the backtest phase is); empty when the strategy may
    /// be proposed for live.
    static func paperReasons(_ e: CampaignEvidence) -> [CampaignReason] {
        guard let run = e.paper else { return [.missingPaperRun] }
        switch run.progress {
        case .failed: return [.runFailed]
        case .rejected: return [.validationFailed]
        case .running:
            var reasons = windowReasons(run, e, window: e.campaign?.paperWindowSeconds, incomplete: .paperWindowIncomplete)
            let consumedAll = e.dataLastBar.map { last in (run.lastBar ?? .min) >= last } ?? true
            reasons.append(reasons.isEmpty ? .paperRunning : consumedAll ? .waitingForData : .paperRunning)
            return reasons
        case .passed:
            let reasons = windowReasons(run, e, window: e.campaign?.paperWindowSeconds, incomplete: .paperWindowIncomplete)
            return reasons.isEmpty && e.promotion == .disabled ? [.promotionDisabled] : reasons
        }
    }

    /// The window and the minima of `campaign.common`, on one stage's run.
    static func windowReasons(_ run: StageEvidence, _ e: CampaignEvidence, window: Int?, incomplete: CampaignReason) -> [CampaignReason] {
        var reasons: [CampaignReason] = []
        if let window, observedDays(run, interval: e.interval) * day < Double(window) { reasons.append(incomplete) }
        if let min = e.campaign?.minSampleDays, (run.metrics["sample_days"] ?? 0) < Double(min) { reasons.append(.insufficientSampleDays) }
        if let min = e.campaign?.minTradesPerWindow, (run.metrics["num_trades"] ?? 0) < Double(min) { reasons.append(.insufficientTrades) }
        return reasons
    }

    /// What to do next (R-CAMP-3): nothing here has side effects; an executor carries the actions out.
    public static func actions(_ e: CampaignEvidence) -> [CampaignAction] {
        guard !e.halted else { return [] }  // a decision halts it: nothing runs until it is lifted
        let status = status(e)
        func action(_ kind: CampaignAction.Kind, _ stage: RunStage, _ evidence: String, _ reason: String) -> [CampaignAction] {
            [
                CampaignAction(
                    action: kind, strategy: e.strategy, stage: stage,
                    idempotencyKey: [kind.rawValue, e.world, e.strategy, stage.rawValue, evidence].joined(separator: ":"), reason: reason)
            ]
        }
        switch status.phase {
        case .live:
            return action(.observeLive, .live, e.dataLastBar.map(String.init) ?? "none", "activated live: observe it on new data")
        case .backtest:
            guard let run = e.backtest else { return action(.evaluate, .backtest, "none", "no backtest run yet") }
            if run.progress == .running { return action(.evaluate, .backtest, run.runID, "the backtest run \(run.runID) is queued") }
            return status.promotableToPaper ? action(.startPaper, .paper, run.runID, "the backtest phase is complete") : []
        case .paper:
            guard status.promotableToPaper, let run = e.paper else { return [] }
            switch run.progress {
            case .running:
                guard let last = e.dataLastBar, (run.lastBar ?? .min) < last else { return [] }  // waiting for data
                return action(.continuePaper, .paper, "\(run.runID):\(last)", "bars up to \(last) are not consumed yet")
            case .passed where status.promotableToLive:
                switch e.promotion {
                case .autoApply: return action(.autoApplyLive, .live, run.runID, "the paper phase is complete; governance applies it")
                case .manualApproval:
                    return action(.manualApprovalRequired, .live, run.runID, "the paper phase is complete; an operator must approve")
                case .disabled: return []
                }
            case .passed, .rejected, .failed:
                return []
            }
        }
    }
}
