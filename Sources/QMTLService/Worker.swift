import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import Synchronization

/// A runtime that takes jobs from the WorldService's queue (SPEC §1: runtimes compute, the
/// service keeps the queue) and runs them here: a backtest job evaluates a strategy in a world,
/// a paper job runs its paper stage from the last checkpoint. Works through any
/// `WorldServiceAPI` — in process over a store, or a `qmtl serve` over HTTP.
///
/// A job is held under a lease the worker renews while it runs; a worker that dies stops
/// renewing, and another claims the job once the lease runs out and carries on from the last
/// checkpoint. A worker that finds its lease taken stops at once.
public struct Worker: Sendable {
    /// The WorldService.
    public let service: any WorldServiceAPI
    /// The worker's name in leases and the audit log.
    public var name: String
    /// The job kinds it runs (`backtest`, `paper`, `live`).
    public var kinds: [String] = ["backtest", "paper", "live"]
    /// Only jobs of this world; nil for any.
    public var world: String?
    /// How long a lease lasts without renewal, seconds.
    public var leaseSeconds: Double = 30
    /// Paper replay speed, bars per second; nil for as fast as possible.
    public var barsPerSecond: Double?
    /// Paper bars between two checkpoints.
    public var checkpointEvery = 25
    /// Called after each checkpoint a paper or live job saved, with how many this job saved so
    /// far (fault injection: `qmtl worker` kills itself here under `QMTL_CRASH_AT`).
    public var afterCheckpoint: (@Sendable (_ job: JobInfo, _ saved: Int) -> Void)?

    /// A worker named `name` (default `worker:<host>:<pid>`).
    public init(service: any WorldServiceAPI, name: String? = nil) {
        self.service = service
        self.name = name ?? "worker:\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// What running one job did.
    public struct Outcome: Sendable, Codable {
        /// The job as it finished.
        public var job: JobInfo
        /// The run it reported to, as it ended up.
        public var run: RunInfo?
        /// The error, when the job failed.
        public var error: String?
        /// Paper bars this worker consumed.
        public var barsConsumed: Int?
        /// The last bar of the checkpoint a paper job resumed from (ISO-8601 UTC).
        public var resumedAfter: String?
        /// Fills this worker's order gate returned (paper and live jobs).
        public var fills: Int?

        enum CodingKeys: String, CodingKey {
            case job, run, error, fills
            case barsConsumed = "bars_consumed"
            case resumedAfter = "resumed_after"
        }
    }

    /// What a job's body reports.
    struct Ran: Sendable {
        var run: RunInfo
        var barsConsumed: Int?
        var resumedAfter: Int64?
        var fills: Int?

        init(run: RunInfo, _ progress: Runner.PaperProgress? = nil) {
            self.run = run
            barsConsumed = progress?.consumed
            resumedAfter = progress?.resumedAfter
            fills = progress?.fills.count
        }
    }

    /// Claims one job and runs it to its end; nil when nothing is queued.
    /// - Throws: the service's errors when claiming; `E_JOB_LEASE_LOST` when another worker
    ///   took the job over (this one stopped). A job's own failure is its outcome, not an error.
    public func runOne() async throws -> Outcome? {
        guard
            let job = try await service.claimJob(JobClaimRequest(kinds: kinds, world: world, owner: name, leaseSeconds: leaseSeconds)).job
        else { return nil }
        let runner = Runner(service: service)
        do {
            let ran = try await withLease(job) {
                switch job.kind {
                case "paper": try await paper(job, runner)
                case "live": try await live(job, runner)
                default: Ran(run: try await backtest(job, runner))
                }
            }
            return Outcome(
                job: try await service.finishJob(job.jobID, report: JobReport(owner: name)), run: ran.run, error: nil,
                barsConsumed: ran.barsConsumed, resumedAfter: ran.resumedAfter.map(UTCTimestamp.format), fills: ran.fills)
        } catch let error as QMTLError where error.code == .jobLeaseLost || error.code.exitCode == 3 {
            throw error  // another worker has it, or the service is away: the lease runs out and it is claimed again
        } catch let error as QMTLError {
            let message = "\(error.code): \(error.message)"
            return Outcome(job: try await service.finishJob(job.jobID, report: JobReport(owner: name, error: message)), run: nil, error: message)
        }
    }

    /// Runs queued jobs until none is left.
    public func drain() async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        while let outcome = try await runOne() { outcomes.append(outcome) }
        return outcomes
    }

