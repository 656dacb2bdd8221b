import ArgumentParser
import Foundation
import QMTLCore

/// `qmtl policy what-if CURRENT DRAFT --metrics M.json [--json]`: who would enter and leave under
/// a draft policy, and which rule decided (R-POL-3), offline and without side effects.
struct PolicyWhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if", abstract: "Compare the decisions of the current and a draft policy on the same metrics.",
        discussion:
            "Example: qmtl policy what-if examples/policies/research.json examples/policies/equities_conservative.yaml --metrics examples/metrics/equities_candidates.json"
    )

    @Argument(help: "The current policy.") var current: String
    @Argument(help: "The draft policy.") var draft: String
    @Option(help: "The candidates' metrics, as for `policy explain`.") var metrics: String
    @Option(help: "Evaluation time, ISO-8601 UTC (default: now).") var now: String?
    @Flag(help: "Print {\"entering\", \"leaving\", \"staying\", \"current_contract\", \"draft_contract\"}.") var json = false

    func validate() throws {
        if let now, UTCTimestamp.parse(now) == nil { throw ValidationError("--now must be ISO-8601 UTC, like 2026-01-31T00:00:00Z") }
    }

    func run() async throws {
        let currentPolicy = try PolicyParser.parse(try CLI.readText(current), fileName: current)
        let draftPolicy = try PolicyParser.parse(try CLI.readText(draft), fileName: draft)
        let at = now.flatMap(UTCTimestamp.parse) ?? Int64(Date().timeIntervalSince1970)
        let input = try PolicyInput(json: try JSONParser.parseValue(Array(try CLI.read(metrics)), fileName: metrics), now: at)
        let diff = PolicyWhatIf.diff(
            current: PolicyEvaluator(policy: currentPolicy).evaluate(input), draft: PolicyEvaluator(policy: draftPolicy).evaluate(input))
        func changes(_ list: [PolicyWhatIf.Change]) -> JSONValue {
            .array(
                list.map {
                    ["id": .string($0.id), "rule": .string($0.rule), "reason_code": .string($0.reasonCode), "explanation": .string($0.explanation)]
                })
        }
        if json {
            try CLI.printJSON([
                "entering": changes(diff.entering), "leaving": changes(diff.leaving), "staying": .array(diff.staying.map { .string($0) }),
                "current_contract": .string(diff.currentContract.description), "draft_contract": .string(diff.draftContract.description),
            ])
            return
        }
        print("current \(diff.currentContract)\ndraft   \(diff.draftContract)")
        for c in diff.entering { print("+ \(c.id)  (was out by \(c.rule): \(c.reasonCode))  \(c.explanation)") }
        for c in diff.leaving { print("- \(c.id)  (out by \(c.rule): \(c.reasonCode))  \(c.explanation)") }
        print("= " + (diff.staying.isEmpty ? "nobody stays" : diff.staying.joined(separator: ", ")))
    }
}
