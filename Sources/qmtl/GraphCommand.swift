import ArgumentParser

/// `qmtl graph …`: inspect strategy graphs.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Inspect strategy graphs.",
        subcommands: [GraphIDsCommand.self, GraphShowCommand.self, GraphStatsCommand.self, GraphTypesCommand.self]
    )
}
