/// What a node does in a strategy graph. Stored beside the node; not part of its id (R-ID-3).
public enum NodeKind: String, Sendable, Codable, CaseIterable {
    case source = "Source"
    case `operator` = "Operator"
    case rule = "Rule"
    case root = "Root"
}

/// The output schema of a node: `qmtl.schema/<name>@v<N>`.
public struct SchemaID: Hashable, Sendable, CustomStringConvertible {
    public let name: String
    public let version: Int

    public init(_ name: String, version: Int = 1) {
        self.name = name
        self.version = version
        self.description = "qmtl.schema/\(name)@v\(version)"
    }

    /// OHLCV bars.
    public static let bar = SchemaID("bar")
    /// One number per bar.
    public static let series = SchemaID("series")
    /// -1, 0 or +1 per bar.
    public static let signal = SchemaID("signal")
    /// A target position as a signed fraction of equity.
    public static let position = SchemaID("position")
    /// The output of a `StrategyRoot`.
    public static let strategy = SchemaID("strategy")

    /// `qmtl.schema/<name>@v<N>`, built once.
    public let description: String
}
