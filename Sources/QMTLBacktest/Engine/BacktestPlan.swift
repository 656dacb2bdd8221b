import QMTLCore

/// A strategy compiled once into a flat list of kernels in dependency order, one output slot
/// per kernel, and one shared ring buffer (R-SDK-2).
public struct BacktestPlan: Sendable, Codable {
    var kernels: [Kernel]
    /// Size of the shared ring buffer.
    var ringSize: Int
    /// Slot of the position output the portfolio follows.
    var positionSlot: Int
    /// The slot of every compiled node.
    var slots: [NodeID: Int]
    /// The symbol and interval of the strategy's bar source.
    public let symbol: String
    public let interval: Int

    /// Compiles a loaded strategy.
    /// - Throws: ``QMTLError`` `E_BACKTEST_PLAN` when the strategy has no position output, several
    ///   sources, or a node type this engine has no kernel for.
    public init(_ graph: StrategyGraph) throws {
        var slots: [NodeID: Int] = [:]
        var kernels: [Kernel] = []
        var ring = 0
        var source: (String, Int)?
        var positionSlot: Int?
        for node in graph.nodes where node.canonical.kind != .root {
            let c = node.canonical
            if slots[c.nodeID] != nil { continue }  // the same content under two names
            let p = c.params
            func int(_ k: String) -> Int { Int(p[k]?.numberValue ?? 0) }
            func num(_ k: String) -> Double { p[k]?.numberValue ?? .nan }
            var k = Kernel(kind: .source)
            let inputIDs =
                c.params["input_roles"]?.objectValue.map { roles in
                    [roles["fast"]?.stringValue, roles["slow"]?.stringValue].compactMap { $0 }.compactMap { try? NodeID(parsing: $0) }
                } ?? c.dependencies
            if let first = inputIDs.first {
                guard let slot = slots[first] else { throw QMTLError("E_BACKTEST_PLAN", "input of \(node.name) is not compiled") }
                k.input = Int32(slot)
                k.readsBar = kernels[slot].kind == .source
                if inputIDs.count > 1, let s2 = slots[inputIDs[1]] { k.input2 = Int32(s2) }
            }
            if let f = p["field"]?.stringValue { k.field = Kernel.Field(f) }
            func useRing(_ n: Int) {
                k.ring = Int32(ring)
                k.capacity = Int32(n)
                ring += n
            }
            switch c.nodeType {
            case "BarSource":
                let symbol = p["symbol"]?.stringValue ?? ""
                if let existing = source, existing.0 != symbol {
                    throw QMTLError("E_BACKTEST_PLAN", "strategies with several symbols are not supported yet (\(existing.0), \(symbol))")
                }
                source = (symbol, c.interval)
                k.kind = .source
            case "SMA":
                k.kind = .sma
                k.window = Int32(int("window"))
                useRing(int("window") + 1)
            case "EMA":
                k.kind = .ema
                k.window = Int32(int("window"))
            case "RSI":
                k.kind = .rsi
                k.window = Int32(int("window"))
            case "ATR":
                k.kind = .atr
                k.window = Int32(int("window"))
                k.readsBar = true
            case "Bollinger":
                k.kind = .bollinger
                k.window = Int32(int("window"))
                k.p1 = num("k")
                k.band = ["upper": 1, "middle": 0, "lower": -1, "percent_b": 2][p["band"]?.stringValue ?? "middle"] ?? 0
                useRing(int("window"))
            case "Returns":
                k.kind = .returns
                k.window = Int32(int("lag"))
                k.logReturns = p["method"]?.stringValue == "log"
                useRing(int("lag") + 1)
            case "ZScore":
                k.kind = .zscore
                k.window = Int32(int("window"))
                useRing(int("window"))
            case "Crossover":
                k.kind = .crossover
            case "Threshold":
                k.kind = .threshold
                k.p1 = num("upper")
                k.p2 = num("lower")
            case "PositionTarget":
                k.kind = .positionTarget
                k.p1 = num("long")
                k.p2 = num("short")
                if graph.outputs.contains(node.name) || positionSlot == nil { positionSlot = kernels.count }
            default:
                throw QMTLError("E_UNKNOWN_NODE_TYPE", "this engine has no kernel for node type \(c.nodeType)", details: ["node_type": c.nodeType])
            }
            slots[c.nodeID] = kernels.count
            kernels.append(k)
        }
        guard let positionSlot else { throw QMTLError("E_BACKTEST_PLAN", "the strategy has no PositionTarget output to trade") }
        guard let source else { throw QMTLError("E_BACKTEST_PLAN", "the strategy has no BarSource") }
        self.kernels = kernels
        self.slots = slots
        self.ringSize = ring
        self.positionSlot = positionSlot
        self.symbol = source.0
        self.interval = source.1
    }
}
