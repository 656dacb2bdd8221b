import QMTLCore

/// A strategy compiled once into a flat list of kernels in dependency order, one output slot
/// per kernel, and one shared ring buffer (R-SDK-2).
public struct BacktestPlan: Sendable {
    var kernels: [Kernel]
    /// Size of the shared ring buffer.
    var ringSize: Int
    /// The position outputs the portfolio follows: slot and the index of their symbol.
    var positions: [(slot: Int, symbol: Int)]
    /// The slot of every compiled node.
    var slots: [NodeID: Int]
    /// The symbols of the strategy's bar sources, in source order: a tick carries one bar of each.
    public let symbols: [String]
    /// The bar interval of every source, in seconds.
    public let interval: Int

    /// The first symbol (single-symbol strategies).
    public var symbol: String { symbols[0] }
    /// The NodeIDs compiled (a checkpoint is resumed only by the plan of the same strategy).
    public var nodeIDs: Set<NodeID> { Set(slots.keys) }

    /// Compiles a loaded strategy.
    /// - Throws: `QMTLError` `E_BACKTEST_PLAN` when the strategy has no position output, several
    ///   sources, or a node type this engine has no kernel for.
    public init(_ graph: StrategyGraph) throws {
        var slots: [NodeID: Int] = [:]
        var kernels: [Kernel] = []
        var ring = 0
        var symbols: [String] = []
        var interval: Int?
        // For each slot, the set of source indexes it depends on.
        var ancestry: [Set<Int>] = []
        var positionCandidates: [(slot: Int, name: String)] = []
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
            var sources = Set<Int>()
            if let first = inputIDs.first {
                guard let slot = slots[first] else { throw QMTLError(.backtestPlan, "input of \(node.name) is not compiled") }
                k.input = Int32(slot)
                k.readsBar = kernels[slot].kind == .source
                k.source = kernels[slot].source
                if inputIDs.count > 1, let s2 = slots[inputIDs[1]] { k.input2 = Int32(s2) }
                for id in inputIDs { if let s = slots[id] { sources.formUnion(ancestry[s]) } }
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
                if let interval, interval != c.interval {
                    throw QMTLError(.backtestPlan, "bar sources on one clock need one interval: \(interval)s and \(c.interval)s")
                }
                interval = c.interval
                if symbols.contains(symbol) {
                    throw QMTLError(.backtestPlan, "two bar sources of \(symbol): give each symbol one BarSource")
                }
                k.kind = .source
                k.source = Int32(symbols.count)
                sources = [symbols.count]
                symbols.append(symbol)
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
                k.bandWidth = num("k")
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
                k.upper = num("upper")
                k.lower = num("lower")
            case "PositionTarget":
                k.kind = .positionTarget
                k.longFraction = num("long")
                k.shortFraction = num("short")
                positionCandidates.append((kernels.count, node.name))
            default:
                throw QMTLError(.unknownNodeType, "this engine has no kernel for node type \(c.nodeType)", details: ["node_type": c.nodeType])
            }
            slots[c.nodeID] = kernels.count
            kernels.append(k)
            ancestry.append(sources)
        }
        guard let interval, !symbols.isEmpty else { throw QMTLError(.backtestPlan, "the strategy has no BarSource") }
        // Trade the PositionTargets among the outputs (else the first one); one per symbol.
        let traded = positionCandidates.filter { graph.outputs.contains($0.name) }
        var positions: [(slot: Int, symbol: Int)] = []
        for candidate in traded.isEmpty ? Array(positionCandidates.prefix(1)) : traded {
            let from = ancestry[candidate.slot]
            guard from.count == 1, let symbol = from.first else {
                throw QMTLError(
                    .backtestPlan, "position \(candidate.name) depends on \(from.count) symbols; a position trades exactly one")
            }
            if positions.contains(where: { $0.symbol == symbol }) {
                throw QMTLError(.backtestPlan, "two positions trade \(symbols[symbol]); give each symbol one PositionTarget output")
            }
            positions.append((candidate.slot, symbol))
        }
        guard !positions.isEmpty else { throw QMTLError(.backtestPlan, "the strategy has no PositionTarget output to trade") }
        self.kernels = kernels
        self.slots = slots
        self.ringSize = ring
        self.positions = positions
        self.symbols = symbols
        self.interval = interval
    }
}

extension BacktestPlan: Codable {
    enum CodingKeys: String, CodingKey { case kernels, ringSize, positionSlots, positionSymbols, slots, symbols, interval }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kernels = try c.decode([Kernel].self, forKey: .kernels)
        ringSize = try c.decode(Int.self, forKey: .ringSize)
        let slotsOfPositions = try c.decode([Int].self, forKey: .positionSlots)
        let symbolsOfPositions = try c.decode([Int].self, forKey: .positionSymbols)
        positions = zip(slotsOfPositions, symbolsOfPositions).map { (slot: $0, symbol: $1) }
        slots = try c.decode([NodeID: Int].self, forKey: .slots)
        symbols = try c.decode([String].self, forKey: .symbols)
        interval = try c.decode(Int.self, forKey: .interval)
    }

    /// Encodes the plan for checkpoints.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kernels, forKey: .kernels)
        try c.encode(ringSize, forKey: .ringSize)
        try c.encode(positions.map(\.slot), forKey: .positionSlots)
        try c.encode(positions.map(\.symbol), forKey: .positionSymbols)
        try c.encode(slots, forKey: .slots)
        try c.encode(symbols, forKey: .symbols)
        try c.encode(interval, forKey: .interval)
    }
}
