import ArgumentParser
import QMTLService

/// `qmtl decision approve EVENT_ID`: Approve a pending non-local decision: its worlds are resolved now and it applies in each.
struct DecisionApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve a pending non-local decision: its worlds are resolved now and it applies in each.",
        discussion: "Example: qmtl decision approve 4f1c…  (ids from qmtl decision list)")

    @Argument(help: "The decision's event id.") var eventID: String
    @Flag(help: "Print the decision as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let d = try await QMTLService.using(serviceOptions) { try await $0.approveDecision(eventID) }
        try DecisionCommand.show(d, json: json, verb: "approved")
    }
}
