import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func startLive(world: String, strategy: String) async throws -> RunTicket {
        let ctx = try authorize("run.live", needs: .submitter)
        let w = try await requireWorld(world)
        let spec = try Self.spec(w.config)
        let strategyID = try await requireBinding(w.id, strategy)
        guard let dataset = spec.dataset else { throw QMTLError(.worldConfig, "world \(w.id) has no dataset") }
        guard let ref = try await store.ref(w.id, strategyID.rootNodeID), ref.state.lifecycle == .running, ref.executionDomain == .live,
            let evalKey = ref.lastEvalKey
        else {
            throw QMTLError(.campaignNotReady, "\(strategyID) is not live in \(w.id): there is nothing to observe")
        }
        if let overlay = ref.state.overlay {
            throw QMTLError(
                .campaignNotReady,
                "\(strategyID) is \(overlay.decision.status.rawValue) in \(w.id) by decision \(overlay.eventID); nothing is observed",
                details: ["decision": overlay.eventID])
        }
        var ticket = RunTicket(
            world: w.id.description, worldRef: w.ref.description, strategyID: strategyID.description, runID: nil, evalKey: evalKey.description,
            dataset: dataset, marketConfig: spec.marketConfig, cached: nil)
        ticket.stage = RunStage.live.rawValue
        // The live run observing this EvalKey, if one is: resume it from its last checkpoint.
        if let run = try await store.runs(w.id, strategy: strategyID, stage: .live, limit: 1).first, run.state == .paperRunning,
            run.body.objectValue?["eval_key"]?.stringValue == evalKey.description
        {
            ticket.runID = run.runID
            ticket.paperStart = run.body.objectValue?["live_start"]?.stringValue
            ticket.checkpoint = try await store.latestJobCheckpoint(w.id, strategy: strategyID, runID: run.runID).map {
                Data($0).base64EncodedString()
            }
            return ticket
        }
        // Live PnL starts after the last bar the paper stage — or an earlier live run, say one a
        // risk trip ended before an operator resumed it — observed (after the data there is when
        // neither did): the bars live trading really saw, each observed once.
        let lastBar = { (run: EvaluationRun) in run.details.objectValue?["last_bar"]?.stringValue.flatMap(UTCTimestamp.parse) }
        let paperLast = try await store.runs(w.id, strategy: strategyID, stage: .paper, limit: 5)
            .first { [.evaluated, .activated].contains($0.state) }.flatMap(lastBar)
        let liveLast = try await store.runs(w.id, strategy: strategyID, stage: .live, limit: 1).first.flatMap(lastBar)
        let (_, datasetLast) = try await paperStart(spec, try await currentPolicy(w.id))
        let dataLast = try await dataLastBar(w.id, datasetLast: datasetLast)
        let start = (liveLast.map { max($0, paperLast ?? .min) } ?? paperLast ?? dataLast ?? 0) + 1
        var body = JSONObject()
        body["stage"] = "live"
        body["eval_key"] = .string(evalKey.description)
        body["live_start"] = .string(UTCTimestamp.format(start))
        body["world_ref"] = .string(w.ref.description)
        let begun = try await store.beginRun(
            w.id, strategy: strategyID, runID: ids(), stage: .live, body: .object(body), reason: "live observation started by \(caller.actor)",
            refEvent: RefEvent(node: strategyID.rootNodeID, event: .activate, domain: .live), evalKey: evalKey, audit: ctx)
        ticket.runID = begun.runID
        ticket.paperStart = UTCTimestamp.format(start)
        return ticket
    }

    /// R-CAMP-6: the policy's risk rules (`validation.risk`) on a live run's PnL so far. A
    /// blocking breach posts a world-local `pause` with `RISK_TRIP` — the exit path — and ends
    /// the run `rejected` with the breach as its verdict; the run as it is now otherwise.
    func checkLiveRisk(
        _ world: WorldID, _ strategy: StrategyID, _ run: EvaluationRun, result: RunResult, first: Int64, last: Int64
    ) async throws
        -> EvaluationRun
    {
        let policy = try await currentPolicy(world)
        let decision = PolicyEvaluator(policy: policy).evaluate(
            PolicyInput(
                candidates: [strategy.description: .init(metrics: result.metrics, lastBarAt: last, firstBarAt: first)], now: last))
        let breaches = (decision.candidates[strategy.description]?.rules ?? []).filter {
            $0.rule.hasPrefix("validation.risk.") && $0.status == .fail && $0.severity == .blocking
        }
        guard !breaches.isEmpty else { return run }
        let why = breaches.map { b in
            "\(b.rule.dropFirst("validation.risk.".count)) \(b.observed.map { Runner.number($0) } ?? "missing") (\(b.required))"
        }
        .joined(separator: ", ")
        let system = acting(as: Caller(actor: "system:risk-trip", role: .operator))
        _ = try await system.postDecision(
            DecisionRequest(world: world.description, nodeID: strategy.rootNodeID.description, decision: "pause", reasonCode: "RISK_TRIP"))
        let ctx = AuditContext(actor: "system:risk-trip", role: "operator", requestID: ids())
        let metrics = Self.metricsObject(result.metrics)
        let reason = "risk breach on live PnL: \(why); paused in \(world) (RISK_TRIP)"
        return try await store.evaluateRun(world, strategy: strategy, runID: run.runID, audit: ctx, metricsUsed: { _ in [] }) { inputs in
            guard inputs.run.state == .paperRunning else { return nil }
            let rules: [JSONValue] = breaches.map { r in
                [
                    "rule": .string(r.rule), "status": .string(r.status.rawValue), "severity": .string(r.severity.rawValue),
                    "reason_code": .string(r.reasonCode), "observed": r.observed.map { .number($0) } ?? .null, "required": .string(r.required),
                ]
            }
            let details: JSONValue = [
                "rules": .array(rules), "summary": ["status": "fail", "active": false], "explanation": .string(reason),
                "first_bar": .string(result.firstBar), "last_bar": .string(result.lastBar),
            ]
            return EvaluationOutcome(
                state: .rejected, reason: reason, update: RunUpdate(metrics: metrics, details: details), refEvents: [], validation: nil, expiring: [])
        }
    }
}
