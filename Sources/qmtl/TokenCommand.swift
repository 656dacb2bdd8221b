import ArgumentParser

/// `qmtl token create|list|revoke`: bearer tokens of a server's store (R-SEC-1).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke bearer tokens (admin).",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self])
}
