import ArgumentParser

/// `qmtl policy …`: check and explain world policies offline.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check and explain world policies.",
        subcommands: [PolicyCheckCommand.self, PolicyExplainCommand.self, PolicyWhatIfCommand.self])
}
