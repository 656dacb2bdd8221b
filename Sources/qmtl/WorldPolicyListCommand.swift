import ArgumentParser
import QMTLService

/// `qmtl world policy list W`: a world's published policy versions (R-POL-3).
struct WorldPolicyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a world's published policy versions, the default marked.",
        discussion: "Example: qmtl world policy list eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the versions as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.policies(world: world) }
        if json { return try CLI.printEncoded(all) }
        guard !all.isEmpty else { return print("no policy published in \(world): every strategy is evaluated with the empty policy") }
        CLI.printTable(
            header: ["VERSION", "DEFAULT", "CONTRACT", "PUBLISHED"],
            rows: all.map { ["v\($0.version)", $0.isDefault ? "*" : "", $0.contractID, $0.publishedAt] })
    }
}
