import ArgumentParser
import Foundation
import QMTLCore

/// `qmtl policy …`: check and explain world policies offline.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Check and explain world policies.",
        subcommands: [PolicyCheckCommand.self, PolicyExplainCommand.self, PolicyWhatIfCommand.self])
}

/// `qmtl policy check FILE`: every error as `FILE:LINE:COLUMN: message` (exit 1), or a one-line
/// summary (exit 0).
struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Validate a policy file and print every error.")

    @Argument(help: "A policy (.yaml, .yml or .json).") var file: String
    @Flag(help: "Print {\"valid\", \"contract_id\", \"errors\": [{code, message}]}.") var json = false

    func run() async throws {
        let (policy, errors) = PolicyParser.check(try CLI.readText(file), fileName: file)
        if json {
            try CLI.printJSON([
                "valid": .bool(policy != nil), "contract_id": policy.map { .string($0.contractID.description) } ?? .null,
                "errors": .array(errors.map { ["code": .string($0.code.rawValue), "message": .string($0.message)] }),
            ])
        } else if let policy {
            print(Self.summary(file, policy))
        } else {
            for e in errors { FileHandle.standardError.write(Data("\(e.message) [\(e.code)]\n".utf8)) }
        }
        if policy == nil { throw ExitCode(1) }
    }

    static func summary(_ file: String, _ p: Policy) -> String {
        var parts = ["contract \(p.contractID)"]
        if let preset = p.preset { parts.append("preset \(preset)") }
        parts.append("\(p.selection.thresholds.count) thresholds")
        if let k = p.selection.topK { parts.append("top \(k.k) by \(k.metric)") }
        parts.append("live promotion \(p.governance.mode.rawValue)")
        return "\(file): valid (" + parts.joined(separator: ", ") + ")"
    }
}

/// `qmtl policy explain FILE --metrics M.json [--json]`: the decision, offline.
struct PolicyExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Evaluate a policy on a JSON file of candidates' metrics and explain the decision.")

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

/// `qmtl policy what-if CURRENT DRAFT --metrics M.json [--json]`: who would enter and leave under
/// a draft policy, and which rule decided (R-POL-3), offline and without side effects.
struct PolicyWhatIfCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if", abstract: "Compare the decisions of the current and a draft policy on the same metrics.")

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
