import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl decision post stop STRATEGY --world W`: posts a DecisionEvent (R-DEC-1…3).
struct DecisionPostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Post a stop, pause, resume or quarantine decision.",
        discussion: """
            World-local decisions (the default) apply at once to the node and to every strategy in the world reaching it; \
            multi-world and global ones wait for `qmtl decision approve`.
            Example: qmtl decision post stop strategy.yaml --world eq --reason VAL_FAIL
            Example: qmtl decision post stop blake3:… --scope global --reason OP_INCIDENT --ttl P1D
            """
    )

    @Argument(help: "stop, pause, resume or quarantine.") var decision: String
    @Argument(help: "A NodeID or StrategyID (blake3:…), or a strategy file (its root).") var target: String
    @Option(help: "The world (required for world-local; the reference world for same-contract/same-dataset).") var world: String?
    @Option(help: "VAL_FAIL, RISK_TRIP, OP_INCIDENT or MANUAL.") var reason = "MANUAL"
    @Option(help: "world-local, multi-world or global.") var scope = "world-local"
    @Option(help: "none, same-contract, same-dataset or explicit-list.") var propagation = "none"
    @Option(name: .customLong("target-world"), help: "A world of an explicit list (repeat for more).") var targetWorlds: [String] = []
    @Option(help: "ISO-8601 duration until it expires; P0D never expires.") var ttl = "P0D"
    @Option(help: "A lowercase UUID to make the post idempotent.") var eventID: String?
    @Flag(help: "Print the decision as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let request = DecisionRequest(
            eventID: eventID, world: world, nodeID: try CLI.strategyID(target), decision: decision, reasonCode: reason, scope: scope,
            propagationRule: propagation, targetWorldIDs: targetWorlds.isEmpty ? nil : targetWorlds, ttl: ttl)
        let d = try await QMTLService.using(serviceOptions) { try await $0.postDecision(request) }
        try DecisionCommand.show(d, json: json, verb: "posted")
    }
}
