import ArgumentParser
import QMTLService

/// `qmtl world resume W`: Resume a suspended world.
struct WorldResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume a suspended world.", discussion: "Example: qmtl world resume eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let w = try await QMTLService.using(serviceOptions) { try await $0.setWorldState(world, to: .active) }
        try WorldShowCommand.show(w, json: json, verb: "resumed")
    }
}
