import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore

/// The SDK runtime's side of the core loop (SPEC §1 "who computes what", R-SDK-5…7): submits a
/// strategy through any `WorldServiceAPI` (in process or remote), then backtests it here —
/// never in the service — on each world's dataset and costs, reports the metrics for the
/// world's policy to decide, and resolves the mode it may run in from the world's decision.
public struct Runner: Sendable {
    /// The WorldService to talk to.
    public let service: any WorldServiceAPI
    /// The wall clock, epoch seconds (staleness of decisions for paper and live).
    let now: @Sendable () -> Int64

    /// A runner over `service`.
    public init(service: any WorldServiceAPI, now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.service = service
        self.now = now
    }

    /// A submission's results, one per world.
    public struct Submission: Sendable, Codable {
        /// The StrategyID (the root's NodeID).
        public var strategyID: String
        /// One result per world, in the order given.
        public var results: [SubmitResult]

        enum CodingKeys: String, CodingKey {
            case results
            case strategyID = "strategy_id"
        }
    }

    /// Submits `graph` to `worlds`, evaluates it in each (a backtest here, unless the EvalKey
    /// was evaluated before) and resolves the mode it may run in (R-SDK-5, R-SDK-6).
    /// - Parameters:
    ///   - graph: the strategy.
    ///   - worlds: the worlds to submit it to.
    ///   - mode: the mode asked for; nil lets the world decide. A world's decision
    ///     always caps it (never self-promote).
    /// - Throws: the service's errors; a backtest that fails marks its run `failed` with the
    ///   error before the error is thrown.
    public func submit(_ graph: StrategyGraph, worlds: [String], mode: ExecutionMode? = nil) async throws -> Submission {
        let response = try await service.submit(SubmitRequest(graph: graph, worlds: worlds))
        let id = response.strategyID
        var results: [SubmitResult] = []
        for binding in response.worlds {
            let ticket: RunTicket
            do {
                ticket = try await service.startRun(world: binding.world, strategy: id)
            } catch let error as QMTLError where error.code == .edgeInactive {
                // R-WVG-4: not evaluated in this world, and it says why.
                let status = try await service.status(strategy: id, world: binding.world)
                let outcome = ModeResolution.resolve(
                    mode: mode, context: nil, lookup: .missing, data: ModeResolution.Data(asOf: 0, datasetFingerprint: ""), now: now())
                results.append(
                    SubmitResult(
                        strategyID: id, world: binding.world, status: status.status, evaluationRunID: nil, evaluationRunURL: nil,
                        riskSnapshotRef: nil, effectiveMode: outcome.effectiveMode.rawValue, executionDomain: outcome.domain.rawValue,
                        safeMode: outcome.safeMode, downgraded: outcome.downgraded, downgradeReason: outcome.downgradeReason?.rawValue,
                        metrics: nil, campaign: nil, rejectionReason: error.message, thresholdViolations: [], improvementHints: [],
                        bound: binding.created, cached: false, runState: nil, reasons: []))
                continue
            }
            let run: RunInfo
            if let cached = ticket.cached {
                run = cached
            } else {
                guard let runID = ticket.runID else { throw QMTLError(.runNotFound, "the service started no run in \(binding.world)") }
                do {
                    let result = try await backtest(graph, ticket)
                    run = try await service.evaluate(world: binding.world, strategy: id, runID: runID, result: result)
                } catch let error as QMTLError {
                    _ = try? await service.failRun(world: binding.world, strategy: id, runID: runID, message: "\(error.code): \(error.message)")
                    throw error
                }
            }
            results.append(try await result(binding: binding, strategy: id, ticket: ticket, run: run, mode: mode))
        }
        return Submission(strategyID: id, results: results)
    }

    /// The result in one world: the run's verdict and the mode the world's decision allows.
    func result(binding: WorldBinding, strategy id: String, ticket: RunTicket, run: RunInfo, mode: ExecutionMode?) async throws -> SubmitResult {
        let data = ModeResolution.Data(asOf: run.lastBar.flatMap(UTCTimestamp.parse) ?? 0, datasetFingerprint: ticket.dataset.fingerprint)
        // Independent reads, concurrently (a server or PostgreSQL answers both at once).
        async let resolved = resolveMode(world: binding.world, strategy: id, data: data, mode: mode)
        async let current = service.status(strategy: id, world: binding.world)
        async let campaigns = service.campaignStatus(world: binding.world, strategy: id)
        let outcome = try await resolved
        let status = try await current.status
        let campaign = try await campaigns.first.map { c in
            CampaignSummary(
                phase: c.phase, progress: c.progress,
                promotable: c.phase == "backtest_campaign" ? c.promotableToPaper : c.promotableToLive, reasons: c.reasons)
        }
        let failed = run.rules.filter { $0.status == "fail" }
        return SubmitResult(
            strategyID: id, world: binding.world, status: status, evaluationRunID: run.runID,
            evaluationRunURL: "/worlds/\(binding.world)/strategies/\(id)/runs/\(run.runID)", riskSnapshotRef: nil,
            effectiveMode: outcome.effectiveMode.rawValue, executionDomain: outcome.domain.rawValue, safeMode: outcome.safeMode,
            downgraded: outcome.downgraded, downgradeReason: outcome.downgradeReason?.rawValue, metrics: run.metrics, campaign: campaign,
            rejectionReason: run.state == "rejected" ? run.explanation : run.error,
            thresholdViolations: failed.map {
                ThresholdViolation(rule: $0.rule, reasonCode: $0.reasonCode, observed: $0.observed, required: $0.required)
            },
            improvementHints: failed.map { r in
                let metric = r.rule.split(separator: ".").last.map(String.init) ?? r.rule
                return "\(r.rule): \(metric) is \(r.observed.map { Self.number($0) } ?? "missing"); the policy requires \(r.required)"
            },
            bound: binding.created, cached: ticket.cached != nil, runState: run.state, reasons: run.reasons)
    }

