import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world create W [--data CSV --symbol S | --dataset FP] [settings]`.
struct WorldCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a world (its first immutable snapshot).",
        discussion: "Example: qmtl world create eq-daily --data bars.csv --symbol SYN --commission-bps 10 --allow-live"
    )

    @Argument(help: "The world's id: a slug like eq-daily (or world:eq-daily).") var world: String
    @OptionGroup var settings: WorldSettingsOptions
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let created = try await QMTLService.using(serviceOptions) { service in
            let patch = try await settings.patch(service, current: WorldSpec(name: ""))
            return try await service.createWorld(id: world, spec: patch.applied(to: WorldSpec(name: "")))
        }
        try WorldShowCommand.show(created, json: json, verb: "created")
    }
}
