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

    /// A schema id.
    /// - Parameters:
    ///   - name: lowercase letters, digits and `_` (so the text form never needs escaping).
    ///   - version: the schema version, ≥ 1.
    public init(_ name: String, version: Int = 1) {
        precondition(
            !name.isEmpty && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
                && version >= 1,
            "schema name must match [a-z0-9_]+ and version be ≥ 1")
        self.name = name
        self.version = version
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

    /// `qmtl.schema/<name>@v<N>`.
    public var description: String { "qmtl.schema/\(name)@v\(version)" }

    /// Appends the JSON string `"qmtl.schema/<name>@v<N>"` without building a `String`.
    func appendJSON(to out: inout some ByteSink) {
        out.append("\"qmtl.schema/" as StaticString)
        out.append(utf8: name)
        out.append("@v" as StaticString)
        ECMAScriptNumber.appendInteger(Int64(version), to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