    /// Runs jobs until cancelled, looking for new ones every `poll` when the queue is empty.
    /// A lost lease or a failing service is reported to `onError` and the loop goes on.
    public func run(poll: Duration = .milliseconds(500), onOutcome: @Sendable (Outcome) -> Void, onError: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            do {
                if let outcome = try await runOne() {
                    onOutcome(outcome)
                    continue
                }
            } catch is CancellationError {
                return
            } catch {
                onError(error)
            }
            try? await Task.sleep(for: poll)
        }
    }

    /// Runs `body` while renewing the job's lease every third of it; a renewal that finds the
    /// lease lost cancels the body and throws `E_JOB_LEASE_LOST`.
    func withLease<T: Sendable>(_ job: JobInfo, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: .seconds(max(0.05, leaseSeconds / 3)))
                    _ = try await service.heartbeatJob(job.jobID, report: JobReport(owner: name, leaseSeconds: leaseSeconds))
                }
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let value = next { return value }
            }
            throw CancellationError()
        }
    }

    /// The strategy's graph, rebuilt from its stored nodes.
    func graph(_ strategy: String) async throws -> StrategyGraph {
        try StrategyGraph(
            storedNodes: try await service.strategyNodes(strategy).map {
                try CanonicalNode(canonicalText: $0.canonical, kind: NodeKind(rawValue: $0.kind) ?? .operator)
            })
    }

    /// A backtest job: start (or take the cached) evaluation, backtest here, report.
    func backtest(_ job: JobInfo, _ runner: Runner) async throws -> RunInfo {
        let graph = try await graph(job.strategyID)
        let ticket = try await service.startRun(world: job.world, strategy: job.strategyID)
        if let cached = ticket.cached { return cached }
        guard let runID = ticket.runID else { throw QMTLError(.runNotFound, "the service started no run for job \(job.jobID)") }
        _ = try await service.heartbeatJob(job.jobID, report: JobReport(owner: name, leaseSeconds: leaseSeconds, runID: runID))
        do {
            let result = try await runner.backtest(graph, ticket)
            return try await service.evaluate(world: job.world, strategy: job.strategyID, runID: runID, result: result)
        } catch let error as QMTLError where error.code != .jobLeaseLost {
            _ = try? await service.failRun(world: job.world, strategy: job.strategyID, runID: runID, message: "\(error.code): \(error.message)")
            throw error
        }
    }

    /// A live job (R-CAMP-6): observe the live strategy on the bars that arrived, checkpointing
    /// as it goes; each report re-checks the policy's risk rules, and a breach pauses it.
    func live(_ job: JobInfo, _ runner: Runner) async throws -> Ran {
        let graph = try await graph(job.strategyID)
        let ticket = try await service.startLive(world: job.world, strategy: job.strategyID)
        guard let runID = ticket.runID else { throw QMTLError(.runNotFound, "the service started no live run for job \(job.jobID)") }
        let progress = try await forward(job, runner, graph, ticket, runID)
        let run = try await service.run(world: job.world, strategy: job.strategyID, runID: runID)
        return Ran(run: run, progress)
    }

    /// Consumes a paper or live run's new bars, heartbeating the checkpoint and reporting
    /// progress every `checkpointEvery` bars and after the last.
    func forward(_ job: JobInfo, _ runner: Runner, _ graph: StrategyGraph, _ ticket: RunTicket, _ runID: String) async throws -> Runner.PaperProgress
    {
        do {
            return try await consume(job, runner, graph, ticket, runID)
        } catch let error as QMTLError where error.code != .jobLeaseLost && error.code.exitCode != 3 {
            // The run cannot go on (another strategy's checkpoint, a dataset that does not fit):
            // it fails with the error, and the campaign says `run_failed`.
            _ = try? await service.failRun(world: job.world, strategy: job.strategyID, runID: runID, message: "\(error.code): \(error.message)")
            throw error
        }
    }

    /// ``forward(_:_:_:_:_:)`` without the failure handling.
    func consume(
        _ job: JobInfo, _ runner: Runner, _ graph: StrategyGraph, _ ticket: RunTicket, _ runID: String
    ) async throws -> Runner.PaperProgress {
        let (service, name, lease, hook) = (self.service, self.name, leaseSeconds, afterCheckpoint)
        let saved = Mutex(0)
        return try await runner.paper(graph, ticket, barsPerSecond: barsPerSecond, checkpointEvery: checkpointEvery) { engine, result in
            defer {
                hook?(
                    job,
                    saved.withLock {
                        $0 += 1; return $0
                    })
            }
            // The lease first: a worker that lost the job reports nothing more.
            _ = try await service.heartbeatJob(
                job.jobID,
                report: JobReport(
                    owner: name, leaseSeconds: lease, checkpoint: try engine.checkpoint().base64EncodedString(),
                    progress: ["last_bar": .string(result.lastBar), "num_trades": .number(result.metrics["num_trades"] ?? 0)], runID: runID))
            let run = try await service.reportProgress(world: job.world, strategy: job.strategyID, runID: runID, result: result)
            return run.state == RunState.paperRunning.rawValue  // a live run a risk breach ended consumes nothing more
        }
    }

    /// A paper job: start or resume the paper run, consume the bars there are, checkpoint as it
    /// goes, and have it evaluated once the campaign's paper window and minima are met.
    func paper(_ job: JobInfo, _ runner: Runner) async throws -> Ran {
        let graph = try await graph(job.strategyID)
        let ticket = try await service.startPaper(world: job.world, strategy: job.strategyID)
        if let cached = ticket.cached { return Ran(run: cached) }
        guard let runID = ticket.runID else { throw QMTLError(.runNotFound, "the service started no paper run for job \(job.jobID)") }
        let progress = try await forward(job, runner, graph, ticket, runID)
        // The campaign says when the paper window and minima are met: only then is it evaluated.
        let status = try await service.campaignStatus(world: job.world, strategy: job.strategyID).first
        let run: RunInfo
        if let result = progress.result, status?.reasons == [CampaignReason.paperRunning.rawValue] {
            run = try await service.evaluate(world: job.world, strategy: job.strategyID, runID: runID, result: result)
        } else {
            run = try await service.run(world: job.world, strategy: job.strategyID, runID: runID)
        }
        return Ran(run: run, progress)
    }
}
