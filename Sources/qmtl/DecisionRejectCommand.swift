import ArgumentParser
import QMTLService

/// `qmtl decision reject EVENT_ID`: Reject a pending decision; it never applies.
struct DecisionRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject", abstract: "Reject a pending decision; it never applies.",
        discussion: "Example: qmtl decision reject 4f1c…  (ids from qmtl decision list)")

    @Argument(help: "The decision's event id.") var eventID: String
    @Flag(help: "Print the decision as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let d = try await QMTLService.using(serviceOptions) { try await $0.rejectDecision(eventID) }
        try DecisionCommand.show(d, json: json, verb: "rejected")
    }
}
