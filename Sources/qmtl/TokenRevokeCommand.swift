import ArgumentParser
import QMTLService

/// `qmtl token revoke ID`: the token authenticates nothing from now on.
struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a token at once.", discussion: "Example: qmtl token revoke tok_0123456789abcdef")

    @Argument(help: "The token's id (tok_…).") var id: String
    @Flag(help: "Print the token as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let token = try await QMTLService.using(serviceOptions) { try await $0.revokeToken(id) }
        if json { return try CLI.printEncoded(token) }
        print("revoked \(token.id) (\(token.name), \(token.role))")
    }
}
