import ArgumentParser
import Foundation
import QMTLAPI
import QMTLService

/// `qmtl worker [--store|--server]`: runs queued backtest and paper jobs until stopped.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run queued backtest, paper and live jobs (SIGTERM or SIGINT stops it).",
        discussion: """
            Claims the oldest queued job under a lease, runs it here (bars loaded by fingerprint from the store or the \
            server), reports the metrics, and takes the next. A paper job checkpoints its engine as it goes; a worker that \
            dies loses nothing: once its lease runs out another worker claims the job and resumes from the last \
            checkpoint. Any number of workers may share one store or server.
            Example: qmtl worker --store postgres://qmtl@db/qmtl --lease-sec 30
            """)

    @Option(help: "Only jobs of this world.") var world: String?
    @Option(help: "The kinds of job to run: backtest, paper, live (comma-separated).") var kinds = "backtest,paper,live"
    @Flag(help: "Stop once the queue is empty instead of waiting for more.") var drain = false
    @Option(name: .customLong("poll-ms"), help: "How often an idle worker looks for jobs, milliseconds.") var pollMillis = 500
    @Flag(help: "Print one JSON object per finished job.") var json = false
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var serviceOptions: ServiceOptions

    var kindList: [String] { kinds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

    func validate() throws {
        guard !kindList.isEmpty, kindList.allSatisfy({ ["backtest", "paper", "live"].contains($0) }) else {
            throw ValidationError("--kinds lists backtest, paper and live, comma-separated")
        }
        guard (10...600_000).contains(pollMillis) else { throw ValidationError("--poll-ms must be 10 to 600000") }
    }

    func run() async throws {
        let (world, kinds, drain, poll, json, options) = (world, kindList, drain, pollMillis, json, workerOptions)
        do {
            try await QMTLService.using(serviceOptions) { service in
                let worker = options.worker(service, world: world, kinds: kinds)
                if !json { CLI.printFlushed("\(worker.name) running \(kinds.joined(separator: " and ")) jobs" + (world.map { " of \($0)" } ?? "")) }
                try await TerminationSignals.cancelling {
                    if drain {
                        for outcome in try await worker.drain() { try Self.report(outcome, json: json) }
                        return
                    }
                    await worker.run(
                        poll: .milliseconds(poll), onOutcome: { try? Self.report($0, json: json) },
                        onError: { CLI.printError("worker: \(CLI.reason($0))") })
                }
            }
        } catch is CancellationError {}
        if !json { CLI.printFlushed("worker stopped") }
    }

    static func report(_ outcome: Worker.Outcome, json: Bool) throws {
        if json {
            try CLI.printEncoded(outcome)
        } else {
            CLI.printFlushed(WorkerOptions.describe(outcome))
        }
        fflush(nil)
    }
}
