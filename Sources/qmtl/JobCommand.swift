import ArgumentParser

/// `qmtl job …`: the queue of backtest and paper jobs workers run.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job", abstract: "Inspect the job queue (backtests and paper runs for workers).",
        subcommands: [JobListCommand.self, JobShowCommand.self])
}
