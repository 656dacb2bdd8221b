import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world revalidate W`: re-queues every strategy of a world and runs the queue here
/// (R-WVG-3, seed OPS runbook 2).
struct WorldRevalidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revalidate",
        abstract: "Re-evaluate every strategy of a world, dataset-fingerprint changes first.",
        discussion: """
            Sends the world's strategies back to validating with a queued re-evaluation each, then runs the queue in this \
            process (backtests from the stored strategies). --queue-only leaves the queue for later; --run-queue runs what \
            world and policy changes queued without re-queuing the rest.
            Example: qmtl world revalidate eq
            """
    )

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Queue the re-evaluations without running them.") var queueOnly = false
    @Flag(help: "Run the queued re-evaluations only; queue nothing new.") var runQueue = false
    @Flag(help: "Print the queue and outcomes as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    struct Output: Encodable {
        var queued: [RunTicket]
        var outcomes: [Runner.QueuedOutcome]
    }

    func validate() throws {
        if queueOnly && runQueue { throw ValidationError("--queue-only and --run-queue exclude each other") }
    }

    func run() async throws {
        let out = try await QMTLService.using(serviceOptions) { service in
            let queued = runQueue ? try await service.queuedRuns(world: world) : try await service.revalidate(world: world)
            return Output(queued: queued, outcomes: queueOnly ? [] : try await Runner(service: service).runQueued(world: world))
        }
        if json { return try CLI.printEncoded(out) }
        if queueOnly { return Self.printQueue(out.queued, world: world) }
        print("re-evaluated \(out.outcomes.count) strateg\(out.outcomes.count == 1 ? "y" : "ies") in \(world)")
        for o in out.outcomes {
            let why = o.run.reasons.isEmpty ? "" : "  (\(o.run.reasons.joined(separator: ", ")))"
            print("  \(o.run.strategyID)  \(o.run.state)\(why)")
            if let e = o.error { print("    error: \(e)") } else if let v = o.run.explanation { print("    \(v)") }
        }
    }

    /// Prints a world's queue, or nothing when it is empty.
    static func printQueue(_ queued: [RunTicket], world: String) {
        guard !queued.isEmpty else { return }
        print("\(queued.count) re-evaluation\(queued.count == 1 ? "" : "s") queued; run them with qmtl world revalidate \(world) --run-queue")
        for t in queued { print("  \(t.strategyID)  \(t.reasons.joined(separator: ", ")) changed") }
    }
}
