import ArgumentParser
import QMTLService

/// `qmtl decision revoke EVENT_ID`: End a pending or applied decision at once; refs show the latest remaining decision.
struct DecisionRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "End a pending or applied decision at once; refs show the latest remaining decision.",
        discussion: "Example: qmtl decision revoke 4f1c…  (ids from qmtl decision list)")

    @Argument(help: "The decision's event id.") var eventID: String
    @Flag(help: "Print the decision as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let d = try await QMTLService.using(serviceOptions) { try await $0.revokeDecision(eventID) }
        try DecisionCommand.show(d, json: json, verb: "revoked")
    }
}
