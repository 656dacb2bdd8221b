import ArgumentParser
import QMTLCore

/// `qmtl graph types [--json]`: the node types this runtime knows, with what their NodeIDs are
/// made of — so ids can be re-derived from a strategy file by anyone (R-ID-10,
/// `scripts/independent_ids.py strategy`).
struct GraphTypesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "types",
        abstract: "List the node types this runtime knows: inputs, parameters, defaults, period rule and code hash.",
        discussion: "Example: qmtl graph types --json > types.json"
    )

    @Flag(help: "Print {\"types\": [{name, kind, schema_id, code_hash, inputs, params, interval_param, period, …}]}.")
    var json = false

    func run() async throws {
        let specs = NodeRegistry.builtins.types.values.sorted { $0.name < $1.name }
        if json {
            try CLI.printJSON(["types": .array(specs.map(\.json))])
            return
        }
        let rows = specs.map { spec -> [String] in
            let params = spec.params.map { p in p.defaultValue.map { "\(p.name)=\((try? JCS.string($0)) ?? "?")" } ?? p.name }
            return [spec.name, spec.kind.rawValue, spec.output.description, params.joined(separator: " "), spec.summary]
        }
        CLI.printTable(header: ["type", "kind", "output", "params (default)", "what it does"], rows: rows)
    }
}
