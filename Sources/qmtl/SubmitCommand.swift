import ArgumentParser
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl submit FILE --world W [--world W2]`: content-address, submit, backtest here on each
/// world's data, and report for the world's policy to decide (R-SDK-7).
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a strategy to worlds and evaluate it in each.",
        discussion: "Example: qmtl submit examples/strategies/sma_cross.yaml --world eq. Resubmitting the same file changes nothing."
    )

    @Argument(help: "A strategy file (.yaml, .yml or .json).") var file: String
    @Option(help: "A world to submit to (repeatable).") var world: [String] = []
    @Flag(help: "Print {strategy_id, outcomes: [{world, bound, cached, run}]}.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard !world.isEmpty else { throw ValidationError("name at least one world with --world") }
    }

    struct Output: Encodable {
        var strategyID: String
        var outcomes: [Runner.Outcome]
        enum CodingKeys: String, CodingKey {
            case outcomes
            case strategyID = "strategy_id"
        }
    }

    func run() async throws {
        let graph = try StrategyFile.load(try CLI.readText(file), fileName: file, artifacts: FileArtifacts.resolver(relativeTo: file))
        let (strategyID, outcomes) = try await QMTLService.using(serviceOptions) { try await Runner(service: $0).submit(graph, worlds: world) }
        if json { return try CLI.printEncoded(Output(strategyID: strategyID, outcomes: outcomes)) }
        print("strategy \(graph.name ?? "(unnamed)")  \(strategyID)")
        for o in outcomes {
            let how = o.cached ? "cached (same EvalKey, nothing ran)" : o.bound ? "bound, backtested" : "backtested"
            print("\(o.world)  \(o.run.state)  \(how)  run \(o.run.runID)")
            if let e = o.run.explanation { print("  \(e)") }
            if let m = o.run.metrics {
                let shown = ["sharpe", "max_drawdown", "cagr", "num_trades"].compactMap { k in m[k].map { "\(k) \(CLI.number($0))" } }
                print("  " + shown.joined(separator: ", "))
            }
        }
        if outcomes.contains(where: { $0.run.state == "rejected" }) { throw ExitCode(1) }
    }
}
