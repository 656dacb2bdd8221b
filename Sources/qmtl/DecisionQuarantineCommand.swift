import ArgumentParser
import QMTLService

/// `qmtl decision quarantine-non-local`: the rollback of a propagation incident (R-DEC-5).
struct DecisionQuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine-non-local",
        abstract: "Quarantine every pending or applied non-local decision, removing its effects, in one transaction.",
        discussion: "Example: qmtl decision quarantine-non-local   (then review with qmtl decision list --state quarantined)")

    @Flag(help: "Print the quarantined decisions as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.quarantineNonLocal() }
        if json { return try CLI.printEncoded(all) }
        print("quarantined \(all.count) non-local decision\(all.count == 1 ? "" : "s")")
        for d in all { print("  \(d.eventID)  \(d.decision) \(d.scope)  \(d.nodeID)") }
        for e in all.flatMap(\.effects) { print("  \(e.world)  \(e.nodeID)  → \(e.status)") }
    }
}
