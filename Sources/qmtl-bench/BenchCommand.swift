import ArgumentParser

/// `qmtl-bench`: performance figures, printed one per line as `<name> <value>`.
/// Run in release: `swift run -c release qmtl-bench ids`.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qmtl-bench",
        abstract: "Measure QMTL performance; prints one figure per line.",
        subcommands: [
            IDsBench.self, GSGBench.self, WVGBench.self, PolicyBench.self, BacktestBench.self, CSVBench.self, ServiceBench.self, SubmitBench.self,
            ServeBench.self, WorkersBench.self,
        ]
    )
}
