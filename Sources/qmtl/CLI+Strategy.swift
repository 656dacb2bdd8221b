import QMTLAPI
import QMTLBacktest
import QMTLCore

extension CLI {
    /// A strategy file, `{"file": path}` parameters read relative to it — as `submit` reads it.
    static func loadStrategy(_ file: String) throws -> StrategyGraph {
        try StrategyFile.load(try readText(file), fileName: file, artifacts: FileArtifacts.resolver(relativeTo: file))
    }

    /// A StrategyID or NodeID given as `blake3:…`, or the StrategyID of a strategy file.
    static func strategyID(_ fileOrID: String) throws -> String {
        try strategy(fileOrID).id
    }

    /// ``strategyID(_:)`` with a label for output: a file's strategy reads `name (blake3:…)`,
    /// an id given as such reads as itself.
    static func strategy(_ fileOrID: String) throws -> (id: String, label: String) {
        if fileOrID.hasPrefix("blake3:") { return (fileOrID, fileOrID) }
        let graph = try loadStrategy(fileOrID)
        let id = graph.strategyID.description
        return (id, StrategyLabel.text(id, graph.name))
    }
}
