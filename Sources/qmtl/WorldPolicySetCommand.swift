import ArgumentParser
import QMTLService

/// `qmtl world policy set W FILE`: publishes the next policy version and makes it the default.
struct WorldPolicySetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Publish a policy file as the world's next version.",
        discussion:
            "Example: qmtl world policy set eq examples/policies/equities_conservative.yaml. Evaluations after it use it; the contract id changes every EvalKey."
    )

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "A policy file (.yaml, .yml or .json).") var file: String
    @Flag(help: "Print {world, version, contract_id, published_at}.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let text = try CLI.readText(file)
        let (info, queued) = try await QMTLService.using(serviceOptions) {
            (try await $0.publishPolicy(world: world, document: text, fileName: file), try await $0.queuedRuns(world: world))
        }
        if json { return try CLI.printEncoded(info) }
        print("published \(info.world) policy v\(info.version)  \(info.contractID)")
        WorldRevalidateCommand.printQueue(queued, world: world)
    }
}
