import ArgumentParser
import QMTLService

/// `qmtl world policy default W VERSION`: evaluate with an earlier (or later) published version.
struct WorldPolicyDefaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default", abstract: "Make a published policy version the world's default (strategies are re-queued).",
        discussion: "Example: qmtl world policy default eq 1   (roll back to v1)")

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "The version to make the default.") var version: Int
    @Flag(help: "Print the version as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let (info, queued) = try await QMTLService.using(serviceOptions) {
            (try await $0.setDefaultPolicy(world: world, version: version), try await $0.queuedRuns(world: world))
        }
        if json { return try CLI.printEncoded(info) }
        print("\(info.world) evaluates with policy v\(info.version)  \(info.contractID)")
        WorldRevalidateCommand.printQueue(queued, world: world)
    }
}
