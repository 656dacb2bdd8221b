import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    /// The campaign of every bound strategy of the world, or of one (R-CAMP-2).
    public func campaignStatus(world: String, strategy: String?) async throws -> [CampaignStatusInfo] {
        _ = try authorize("campaign.status", needs: .viewer)
        var context: PromotionContext?
        var out: [CampaignStatusInfo] = []
        for (e, paperStart) in try await campaignEvidence(world: world, strategy: strategy) {
            let s = CampaignRules.status(e)
            var info = CampaignStatusInfo(
                world: e.world, strategyID: e.strategy, phase: s.phase.rawValue, windowRequired: s.windowRequiredDays,
                windowObserved: s.windowObservedDays, progress: s.progress, sampleDays: s.sampleDays, numTrades: s.numTrades, sharpe: s.sharpe,
                maxDrawdown: s.maxDrawdown, drawdownEpisodes: s.drawdownEpisodes, promotableToPaper: s.promotableToPaper,
                promotableToLive: s.promotableToLive, reasons: s.reasons.map(\.rawValue), paperStart: paperStart.map(UTCTimestamp.format))
            // A complete paper campaign: what governance still asks (the same codes as the plan).
            if !e.live, e.paper?.progress == .passed, s.promotableToLive {
                if context == nil { context = try await promotionContext(world) }
                if let context {
                    let verdict = try await promotion(context, e).0
                    info.liveBlockedReasons = verdict.blockedReasons
                    info.liveVerdict = verdict.summary
                }
            }
            out.append(info)
        }
        return try await named(out, \.strategyID, \.name)
    }

    /// What to do next in the world (R-CAMP-3): computed from the stored state, changing nothing.
    public func campaignTick(world: String, strategy: String?) async throws -> CampaignTickInfo {
        _ = try authorize("campaign.tick", needs: .viewer)
        let evidence = try await campaignEvidence(world: world, strategy: strategy)
        let actions = evidence.flatMap { e, _ in
            CampaignRules.actions(e).map {
                CampaignActionInfo(
                    action: $0.action.rawValue, strategyID: $0.strategy, stage: $0.stage.rawValue, idempotencyKey: $0.idempotencyKey,
                    reason: $0.reason)
            }
        }
        return CampaignTickInfo(world: try WorldID(parsing: world).description, actions: try await named(actions, \.strategyID, \.name))
    }

    /// The campaign rules' evidence for each bound strategy (or one), with the paper start.
    func campaignEvidence(world: String, strategy: String?) async throws -> [(CampaignEvidence, paperStart: Int64?)] {
        let w = try await requireWorld(world)
        let spec = try Self.spec(w.config)
        let strategies: [StrategyID]
        if let strategy {
            strategies = [try await requireBinding(w.id, strategy)]
        } else {
            strategies = try await store.bindings(w.id)
        }
        let policy = try await currentPolicy(w.id)
        let (paperStart, datasetLastBar) = try await self.paperStart(spec, policy)
        // What a paper run can consume: the dataset, then the world's feed.
        let dataLastBar = try await dataLastBar(w.id, datasetLast: datasetLastBar)
        var out: [(CampaignEvidence, paperStart: Int64?)] = []
        for id in strategies {
            let ref = try await store.ref(w.id, id.rootNodeID)
            let backtest = try await stageEvidence(w.id, id, .backtest)
            var paper = try await stageEvidence(w.id, id, .paper)
            // Paper evidence counts for the backtest it follows: a new EvalKey starts over.
            if paper?.evalKey != backtest?.evalKey || backtest == nil { paper = nil }
            var e = CampaignEvidence(
                world: w.id.description, strategy: id.description, campaign: policy.campaign, promotion: policy.governance.mode,
                hasPaperStart: paperStart != nil, interval: Int64(spec.dataset?.interval ?? 86_400), dataLastBar: dataLastBar,
                backtest: backtest?.evidence, paper: paper?.evidence, live: ref?.state.lifecycle == .running && ref?.executionDomain == .live)
            e.halted = ref?.state.overlay != nil
            out.append((e, paperStart))
        }
        return out
    }

    /// The evidence of one bound strategy (`E_REF_NOT_FOUND` with a did-you-mean when it is not).
    func evidence(world: String, strategy: String) async throws -> CampaignEvidence {
        // campaignEvidence checks the binding of a named strategy: there is exactly one.
        try await campaignEvidence(world: world, strategy: strategy)[0].0
    }

    /// The latest run of the first of `stages` that has one with a series, and that series.
    func latestSeries(_ world: WorldID, _ id: StrategyID, stages: [RunStage]) async throws -> (run: EvaluationRun, series: RunSeries)? {
        for stage in stages {
            if let run = try await store.runs(world, strategy: id, stage: stage, limit: 1).first,
                let series = try await store.runSeries(world, strategy: id, runID: run.runID).flatMap(Self.series)
            {
                return (run, series)
            }
        }
        return nil
    }

    /// The last bar a forward (paper or live) run can consume: the dataset's, or the world's
    /// feed's when it has later ones.
    func dataLastBar(_ world: WorldID, datasetLast: Int64?) async throws -> Int64? {
        try await store.feedLastTs(world).map { max($0, datasetLast ?? .min) } ?? datasetLast
    }

    /// Where the world's paper stage starts (R-CAMP-5), and the last bar of its dataset (the
    /// feed never moves the start: appended bars extend the paper series, nothing else).
    func paperStart(_ spec: WorldSpec, _ policy: Policy) async throws -> (start: Int64?, dataLastBar: Int64?) {
        var dataLastBar: Int64?
        if let fingerprint = spec.dataset?.fingerprint {
            dataLastBar = try await store.dataset(try DatasetFingerprint(parsing: fingerprint))?.lastTs
        }
        let start = CampaignRules.paperStart(
            explicit: spec.dataset?.paperStart.flatMap(UTCTimestamp.parse), paperWindowSeconds: policy.campaign?.paperWindowSeconds,
            dataLastBar: dataLastBar)
        return (start, dataLastBar)
    }

    /// The latest run of a stage as campaign evidence; nil when there is none, or when the
    /// latest one expired (the world or its policy changed: it must be evaluated again).
    func stageEvidence(_ world: WorldID, _ strategy: StrategyID, _ stage: RunStage) async throws -> (evidence: StageEvidence, evalKey: String?)? {
        guard let run = try await store.runs(world, strategy: strategy, stage: stage, limit: 1).first else { return nil }
        let progress: StageEvidence.Progress
        switch run.state {
        case .submitted, .backtestRunning, .paperRunning, .evaluating: progress = .running
        case .evaluated, .activated: progress = .passed
        case .rejected: progress = .rejected
        case .failed: progress = .failed
        case .expired: return nil
        }
        let info = try Self.info(run)
        let evidence = StageEvidence(
            runID: run.runID, progress: progress, firstBar: info.firstBar.flatMap(UTCTimestamp.parse),
            lastBar: info.lastBar.flatMap(UTCTimestamp.parse), metrics: info.metrics ?? [:])
        return (evidence, run.body.objectValue?["eval_key"]?.stringValue)
    }
}
