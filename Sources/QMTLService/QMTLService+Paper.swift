import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func startPaper(world: String, strategy: String) async throws -> RunTicket {
        let ctx = try authorize("run.paper", needs: .submitter)
        let w = try await requireWorld(world)
        let spec = try Self.spec(w.config)
        let strategyID = try await requireBinding(w.id, strategy)
        guard let dataset = spec.dataset else {
            throw QMTLError(.worldConfig, "world \(w.id) has no dataset yet; set one with qmtl world update \(w.id.slug) --data CSV --symbol S")
        }
        guard let (evidence, paperStart) = try await campaignEvidence(world: w.id.description, strategy: strategyID.description).first else {
            throw QMTLError(.notBound, "strategy \(strategyID) is not bound to \(w.id)")
        }
        let status = CampaignRules.status(evidence)
        guard status.promotableToPaper, let backtest = evidence.backtest, let start = paperStart else {
            let reasons = ((evidence.halted ? [.haltedByDecision] : []) + CampaignRules.backtestReasons(evidence)).map(\.rawValue)
            throw QMTLError(
                .campaignNotReady, "\(strategyID) is not ready for paper in \(w.id): \(reasons.joined(separator: ", "))",
                details: ["world_id": w.id.description, "reasons": reasons.joined(separator: ",")])
        }
        guard let backtestRun = try await store.run(w.id, strategy: strategyID, runID: backtest.runID),
            let evalKeyText = backtestRun.body.objectValue?["eval_key"]?.stringValue
        else { throw QMTLError(.runNotFound, "the backtest run \(backtest.runID) is gone") }
        let evalKey = try EvalKey(parsing: evalKeyText)
        var ticket = RunTicket(
            world: w.id.description, worldRef: w.ref.description, strategyID: strategyID.description, runID: nil, evalKey: evalKeyText,
            dataset: dataset, marketConfig: spec.marketConfig, cached: nil)
        ticket.stage = RunStage.paper.rawValue
        ticket.paperStart = UTCTimestamp.format(start)
        // The campaign's paper evidence is of this backtest's EvalKey (older ones are ignored):
        // a running paper run is resumed, a finished one stands.
        if let paper = evidence.paper, let run = try await store.run(w.id, strategy: strategyID, runID: paper.runID) {
            switch paper.progress {
            case .running:
                ticket.runID = run.runID
                ticket.checkpoint = try await store.latestJobCheckpoint(w.id, strategy: strategyID, runID: run.runID).map {
                    Data($0).base64EncodedString()
                }
                return ticket
            case .passed, .rejected:
                ticket.cached = try Self.info(run)
                return ticket
            case .failed:
                break  // start again
            }
        }
        guard let ref = try await store.ref(w.id, strategyID.rootNodeID) else { throw QMTLError(.refNotFound, "\(strategyID) has no ref in \(w.id)") }
        if let overlay = ref.state.overlay {
            throw QMTLError(
                .campaignNotReady,
                "\(strategyID) is \(overlay.decision.status.rawValue) in \(w.id) by decision \(overlay.eventID); resume it before paper trading",
                details: ["world_id": w.id.description, "decision": overlay.eventID])
        }
        // Paper runs of an older EvalKey still consuming bars end here: this one replaces them.
        for stale in try await store.runs(w.id, strategy: strategyID, stage: .paper, limit: 20) where stale.state == .paperRunning {
            guard stale.body.objectValue?["eval_key"]?.stringValue != evalKeyText else { continue }
            _ = try await store.transitionRun(
                w.id, strategy: strategyID, runID: stale.runID, to: .failed, reason: "superseded by a paper run of a newer EvalKey",
                update: RunUpdate(), audit: ctx)
        }
        var body = JSONObject()
        body["stage"] = "paper"
        body["eval_key"] = .string(evalKeyText)
        body["backtest_run_id"] = .string(backtest.runID)
        body["paper_start"] = .string(UTCTimestamp.format(start))
        body["dataset_fingerprint"] = .string(dataset.fingerprint)
        body["world_ref"] = .string(w.ref.description)
        let begun = try await store.beginRun(
            w.id, strategy: strategyID, runID: ids(), stage: .paper, body: .object(body), reason: "paper run started by \(caller.actor)",
            refEvent: RefEvent(node: strategyID.rootNodeID, event: .activate, domain: .paper), evalKey: evalKey, audit: ctx)
        ticket.runID = begun.runID
        return ticket
    }

    public func reportProgress(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo {
        _ = try authorize("run.progress", needs: .submitter)
        let w = try await requireWorld(world)
        let strategyID = try await requireBinding(w.id, strategy)
        let (first, last) = try Self.checkResult(result)
        guard let run = try await store.run(w.id, strategy: strategyID, runID: runID) else {
            throw QMTLError(.runNotFound, "no run \(runID) of \(strategyID) in \(w.id)", details: ["run_id": runID])
        }
        try Self.checkPaperWindowStart(run, firstBar: first)
        try await keepSeries(w.id, strategyID, runID, result)
        let updated = try await store.reportRunProgress(
            w.id, strategy: strategyID, runID: runID, metrics: Self.metricsObject(result.metrics), firstBar: result.firstBar,
            lastBar: result.lastBar)
        // Each report of a live run is a tick of its observation (R-CAMP-6).
        // A paper run's progress writes no snapshot (its evaluation does): a snapshot carries every
        // activated strategy's whole return series, too much to write at each checkpoint.
        guard updated.stage == .live else { return try Self.info(updated) }
        let checked = try await checkLiveRisk(w.id, strategyID, updated, result: result, first: first, last: last)
        await writeWorldSnapshot(w.id, stage: "live")
        return try Self.info(checked)
    }

    /// Metric names and values, and the bar window, of a reported result (R-SDK-3 names, finite
    /// values, ISO-8601 UTC times in order).
    static func checkResult(_ result: RunResult) throws -> (first: Int64, last: Int64) {
        for (name, value) in result.metrics {
            _ = try MetricName(parsing: name)  // E_POLICY_METRIC with a did-you-mean
            guard value.isFinite else { throw QMTLError(.jsonNonFinite, "metric \(name) is \(value); leave undefined metrics out") }
        }
        guard let first = UTCTimestamp.parse(result.firstBar), let last = UTCTimestamp.parse(result.lastBar), first <= last else {
            throw QMTLError(.runResult, "first_bar and last_bar must be ISO-8601 UTC times in order")
        }
        if let series = result.series {
            guard series.t.count == series.equity.count, !series.t.isEmpty, series.t.count <= RiskSnapshotLimits.maxPointsPerSeries else {
                throw QMTLError(
                    .runResult, "series.t and series.equity must have the same 1…\(RiskSnapshotLimits.maxPointsPerSeries) points")
            }
            guard zip(series.t, series.t.dropFirst()).allSatisfy({ $0 < $1 }), series.equity.allSatisfy(\.isFinite) else {
                throw QMTLError(.runResult, "series.t must increase and series.equity be finite numbers")
            }
            guard series.t.first! >= first, series.t.last! <= last else {
                throw QMTLError(.runResult, "the series must lie within first_bar and last_bar")
            }
        }
        return (first, last)
    }

    /// Keeps a reported result's series with its run (replacing an earlier report's).
    func keepSeries(_ world: WorldID, _ strategy: StrategyID, _ runID: String, _ result: RunResult) async throws {
        guard let series = result.series else { return }
        let value: JSONValue = ["t": .array(series.t.map { .number(Double($0)) }), "equity": .array(series.equity.map { .number($0) })]
        try await store.putRunSeries(world, strategy: strategy, runID: runID, points: series.t.count, series: value)
    }

    /// A paper run reports only on bars from its paper start on: the backtest saw the earlier
    /// ones (R-CAMP-5).
    static func checkPaperWindowStart(_ run: EvaluationRun, firstBar: Int64) throws {
        let body = run.body.objectValue
        guard let start = (body?["paper_start"] ?? body?["live_start"])?.stringValue.flatMap(UTCTimestamp.parse) else { return }
        guard firstBar >= start else {
            throw QMTLError(
                .runResult,
                "a paper run reports on bars from its paper start \(UTCTimestamp.format(start)) on; first_bar is \(UTCTimestamp.format(firstBar))",
                details: ["run_id": run.runID])
        }
    }

    /// A paper run is evaluated once it observed the campaign's paper window (R-CAMP-1): until
    /// then it reports progress.
    func checkPaperWindowComplete(_ world: WorldID, _ run: EvaluationRun, firstBar: Int64, lastBar: Int64) async throws {
        guard run.stage == .paper, let window = try await currentPolicy(world).campaign?.paperWindowSeconds else { return }
        let w = try await requireWorld(world.description)
        let interval = Int64(try Self.spec(w.config).dataset?.interval ?? 86_400)
        let observed = CampaignRules.observedDays(
            StageEvidence(runID: run.runID, progress: .running, firstBar: firstBar, lastBar: lastBar), interval: interval)
        guard observed * 86_400 >= Double(window) else {
            throw QMTLError(
                .campaignNotReady,
                "paper run \(run.runID) observed \(Self.days(observed)) of the \(Self.days(Double(window) / 86_400)) paper window; report progress until the window is complete",
                details: ["run_id": run.runID])
        }
    }

    static func days(_ d: Double) -> String {
        d.rounded() == d ? "\(Int(d)) days" : String(format: "%.1f days", d)
    }
}
