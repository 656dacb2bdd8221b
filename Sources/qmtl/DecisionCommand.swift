import ArgumentParser
import QMTLAPI

/// `qmtl decision …`: stop, pause, resume and quarantine decisions (SPEC §5, R-DEC).
struct DecisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Post, approve, reject, revoke and list DecisionEvents.",
        subcommands: [
            DecisionPostCommand.self, DecisionApproveCommand.self, DecisionRejectCommand.self, DecisionRevokeCommand.self,
            DecisionListCommand.self, DecisionQuarantineCommand.self, DecisionEventsCommand.self,
        ]
    )

    /// Prints one decision and the refs the call changed.
    static func show(_ d: DecisionInfo, json: Bool, verb: String) throws {
        if json { return try CLI.printEncoded(d) }
        let worlds = d.resolvedWorldIDs.isEmpty ? (d.world.map { "for \($0)" } ?? "") : "in " + d.resolvedWorldIDs.joined(separator: ", ")
        print("\(verb) \(d.decision) (\(d.scope), \(d.reasonCode)) on \(d.nodeID) \(worlds): \(d.state)")
        print("  event     \(d.eventID)")
        if let e = d.expiresAt { print("  expires   \(e)") }
        if d.state == "pending" { print("  next      qmtl decision approve \(d.eventID)  (nothing changes until then)") }
        for e in d.effects { print("  \(e.world)  \(e.nodeID)  → \(e.status)") }
    }
}