    /// The mode a strategy may run in, in one world, on `data` (R-SDK-5, R-SDK-6): the world's
    /// decision caps `mode`; a decision that is missing, unreachable (the service answers with
    /// an unavailable error), stale or made on other data gives safe mode.
    /// - Throws: the service's errors other than unavailability (an unknown world, say).
    public func resolveMode(world: String, strategy: String, data: ModeResolution.Data, mode: ExecutionMode?) async throws -> ModeResolution.Outcome {
        let lookup: ModeResolution.Lookup
        do {
            let envelope = try await service.decide(world: world, strategy: strategy)
            if let asOf = envelope.asOf.flatMap(UTCTimestamp.parse), let allowed = ExecutionMode(rawValue: envelope.effectiveMode) {
                lookup = .decided(
                    ModeResolution.Decision(
                        effectiveMode: allowed, asOf: asOf, ttl: Int64(envelope.ttl.dropLast()) ?? 0, datasetFingerprint: envelope.datasetFingerprint)
                )
            } else {
                lookup = .missing
            }
        } catch let error as QMTLError where error.code.exitCode == 3 {
            lookup = .unreachable
        }
        // The runtime's clock: virtual (its data's time) in a backtest, the wall clock otherwise.
        let clock = (mode ?? .validate).domain == .backtest ? data.asOf : now()
        return ModeResolution.resolve(mode: mode, context: nil, lookup: lookup, data: data, now: clock)
    }

    static func number(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e12 ? String(Int64(x)) : String(format: "%.4g", x)
    }

    /// Runs the world's queued re-evaluations (R-WVG-3), fingerprint changes first: each
    /// strategy is rebuilt from its stored nodes, backtested here and reported.
    /// - Returns: one outcome per queued run; a failed backtest marks its run `failed` and the
    ///   others still run.
    public func runQueued(world: String) async throws -> [QueuedOutcome] {
        var outcomes: [QueuedOutcome] = []
        for queued in try await service.queuedRuns(world: world) {
            let graph = try StrategyGraph(
                storedNodes: try await service.strategyNodes(queued.strategyID).map {
                    try CanonicalNode(canonicalText: $0.canonical, kind: NodeKind(rawValue: $0.kind) ?? .operator)
                })
            let ticket = try await service.startRun(world: world, strategy: queued.strategyID)
            if let cached = ticket.cached {
                outcomes.append(QueuedOutcome(run: cached, error: nil))
                continue
            }
            guard let runID = ticket.runID else { continue }
            do {
                let result = try await backtest(graph, ticket)
                outcomes.append(
                    QueuedOutcome(
                        run: try await service.evaluate(world: world, strategy: queued.strategyID, runID: runID, result: result), error: nil))
            } catch let error as QMTLError {
                let failed = try await service.failRun(
                    world: world, strategy: queued.strategyID, runID: runID, message: "\(error.code): \(error.message)")
                outcomes.append(QueuedOutcome(run: failed, error: "\(error.message) [\(error.code)]"))
            }
        }
        return outcomes
    }

    /// What running one queued re-evaluation did.
    public struct QueuedOutcome: Sendable, Codable {
        /// The run, evaluated, rejected or failed.
        public var run: RunInfo
        /// The runtime's error when it failed.
        public var error: String?
    }

    /// The strategy compiled for the ticket's world, whose dataset it must read.
    static func plan(_ graph: StrategyGraph, _ ticket: RunTicket) throws -> BacktestPlan {
        let plan = try BacktestPlan(graph)
        guard plan.symbols == [ticket.dataset.symbol], plan.interval == ticket.dataset.interval else {
            throw QMTLError(
                .datasetMismatch,
                "the strategy reads \(plan.symbols.joined(separator: ", ")) every \(plan.interval)s; \(ticket.world)'s dataset is \(ticket.dataset.symbol) every \(ticket.dataset.interval)s"
            )
        }
        return plan
    }

    /// Backtests the strategy on the world's dataset with the world's costs.
    func backtest(_ graph: StrategyGraph, _ ticket: RunTicket) async throws -> RunResult {
        let plan = try Self.plan(graph, ticket)
        var bars = try await service.datasetBars(ticket.dataset.fingerprint)
        if let before = ticket.barsBefore.flatMap(UTCTimestamp.parse) {
            bars = bars.filter { $0.ts < before }  // the paper stage's bars stay unseen (R-CAMP-5)
            guard !bars.isEmpty else {
                throw QMTLError(
                    .dataEmpty, "\(ticket.world) has no bars before its paper start \(ticket.barsBefore ?? ""): move dataset.paper_start later")
            }
        }
        guard let first = bars.first, let last = bars.last else { throw QMTLError(.dataEmpty, "the dataset of \(ticket.world) has no bars") }
        let m = ticket.marketConfig
        var engine = Backtester(plan: plan, config: ExecutionConfig(commissionBps: m.commissionBps, slippageBps: m.slippageBps, lot: m.lot))
        engine.run(bars)
        return RunResult(
            metrics: engine.metrics(), firstBar: UTCTimestamp.format(first.ts), lastBar: UTCTimestamp.format(last.ts),
            series: RunSeries(t: engine.timestamps, equity: engine.equity))
    }
}
