import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore

extension Runner {
    /// How far a paper run got in one call of ``paper(_:_:barsPerSecond:checkpointEvery:save:)``.
    public struct PaperProgress: Sendable {
        /// The engine after the last bar consumed.
        public var engine: Backtester
        /// Metrics and bar window over every paper bar consumed so far; nil before the first.
        public var result: RunResult?
        /// Bars consumed by this call.
        public var consumed: Int
        /// The last bar of the checkpoint it resumed from; nil when it started at the paper start.
        public var resumedAfter: Int64?
        /// Fills the order gate returned in this call: one per order of the bars it consumed
        /// (simulated: the paper broker for a paper run, the simulated live broker for a live one).
        public var fills: [Fill] = []
    }

    /// Runs a paper run (R-CAMP-5) on the bars available now: from the ticket's checkpoint, or
    /// — the first time — with indicators warmed on the bars before the paper start and a
    /// fresh account opened at it; then every later bar not consumed yet, in order, at
    /// `barsPerSecond` (nil: as fast as possible). Orders fill in the engine's simulation (the
    /// paper order gate). The run is deterministic, so resuming from any checkpoint gives the
    /// result of an uninterrupted run, with no fill twice.
    /// - Parameters:
    ///   - graph: the strategy.
    ///   - ticket: the paper run to carry out, with its paper start and last checkpoint.
    ///   - barsPerSecond: the replay speed (nil: as fast as possible).
    ///   - checkpointEvery: bars between two calls of `save` (and one after the last bar).
    ///   - save: persists the engine and the result so far (a worker heartbeats its job with the
    ///     checkpoint and reports the progress) and says whether to go on: false stops the run
    ///     there (a live run a risk breach ended); an error stops it too.
    public func paper(
        _ graph: StrategyGraph, _ ticket: RunTicket, barsPerSecond: Double? = nil, checkpointEvery: Int = 25,
        save: @Sendable (Backtester, RunResult) async throws -> Bool
    ) async throws -> PaperProgress {
        let plan = try Self.plan(graph, ticket)
        guard let start = ticket.paperStart.flatMap(UTCTimestamp.parse) else {
            throw QMTLError(.campaignNotReady, "the ticket of \(ticket.world) has no paper start: it is not a paper run")
        }
        // The dataset, then the bars appended to the world's feed since (R-CAMP-5).
        let bars = try await service.datasetBars(ticket.dataset.fingerprint) + (try await service.feedBars(world: ticket.world, after: nil))
        var engine: Backtester
        var resumedAfter: Int64?
        if let saved = ticket.checkpoint {
            guard let data = Data(base64Encoded: saved) else { throw QMTLError(.checkpoint, "the paper run's checkpoint is not base64") }
            engine = try Backtester(checkpoint: data)
            guard engine.plan.nodeIDs == plan.nodeIDs, engine.plan.symbols == plan.symbols, engine.plan.interval == plan.interval else {
                throw QMTLError(.checkpoint, "the paper run's checkpoint is of another strategy or dataset than \(ticket.strategyID)")
            }
            resumedAfter = engine.lastTs
        } else {
            let m = ticket.marketConfig
            engine = Backtester(plan: plan, config: ExecutionConfig(commissionBps: m.commissionBps, slippageBps: m.slippageBps, lot: m.lot))
            let warm = bars.prefix { $0.ts < start }
            guard !warm.isEmpty else {
                throw QMTLError(.dataEmpty, "\(ticket.world) has no bars before its paper start \(ticket.paperStart ?? "") to warm the indicators on")
            }
            engine.run(warm)
            engine.openAccount()
        }
        let done = engine.lastTs ?? .min
        let pending = bars.drop { $0.ts < start || $0.ts <= done }
        var consumed = 0
        // The order gate in the run's mode (R-SDK-8): each order of a consumed bar goes through it
        // once — a resumed run routes only the orders of bars after its checkpoint.
        var gate = OrderGate(mode: ticket.stage == RunStage.live.rawValue ? .live : .paper, live: SimulatedBroker())
        var fills: [Fill] = []
        for bar in pending {
            try Task.checkCancellation()
            if let rate = barsPerSecond, rate > 0, consumed > 0 { try await Task.sleep(for: .seconds(1 / rate)) }
            let before = engine.orders.count
            engine.step(bar)
            for order in engine.orders[before...] { if let fill = try gate.route(order) { fills.append(fill) } }
            consumed += 1
            if consumed % max(1, checkpointEvery) == 0, let result = Self.paperResult(engine) {
                guard try await save(engine, result) else {
                    return PaperProgress(engine: engine, result: result, consumed: consumed, resumedAfter: resumedAfter, fills: fills)
                }
            }
        }
        let result = Self.paperResult(engine)
        if consumed % max(1, checkpointEvery) != 0, let result { _ = try await save(engine, result) }
        return PaperProgress(engine: engine, result: result, consumed: consumed, resumedAfter: resumedAfter, fills: fills)
    }

    /// The metrics and bar window of the paper bars the engine consumed; nil before the first.
    static func paperResult(_ engine: Backtester) -> RunResult? {
        guard let first = engine.timestamps.first, let last = engine.lastTs, last >= first else { return nil }
        return RunResult(
            metrics: engine.metrics(), firstBar: UTCTimestamp.format(first), lastBar: UTCTimestamp.format(last),
            series: RunSeries(t: engine.timestamps, equity: engine.equity))
    }
}
