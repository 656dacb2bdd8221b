import QMTLCore

/// A node declared in Swift (R-SDK-1). Built-ins are the types below; user node types registered
/// in a `NodeRegistry` are declared with ``UserNode``. The graph a ``Strategy`` builds has
/// the same NodeIDs as the same strategy written as a file.
public protocol StrategyNode: Sendable {
    /// The node this value declares.
    var node: NodeDeclaration { get }
}

/// The declaration behind every ``StrategyNode``: type, written params, inputs and an optional
/// local name. A class, so that one declaration used twice is one node.
public final class NodeDeclaration: StrategyNode, @unchecked Sendable {
    // @unchecked: every property is immutable after init, except `name`, set once by `named(_:)` before use.
    /// The node type name, e.g. `SMA`.
    public let type: String
    /// The parameters as written (defaults are filled in when the graph is built).
    public let params: JSONObject
    /// The inputs, with their roles for role-input types (`fast`, `slow`).
    public let inputs: [(role: String?, node: NodeDeclaration)]
    /// The author's code hash for a user type, checked against the registry.
    public let codeHash: Hash256?
    /// The local name, if given (metadata).
    public private(set) var name: String?

    /// Itself.
    public var node: NodeDeclaration { self }

    init(type: String, params: JSONObject = JSONObject(), inputs: [(String?, NodeDeclaration)] = [], codeHash: Hash256? = nil) {
        self.type = type
        self.params = params
        self.inputs = inputs.map { (role: $0.0, node: $0.1) }
        self.codeHash = codeHash
    }

    /// Gives the node a local name (metadata: it never changes an id).
    @discardableResult
    public func named(_ name: String) -> NodeDeclaration {
        self.name = name
        return self
    }
}

/// A bar column.
public enum BarField: String, Sendable { case open, high, low, close, volume }

/// Builders of built-in nodes, as values: `SMA(price, window: 10)`.
public struct BarSource: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// OHLCV bars of `symbol`.
    /// - Parameters:
    ///   - symbol: the instrument.
    ///   - interval: bar interval in seconds.
    public init(symbol: String, interval: Int) {
        node = NodeDeclaration(type: "BarSource", params: Self.object(["symbol": .string(symbol), "interval": .number(Double(interval))]))
    }

    static func object(_ members: [String: JSONValue]) -> JSONObject {
        var o = JSONObject()
        for (k, v) in members { o[k] = v }
        return o
    }
}

/// Simple moving average of `window` values of its input (`field` for bar inputs).
public struct SMA: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A `window`-bar SMA of `input`.
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "SMA", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

/// Exponential moving average, alpha = 2 / (window + 1), seeded with the SMA of its first `window` values.
public struct EMA: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A `window`-bar EMA of `input`.
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "EMA", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

/// Wilder's relative strength index, 0…100.
public struct RSI: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// RSI over `window` changes of `input`.
    public init(_ input: some StrategyNode, window: Int = 14, field: BarField = .close) {
        node = NodeDeclaration(
            type: "RSI", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

/// Wilder's average true range of a bar source.
public struct ATR: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// ATR over `window` bars.
    public init(_ input: BarSource, window: Int = 14) {
        node = NodeDeclaration(type: "ATR", params: BarSource.object(["window": .number(Double(window))]), inputs: [(nil, input.node)])
    }
}

/// One Bollinger band (population std) or %b.
public struct Bollinger: StrategyNode {
    /// Which output: the upper, middle or lower band, or %b.
    public enum Band: String, Sendable { case upper, middle, lower, percentB = "percent_b" }
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A band of `window` values, `k` standard deviations wide.
    public init(_ input: some StrategyNode, window: Int = 20, k: Double = 2, band: Band = .middle, field: BarField = .close) {
        node = NodeDeclaration(
            type: "Bollinger",
            params: BarSource.object([
                "window": .number(Double(window)), "k": .number(k), "band": .string(band.rawValue), "field": .string(field.rawValue),
            ]),
            inputs: [(nil, input.node)])
    }
}

/// Simple or log return over `lag` bars.
public struct Returns: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// Returns of `input` over `lag` bars (log returns when `log`).
    public init(_ input: some StrategyNode, lag: Int = 1, log: Bool = false, field: BarField = .close) {
        node = NodeDeclaration(
            type: "Returns",
            params: BarSource.object(["lag": .number(Double(lag)), "method": .string(log ? "log" : "simple"), "field": .string(field.rawValue)]),
            inputs: [(nil, input.node)])
    }
}

/// (x − mean) / sample std over the window.
public struct ZScore: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// The z-score of `input` over `window` values.
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "ZScore", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]),
            inputs: [(nil, input.node)])
    }
}

/// +1 when `fast` crosses above `slow`, −1 below, else 0.
public struct Crossover: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A crossover of two series; swapping them is another node.
    public init(fast: some StrategyNode, slow: some StrategyNode) {
        node = NodeDeclaration(type: "Crossover", inputs: [("fast", fast.node), ("slow", slow.node)])
    }
}

/// +1 above `upper`, −1 below `lower`, else 0 (at least one bound).
public struct Threshold: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A threshold signal on `input`.
    public init(_ input: some StrategyNode, upper: Double? = nil, lower: Double? = nil) {
        node = NodeDeclaration(
            type: "Threshold", params: BarSource.object(["upper": upper.map { .number($0) } ?? .null, "lower": lower.map { .number($0) } ?? .null]),
            inputs: [(nil, input.node)])
    }
}

/// A target position from a signal, held while the signal is 0.
public struct PositionTarget: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// - Parameters:
    ///   - signal: the signal (+1, −1, 0) it follows.
    ///   - long: fraction of equity held long on +1.
    ///   - short: fraction held short on −1 (0: flat).
    public init(_ signal: some StrategyNode, long: Double = 1, short: Double = 0) {
        node = NodeDeclaration(
            type: "PositionTarget", params: BarSource.object(["long": .number(long), "short": .number(short)]), inputs: [(nil, signal.node)])
    }
}

/// A node of a user type registered with its code hash (`NodeRegistry/register(_:)`).
public struct UserNode: StrategyNode {
    /// The declaration this builder made.
    public let node: NodeDeclaration
    /// A node of a registered user type.
    public init(type: String, inputs: [any StrategyNode], params: JSONObject = JSONObject(), codeHash: Hash256? = nil) {
        node = NodeDeclaration(type: type, params: params, inputs: inputs.map { (nil, $0.node) }, codeHash: codeHash)
    }
}
