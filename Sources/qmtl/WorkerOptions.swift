import ArgumentParser
import Foundation
import QMTLAPI
import QMTLService

/// How a worker runs jobs: `qmtl worker`, and the work `campaign-execute` and `campaign-loop`
/// do in their own process.
struct WorkerOptions: ParsableArguments {
    @Option(name: .customLong("lease-sec"), help: "How long a job is held without renewal; a dead worker's job is free again after it.")
    var leaseSeconds: Double = 30
    @Option(help: "Paper replay speed in bars per second (default: as fast as possible).") var speed: Double?
    @Option(name: .customLong("checkpoint-every"), help: "Paper bars between two checkpoints.") var checkpointEvery = 25

    func validate() throws {
        guard leaseSeconds.isFinite, (0.1...86_400).contains(leaseSeconds) else { throw ValidationError("--lease-sec must be 0.1 to 86400") }
        if let speed, !(speed.isFinite && speed > 0) { throw ValidationError("--speed must be a positive number of bars per second") }
        guard (1...1_000_000).contains(checkpointEvery) else { throw ValidationError("--checkpoint-every must be 1 to 1000000") }
    }

    /// A worker over `service` with these settings.
    func worker(_ service: any WorldServiceAPI, world: String?, kinds: [String] = ["backtest", "paper", "live"]) -> Worker {
        var w = Worker(service: service)
        w.world = world
        w.kinds = kinds
        w.leaseSeconds = leaseSeconds
        w.barsPerSecond = speed
        w.checkpointEvery = checkpointEvery
        w.afterCheckpoint = Self.crashHook(ProcessInfo.processInfo.environment["QMTL_CRASH_AT"])
        return w
    }

    /// Fault injection for crash tests: `QMTL_CRASH_AT=worker:checkpoint:N` SIGKILLs this
    /// process right after a job's N-th checkpoint is saved (heartbeat and progress written);
    /// `worker:checkpoint:N:stop` SIGSTOPs it there instead, frozen mid-action for a test to kill.
    static func crashHook(_ spec: String?) -> (@Sendable (JobInfo, Int) -> Void)? {
        guard let spec, spec.hasPrefix("worker:checkpoint:") else { return nil }
        let parts = spec.dropFirst("worker:checkpoint:".count).split(separator: ":")
        guard let n = parts.first.flatMap({ Int($0) }), n > 0, parts.count == 1 || (parts.count == 2 && parts[1] == "stop") else { return nil }
        let signal = parts.count == 2 ? SIGSTOP : SIGKILL
        return { _, saved in if saved >= n { kill(getpid(), signal) } }
    }

    /// One line for a finished job.
    static func describe(_ o: Worker.Outcome) -> String {
        let job = "\(o.job.kind) job \(o.job.jobID)"
        if let error = o.error { return "\(job): failed: \(error)" }
        guard let run = o.run else { return "\(job): done" }
        var line = "\(job): run \(run.runID) \(run.state)"
        if let first = run.firstBar, let last = run.lastBar { line += " on \(first.prefix(10)) → \(last.prefix(10))" }
        if let trades = run.metrics?["num_trades"] { line += ", \(CLI.number(trades)) trades" }
        if let sharpe = run.metrics?["sharpe"] { line += ", sharpe \(CLI.number(sharpe))" }
        if let bars = o.barsConsumed {
            line += "; consumed \(bars) bar\(bars == 1 ? "" : "s")" + (o.resumedAfter.map { " after resuming at \($0.prefix(10))" } ?? "")
            if let fills = o.fills { line += ", \(fills) simulated fill\(fills == 1 ? "" : "s")" }
        }
        return line
    }
}
