import ArgumentParser
import Foundation
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore

/// `qmtl world campaign-loop W --interval-sec N [--execute]`: `campaign-execute` every N
/// seconds (R-CAMP-4), with one leader per world among every process on the store.
struct WorldCampaignLoopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-loop", abstract: "Tick and carry out the campaign every N seconds; one leader per world.",
        discussion: """
            Each round is `qmtl world campaign-execute`. Only one loop per world acts at a time: it leads while it holds the \
            store's lock for the world (pg_try_advisory_lock on PostgreSQL, a lock file beside an SQLite database), released \
            when it stops or dies; another loop stands by and takes over. Killing a loop at any point loses and repeats \
            nothing: actions become jobs under their idempotency keys, and a job a dead loop held is claimed again when \
            its lease runs out. Stops on SIGTERM or SIGINT.
            Example: qmtl world campaign-loop eq --interval-sec 60 --execute
            """)

    @Argument(help: "The world's id.") var world: String
    @Option(name: .customLong("interval-sec"), help: "Seconds between two rounds.") var intervalSeconds: Double = 60
    @Option(help: "Stop after this many rounds (default: run until stopped).") var rounds: Int?
    @Flag(help: "Queue and run the jobs (without it: print each round's plan and change nothing).") var execute = false
    @Flag(name: .customLong("no-work"), help: "Queue the jobs only; leave them to workers (`qmtl worker`, `qmtl serve --workers N`).")
    var noWork = false
    @Flag(help: "Print one JSON object per round.") var json = false
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard intervalSeconds.isFinite, (0...86_400).contains(intervalSeconds) else { throw ValidationError("--interval-sec must be 0 to 86400") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        if serviceOptions.serverURL != nil {
            throw ValidationError("campaign-loop takes its leader lock in the store: run it with --store (the server's store), not --server")
        }
    }

    func run() async throws {
        let (service, store) = try await serviceOptions.open()
        let (world, rounds, interval, execute, json, options, work) = (world, rounds, intervalSeconds, execute, json, workerOptions, !noWork)
        try await store.using { _ in
            do {
                try await TerminationSignals.cancelling {
                    var done = 0
                    while rounds.map({ done < $0 }) ?? true {
                        let remaining = rounds.map { $0 - done }
                        let led = try await store.withLeadership("campaign:\(world)") {
                            try await Self.lead(
                                service, world: world, rounds: remaining, interval: interval, execute: execute, work: work, json: json, options)
                        }
                        if let led {
                            done += led
                        } else {
                            if !json { CLI.printFlushed("another campaign-loop leads \(world); standing by") }
                            try await Task.sleep(for: .seconds(max(interval, 0.2)))
                        }
                    }
                }
            } catch is CancellationError {
                if !json { CLI.printFlushed("campaign-loop for \(world) stopped") }
            }
        }
    }

    /// Rounds while leading, until `rounds` are done (nil: until cancelled); the number done.
    static func lead(
        _ service: any WorldServiceAPI, world: String, rounds: Int?, interval: Double, execute: Bool, work: Bool, json: Bool,
        _ options: WorkerOptions
    ) async throws -> Int {
        var done = 0
        while rounds.map({ done < $0 }) ?? true {
            let out: WorldCampaignExecuteCommand.Output
            do {
                out = try await WorldCampaignExecuteCommand.round(service, world: world, strategy: nil, execute: execute, work: work, options)
            } catch let error as QMTLError where error.code == .jobLeaseLost || error.code.exitCode == 3 {
                // Passing trouble (the store or server away or busy, a job taken over) costs this
                // round, not the loop: what the round queued stays queued under its keys.
                done += 1
                CLI.printError("round \(done) in \(world) failed: \(error.message) [\(error.code)]; trying again in \(interval) s")
                if rounds.map({ done < $0 }) ?? true { try await Task.sleep(for: .seconds(interval)) }
                continue
            }
            done += 1
            if json {
                try CLI.printEncoded(out)
            } else {
                CLI.printFlushed("round \(done) in \(world):")
                WorldCampaignExecuteCommand.print(out)
            }
            fflush(nil)
            if rounds.map({ done < $0 }) ?? true { try await Task.sleep(for: .seconds(interval)) }
        }
        return done
    }
}
