import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world update W [settings]`: a new snapshot with the flags' changes.
struct WorldUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a world's settings: a new immutable snapshot and WorldRef.",
        discussion: "Example: qmtl world update eq-daily --slippage-bps 5 --label equities"
    )

    @Argument(help: "The world's id.") var world: String
    @OptionGroup var settings: WorldSettingsOptions
    @Option(help: "Remove a label (repeatable).") var removeLabel: [String] = []
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let (before, after, queued) = try await QMTLService.using(serviceOptions) { service in
            let before = try await service.describeWorld(world)
            var patch = try await settings.patch(service, current: before.spec)
            patch.removeLabels = removeLabel
            let after = try await service.updateWorld(world, patch: patch)
            return (before, after, try await service.queuedRuns(world: world))
        }
        try WorldShowCommand.show(after, json: json, verb: before.worldRef == after.worldRef ? "unchanged" : "updated")
        if !json { WorldRevalidateCommand.printQueue(queued, world: world) }
    }
}
