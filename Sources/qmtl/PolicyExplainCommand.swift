import ArgumentParser
import Foundation
import QMTLCore

/// `qmtl policy explain FILE --metrics M.json [--json]`: the decision, offline.
struct PolicyExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Evaluate a policy on a JSON file of candidates' metrics and explain the decision.",
        discussion: "Example: qmtl policy explain examples/policies/equities_conservative.yaml --metrics examples/metrics/equities_candidates.json")

    @Argument(help: "A policy (.yaml, .yml or .json).") var file: String
    @Option(help: "{\"candidates\": {id: {metric: n}}, \"correlations\": [{a, b, corr}], \"previous_active\": [id]}.") var metrics: String
    @Option(help: "Evaluation time, ISO-8601 UTC (default: now).") var now: String?
    @Flag(help: "Print the decision as JSON.") var json = false

    func validate() throws {
        if let now, UTCTimestamp.parse(now) == nil { throw ValidationError("--now must be ISO-8601 UTC, like 2026-01-31T00:00:00Z") }
    }

    func run() async throws {
        let policy = try PolicyParser.parse(try CLI.readText(file), fileName: file)
        let at = now.flatMap(UTCTimestamp.parse) ?? Int64(Date().timeIntervalSince1970)
        let input = try PolicyInput(json: try JSONParser.parseValue(Array(try CLI.read(metrics)), fileName: metrics), now: at)
        let decision = PolicyEvaluator(policy: policy).evaluate(input)
        if json {
            try CLI.printJSON(decision.json)
            return
        }
        print("contract \(decision.contractID)")
        print("selected: " + (decision.selected.isEmpty ? "none" : decision.selected.joined(separator: ", ")))
        let ordered = decision.candidates.values.sorted { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }
        let width = ordered.map(\.id.count).max() ?? 0
        for c in ordered {
            let mark = c.selected ? "✓" : c.eligible ? "·" : "✗"
            print("\(mark) \(c.id.padding(width))  \(c.status.rawValue.padding(4))  \(c.explanation)")
        }
    }
}
