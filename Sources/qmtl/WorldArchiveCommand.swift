import ArgumentParser
import QMTLService

/// `qmtl world archive W`: Archive a world (final).
struct WorldArchiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive", abstract: "Archive a world (final).", discussion: "Example: qmtl world archive old-eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let w = try await QMTLService.using(serviceOptions) { try await $0.setWorldState(world, to: .archived) }
        try WorldShowCommand.show(w, json: json, verb: "archived")
    }
}
