import ArgumentParser
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl submit FILE --world W [--world W2] [--mode M]`: content-address, submit, backtest here
/// on each world's data, report for the world's policy to decide, and resolve the mode the
/// strategy may run in (R-SDK-5…7).
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a strategy to worlds and evaluate it in each.",
        discussion: """
            Resubmitting the same file changes nothing. --mode asks for a mode; the world's decision caps it, and a \
            decision that cannot be trusted puts the strategy in safe mode (backtest, no orders).
            Example: qmtl submit examples/strategies/sma_cross.yaml --world eq
            """
    )

    @Argument(help: "A strategy file (.yaml, .yml or .json).") var file: String
    @Option(help: "A world to submit to (repeatable).") var world: [String] = []
    @Option(help: "backtest, validate, compute-only, paper or live (default: what the world decides).") var mode: String?
    @Flag(help: "Print {strategy_id, results: [SubmitResult]} (R-SDK-7).") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard !world.isEmpty else { throw ValidationError("name at least one world with --world") }
    }

    func run() async throws {
        let requested = try mode.map { try ExecutionMode(requested: $0) }
        let graph = try CLI.loadStrategy(file)
        let submission = try await QMTLService.using(serviceOptions) {
            try await Runner(service: $0).submit(graph, worlds: world, mode: requested)
        }
        if json { return try CLI.printEncoded(submission) }
        print("strategy \(graph.name ?? "(unnamed)")  \(submission.strategyID)")
        for r in submission.results {
            let how =
                r.cached ? "cached (same EvalKey, nothing ran)" : r.runState == nil ? "not evaluated" : r.bound ? "bound, backtested" : "backtested"
            print("\(r.world)  \(r.runState ?? r.status)  \(how)" + (r.evaluationRunID.map { "  run \($0)" } ?? ""))
            if !r.reasons.isEmpty { print("  re-evaluated: \(r.reasons.joined(separator: ", ")) changed") }
            if let why = r.rejectionReason { print("  \(why)") }
            if let m = r.metrics {
                let shown = ["sharpe", "max_drawdown", "cagr", "num_trades"].compactMap { k in m[k].map { "\(k) \(CLI.number($0))" } }
                print("  " + shown.joined(separator: ", "))
            }
            for hint in r.improvementHints { print("  hint: \(hint)") }
            let safe = r.safeMode ? ", safe mode (\(r.downgradeReason ?? "")): no orders" : r.downgraded ? ", capped by the world's decision" : ""
            print("  mode \(r.effectiveMode) in \(r.executionDomain)\(safe)")
            if let c = r.campaign {
                let next = c.phase == "backtest_campaign" ? "paper" : "live"
                let why = c.reasons.isEmpty ? "" : " (\(c.reasons.joined(separator: ", ")))"
                print(
                    "  campaign \(c.phase) \(WorldStatusCommand.bar(c.progress)), \(c.promotable ? "ready for \(next)" : "not ready for \(next)")\(why)"
                )
            }
        }
        if submission.results.contains(where: { $0.runState == "rejected" }) { throw ExitCode(1) }
    }
}
