import ArgumentParser
import QMTLService

/// `qmtl token list`: every token, without secrets.
struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tokens (never their secrets).", discussion: "Example: qmtl token list --json")

    @Flag(help: "Print the tokens as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.listTokens() }
        if json { return try CLI.printEncoded(all) }
        guard !all.isEmpty else { return print("no tokens") }
        CLI.printTable(
            header: ["ID", "NAME", "ROLE", "CREATED", "REVOKED"],
            rows: all.map { [$0.id, $0.name, $0.role, $0.createdAt, $0.revokedAt ?? "-"] })
    }
}
