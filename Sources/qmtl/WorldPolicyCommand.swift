import ArgumentParser

/// `qmtl world policy …`: a world's policy versions (R-POL-3).
struct WorldPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Publish a world's policy, or try a draft on its runs.",
        subcommands: [WorldPolicySetCommand.self, WorldPolicyListCommand.self, WorldPolicyDefaultCommand.self, WorldPolicyWhatIfCommand.self])
}
