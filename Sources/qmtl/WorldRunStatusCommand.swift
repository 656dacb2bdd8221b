import ArgumentParser
import QMTLAPI
import QMTLCore
import QMTLService

/// `qmtl world run-status W --strategy S [--run ID|latest] [--metrics] [--history]` (R-RUN-3).
struct WorldRunStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-status",
        abstract: "Show an evaluation run: its state, verdict, and optionally metrics and history.",
        discussion: "Example: qmtl world run-status eq --strategy examples/strategies/sma_cross.yaml --metrics"
    )

    @Argument(help: "The world's id.") var world: String
    @Option(help: "A StrategyID (blake3:…) or a strategy file.") var strategy: String
    @Option(help: "A run id, or latest.") var run = "latest"
    @Flag(help: "Also print the run's metrics (E_RUN_NOT_EVALUATED before it has them).") var metrics = false
    @Flag(help: "Also print the run's history.") var history = false
    @Flag(help: "List the strategy's runs, newest first, instead of showing one.") var all = false
    @Option(help: "With --all: only runs of this stage (backtest, paper, live).") var stage: String?
    @Option(help: "With --all: at most this many runs (1 to 1000).") var limit = 100
    @Flag(help: "Print {run, metrics?, history?} (with --all: the runs) as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    struct Output: Encodable {
        var run: RunInfo
        var metrics: [String: Double]?
        var history: [RunRevisionInfo]?
    }

    func validate() throws {
        if !all && stage != nil { throw ValidationError("--stage lists runs: use it with --all") }
        if all && (metrics || history) { throw ValidationError("--metrics and --history show one run: leave out --all") }
    }

    func run() async throws {
        let id = try CLI.strategyID(strategy)
        if all { return try await list(id) }
        let out = try await QMTLService.using(serviceOptions) { service in
            let info = try await service.run(world: world, strategy: id, runID: run)
            return Output(
                run: info, metrics: metrics ? try await service.runMetrics(world: world, strategy: id, runID: info.runID) : nil,
                history: history ? try await service.runHistory(world: world, strategy: id, runID: info.runID) : nil)
        }
        if json { return try CLI.printEncoded(out) }
        let r = out.run
        print("run \(r.runID)  \(r.stage)  \(r.state)  \(r.world)")
        print("  eval key  \(r.evalKey)")
        if !r.reasons.isEmpty { print("  why       re-evaluated: \(r.reasons.joined(separator: ", ")) changed") }
        if let e = r.explanation { print("  verdict   \(e)") }
        if let e = r.error { print("  error     \(e)") }
        if let m = out.metrics {
            for name in MetricName.base { if let v = m[name] { print("  " + name.padding(24) + CLI.number(v)) } }
        }
        for h in out.history ?? [] { print("  #\(h.revision)  \(h.at)  \(h.state.padding(16))  \(h.reason)") }
    }

    func list(_ id: String) async throws {
        let runs = try await QMTLService.using(serviceOptions) { s in try await s.runs(world: world, strategy: id, stage: stage, limit: limit) }
        if json { return try CLI.printEncoded(runs) }
        guard !runs.isEmpty else { return print("no runs" + (stage.map { " of stage \($0)" } ?? "")) }
        CLI.printTable(
            header: ["RUN", "STAGE", "STATE", "FIRST BAR", "LAST BAR", "CREATED"],
            rows: runs.map { [$0.runID, $0.stage, $0.state, $0.firstBar ?? "-", $0.lastBar ?? "-", $0.createdAt] })
    }
}
