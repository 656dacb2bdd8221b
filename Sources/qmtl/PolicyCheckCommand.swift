import ArgumentParser
import Foundation
import QMTLCore

/// `qmtl policy check FILE`: every error as `FILE:LINE:COLUMN: message` (exit 1), or a one-line
/// summary (exit 0).
struct PolicyCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a policy file and print every error.",
        discussion: "Example: qmtl policy check examples/policies/equities_conservative.yaml")

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
