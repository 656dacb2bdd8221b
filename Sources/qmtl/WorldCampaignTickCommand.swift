import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world campaign-tick W [--strategy S]`: what the campaign should do next (R-CAMP-3),
/// computed without side effects; the same state prints the same actions and keys.
struct WorldCampaignTickCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-tick", abstract: "Show the campaign's next actions (changes nothing).",
        discussion: "Example: qmtl world campaign-tick eq --json")

    @Argument(help: "The world's id.") var world: String
    @Option(help: "One strategy only: a StrategyID (blake3:…) or its strategy file.") var strategy: String?
    @Flag(help: "Print {world_id, schema_version, actions} as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let tick = try await QMTLService.using(serviceOptions) { s in
            try await s.campaignTick(world: world, strategy: try strategy.map(CLI.strategyID))
        }
        if json { return try CLI.printEncoded(tick) }
        guard !tick.actions.isEmpty else {
            return print("\(tick.world): nothing to do now (qmtl world status \(world) --strategy S says why)")
        }
        CLI.printTable(
            header: ["ACTION", "STRATEGY", "STAGE", "REASON", "KEY"],
            rows: tick.actions.map { [$0.action, StrategyLabel.text($0.strategyID, $0.name), $0.stage, $0.reason, $0.idempotencyKey] })
    }
}
