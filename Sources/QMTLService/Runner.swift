import QMTLAPI
import QMTLBacktest
import QMTLCore

/// The SDK runtime's side of the core loop (SPEC §1 "who computes what", R-SDK-7): submits a
/// strategy through any ``WorldServiceAPI`` (in process or remote), then backtests it here —
/// never in the service — on each world's dataset and costs, and reports the metrics for the
/// world's policy to decide.
public struct Runner: Sendable {
    /// The WorldService to talk to.
    public let service: any WorldServiceAPI

    /// A runner over `service`.
    public init(service: any WorldServiceAPI) {
        self.service = service
    }

    /// The result of one submission in one world.
    public struct Outcome: Sendable, Codable {
        /// The world.
        public var world: String
        /// Whether this submission bound the strategy (false: it already was).
        public var bound: Bool
        /// The run: evaluated now, or the cached one of the same EvalKey.
        public var run: RunInfo
        /// True when the EvalKey was evaluated before and nothing ran.
        public var cached: Bool
    }

    /// Submits `graph` to `worlds` and evaluates it in each (R-SDK-7).
    /// - Throws: the service's errors; a backtest that fails marks its run `failed` with the
    ///   error before the error is thrown.
    public func submit(_ graph: StrategyGraph, worlds: [String]) async throws -> (strategyID: String, outcomes: [Outcome]) {
        let response = try await service.submit(SubmitRequest(graph: graph, worlds: worlds))
        var outcomes: [Outcome] = []
        for binding in response.worlds {
            let ticket = try await service.startRun(world: binding.world, strategy: response.strategyID)
            if let cached = ticket.cached {
                outcomes.append(Outcome(world: binding.world, bound: binding.created, run: cached, cached: true))
                continue
            }
            guard let runID = ticket.runID else { throw QMTLError(.runNotFound, "the service started no run in \(binding.world)") }
            do {
                let result = try await backtest(graph, ticket)
                let run = try await service.evaluate(world: binding.world, strategy: response.strategyID, runID: runID, result: result)
                outcomes.append(Outcome(world: binding.world, bound: binding.created, run: run, cached: false))
            } catch let error as QMTLError {
                _ = try? await service.failRun(
                    world: binding.world, strategy: response.strategyID, runID: runID, message: "\(error.code): \(error.message)")
                throw error
            }
        }
        return (response.strategyID, outcomes)
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

    /// Backtests the strategy on the world's dataset with the world's costs.
    func backtest(_ graph: StrategyGraph, _ ticket: RunTicket) async throws -> RunResult {
        let plan = try BacktestPlan(graph)
        guard plan.symbols == [ticket.dataset.symbol], plan.interval == ticket.dataset.interval else {
            throw QMTLError(
                .datasetMismatch,
                "the strategy reads \(plan.symbols.joined(separator: ", ")) every \(plan.interval)s; \(ticket.world)'s dataset is \(ticket.dataset.symbol) every \(ticket.dataset.interval)s"
            )
        }
        let bars = try await service.datasetBars(ticket.dataset.fingerprint)
        guard let first = bars.first, let last = bars.last else { throw QMTLError(.dataEmpty, "the dataset of \(ticket.world) has no bars") }
        let m = ticket.marketConfig
        var engine = Backtester(plan: plan, config: ExecutionConfig(commissionBps: m.commissionBps, slippageBps: m.slippageBps, lot: m.lot))
        engine.run(bars)
        return RunResult(metrics: engine.metrics(), firstBar: UTCTimestamp.format(first.ts), lastBar: UTCTimestamp.format(last.ts))
    }
}
