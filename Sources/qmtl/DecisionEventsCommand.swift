import ArgumentParser
import Foundation
import QMTLAPI
import QMTLService

/// `qmtl decision events [--world W] [--after N] [--follow]`: the decision stream
/// (`decision.events.v1`), one line per published change.
struct DecisionEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Print the decision stream: decisions as they became applied or left applied.",
        discussion: """
            Non-local decisions appear once approved. --follow keeps printing new ones until \
            interrupted; --after resumes after a position printed earlier.

            Example: qmtl decision events --world eq --follow
            """)

    @Option(help: "Only decisions posted for or applied in this world.") var world: String?
    @Option(help: "Start after this stream position.") var after: Int64 = 0
    @Flag(help: "Keep printing new events until interrupted.") var follow = false
    @Flag(help: "Print one JSON object per line.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard after >= 0 else { throw ValidationError("--after must be 0 or more") }
    }

    func run() async throws {
        try await QMTLService.using(serviceOptions) { service in
            var position = after
            var printed = false
            while true {
                let page = try await service.decisionEvents(after: position, world: world, limit: 500)
                for entry in page.entries {
                    printed = true
                    if json {
                        try CLI.printEncoded(entry)
                    } else {
                        let e = entry.event
                        let worlds = e.resolvedWorldIDs.isEmpty ? (e.world ?? "-") : e.resolvedWorldIDs.joined(separator: ",")
                        CLI.printFlushed(
                            "\(entry.seq)  \(entry.publishedAt)  \(e.state)  \(e.decision) (\(e.scope), \(e.reasonCode))  \(e.nodeID)  \(worlds)  \(e.eventID)"
                        )
                    }
                }
                position = page.through
                if page.entries.count == 500 { continue }
                if !follow { break }
                try await Task.sleep(for: .milliseconds(250))
            }
            if !printed && !follow && !json { print("no decision events after \(after)") }
        }
    }
}
