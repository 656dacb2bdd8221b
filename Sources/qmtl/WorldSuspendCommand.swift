import ArgumentParser
import QMTLService

/// `qmtl world suspend W`: Suspend a world: it accepts no new bindings.
struct WorldSuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend", abstract: "Suspend a world: it accepts no new bindings.",
        discussion: "Example: qmtl world suspend eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let w = try await QMTLService.using(serviceOptions) { try await $0.setWorldState(world, to: .suspended) }
        try WorldShowCommand.show(w, json: json, verb: "suspended")
    }
}
