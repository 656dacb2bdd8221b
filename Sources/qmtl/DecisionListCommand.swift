import ArgumentParser
import QMTLService

/// `qmtl decision list [--world W] [--state S]`: decisions, oldest first.
struct DecisionListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List decisions, oldest first (expired ones are marked first).",
        discussion: "Example: qmtl decision list --world eq --state pending")

    @Option(help: "Only decisions posted for or applied in this world.") var world: String?
    @Option(help: "Only decisions in this state (repeat for more).") var state: [String] = []
    @Flag(help: "Print the decisions as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.listDecisions(world: world, states: state.isEmpty ? nil : state) }
        if json { return try CLI.printEncoded(all) }
        guard !all.isEmpty else { return print("no decisions") }
        CLI.printTable(
            header: ["EVENT", "STATE", "DECISION", "SCOPE", "REASON", "NODE", "WORLDS", "POSTED"],
            rows: all.map { d in
                [
                    d.eventID, d.state, d.decision, d.scope, d.reasonCode, d.nodeID,
                    (d.resolvedWorldIDs.isEmpty ? [d.world ?? "-"] : d.resolvedWorldIDs).joined(separator: ","), d.timestamp,
                ]
            })
    }
}
