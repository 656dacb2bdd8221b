import QMTLCore

/// A node declared in Swift (R-SDK-1). Built-ins are the types below; user node types registered
/// in a ``NodeRegistry`` are declared with ``UserNode``. The graph a ``Strategy`` builds has
/// the same NodeIDs as the same strategy written as a file.
public protocol StrategyNode: Sendable {
    var node: NodeDeclaration { get }
}

/// The declaration behind every ``StrategyNode``: type, written params, inputs and an optional
/// local name. A class, so that one declaration used twice is one node.
public final class NodeDeclaration: StrategyNode, @unchecked Sendable {
    // @unchecked: every property is immutable after init, except `name`, set once by `named(_:)` before use.
    public let type: String
    public let params: JSONObject
    public let inputs: [(role: String?, node: NodeDeclaration)]
    public let codeHash: Hash256?
    public private(set) var name: String?

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
    public let node: NodeDeclaration
    /// - Parameters:
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

public struct SMA: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "SMA", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

public struct EMA: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "EMA", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

public struct RSI: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, window: Int = 14, field: BarField = .close) {
        node = NodeDeclaration(
            type: "RSI", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]), inputs: [(nil, input.node)])
    }
}

public struct ATR: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: BarSource, window: Int = 14) {
        node = NodeDeclaration(type: "ATR", params: BarSource.object(["window": .number(Double(window))]), inputs: [(nil, input.node)])
    }
}

public struct Bollinger: StrategyNode {
    public enum Band: String, Sendable { case upper, middle, lower, percentB = "percent_b" }
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, window: Int = 20, k: Double = 2, band: Band = .middle, field: BarField = .close) {
        node = NodeDeclaration(
            type: "Bollinger",
            params: BarSource.object([
                "window": .number(Double(window)), "k": .number(k), "band": .string(band.rawValue), "field": .string(field.rawValue),
            ]),
            inputs: [(nil, input.node)])
    }
}

public struct Returns: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, lag: Int = 1, log: Bool = false, field: BarField = .close) {
        node = NodeDeclaration(
            type: "Returns",
            params: BarSource.object(["lag": .number(Double(lag)), "method": .string(log ? "log" : "simple"), "field": .string(field.rawValue)]),
            inputs: [(nil, input.node)])
    }
}

public struct ZScore: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, window: Int, field: BarField = .close) {
        node = NodeDeclaration(
            type: "ZScore", params: BarSource.object(["window": .number(Double(window)), "field": .string(field.rawValue)]),
            inputs: [(nil, input.node)])
    }
}

public struct Crossover: StrategyNode {
    public let node: NodeDeclaration
    public init(fast: some StrategyNode, slow: some StrategyNode) {
        node = NodeDeclaration(type: "Crossover", inputs: [("fast", fast.node), ("slow", slow.node)])
    }
}

public struct Threshold: StrategyNode {
    public let node: NodeDeclaration
    public init(_ input: some StrategyNode, upper: Double? = nil, lower: Double? = nil) {
        node = NodeDeclaration(
            type: "Threshold", params: BarSource.object(["upper": upper.map { .number($0) } ?? .null, "lower": lower.map { .number($0) } ?? .null]),
            inputs: [(nil, input.node)])
    }
}

public struct PositionTarget: StrategyNode {
    public let node: NodeDeclaration
    /// - Parameters:
    ///   - long: fraction of equity held long on +1.
    ///   - short: fraction held short on −1 (0: flat).
    public init(_ signal: some StrategyNode, long: Double = 1, short: Double = 0) {
        node = NodeDeclaration(
            type: "PositionTarget", params: BarSource.object(["long": .number(long), "short": .number(short)]), inputs: [(nil, signal.node)])
    }
}

/// A node of a user type registered with its code hash (``NodeRegistry/register(_:)``).
public struct UserNode: StrategyNode {
    public let node: NodeDeclaration
    public init(type: String, inputs: [any StrategyNode], params: JSONObject = JSONObject(), codeHash: Hash256? = nil) {
        node = NodeDeclaration(type: type, params: params, inputs: inputs.map { (nil, $0.node) }, codeHash: codeHash)
    }
}
