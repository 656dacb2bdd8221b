import ArgumentParser
import QMTLAPI
import QMTLCore
import QMTLService

/// `qmtl status STRATEGY --world W`: a strategy's status in a world and its latest run.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a strategy's status in a world and its latest run.",
        discussion: "Example: qmtl status examples/strategies/sma_cross.yaml --world eq (a StrategyID works too)."
    )

    @Argument(help: "A StrategyID (blake3:…) or a strategy file.") var strategy: String
    @Option(help: "The world.") var world: String
    @Flag(help: "Print the status as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let id = try CLI.strategyID(strategy)
        let status = try await QMTLService.using(serviceOptions) { try await $0.status(strategy: id, world: world) }
        if json { return try CLI.printEncoded(status) }
        print("\(StrategyLabel.text(status.strategyID, status.name)) in \(status.world): \(status.status)")
        if let d = status.decision { print("  decision  \(d)") }
        if let why = status.notEvaluatedReason { print("  not evaluated: \(why)") }
        if !status.reevaluationReasons.isEmpty { print("  re-evaluation queued: \(status.reevaluationReasons.joined(separator: ", ")) changed") }
        if let key = status.lastEvalKey { print("  eval key  \(key)") }
        if let run = status.latestRun {
            print("  run       \(run.runID)  \(run.stage)  \(run.state)  \(run.updatedAt)")
            if let e = run.explanation { print("  verdict   \(e)") }
            if let e = run.error { print("  error     \(e)") }
        } else {
            print("  no run yet")
        }
    }
}
