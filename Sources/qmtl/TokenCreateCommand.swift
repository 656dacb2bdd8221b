import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl token create NAME --role R`: a new token; its secret is printed once.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token; its secret is printed once.",
        discussion: "Example: qmtl token create ci --role submitter --server http://127.0.0.1:8080 --token $ADMIN_TOKEN")

    @Argument(help: "What the token is for, e.g. ci.") var name: String
    @Option(help: "viewer, submitter, operator or admin.") var role: Role
    @Flag(help: "Print the token as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let token = try await QMTLService.using(serviceOptions) { try await $0.createToken(name: name, role: role) }
        if json { return try CLI.printEncoded(token) }
        print("created \(token.id) (\(token.role)) for \(token.name)")
        print("secret (shown once, keep it): \(token.secret ?? "")")
    }
}

extension Role: ExpressibleByArgument {}
