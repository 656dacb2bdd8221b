import Foundation
import QMTLBacktest
import Testing

@testable import QMTLCore

/// Every indicator against a straightforward formula recomputed from scratch at each bar.
@Suite("Indicators")
struct IndicatorTests {
    static let bars = SyntheticBars(seed: 11, interval: 86_400, regimes: [.init(drift: 0, volatility: 0.02)]).generate(count: 300)
    static let close = bars.map(\.close)

    /// Runs `indicator` (a node over the bar source) and returns its output at every bar.
    static func outputs(_ make: (BarSource) -> any StrategyNode) throws -> [Double] {
        let price = BarSource(symbol: "X", interval: 86_400)
        let indicator = make(price)
        let graph = try Strategy(outputs: [PositionTarget(Threshold(indicator, upper: 1e9)), indicator]).graph()
        let id = graph.nodes.first {
            $0.canonical.nodeID
                == graph.root.dependencies.first { d in
                    graph.nodes.first { $0.canonical.nodeID == d }?.canonical.nodeType != "PositionTarget"
                }
        }!.canonical.nodeID
        var bt = Backtester(plan: try BacktestPlan(graph))
        return bars.map { bar in
            bt.step(bar)
            return bt.output(of: id)!
        }
    }

    static func near(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || abs(x - y) <= tolerance * max(1, abs(y)) }
    }

    @Test func sma() throws {
        let out = try Self.outputs { SMA($0, window: 7) }
        let ref = Self.close.indices.map { t in t < 6 ? .nan : Self.close[(t - 6)...t].reduce(0, +) / 7 }
        #expect(Self.near(out, ref))
    }

    @Test func ema() throws {
        let n = 9
        let out = try Self.outputs { EMA($0, window: n) }
        var ref = [Double](repeating: .nan, count: Self.close.count)
        ref[n - 1] = Self.close[..<n].reduce(0, +) / Double(n)
        for t in n..<Self.close.count { ref[t] = 2.0 / Double(n + 1) * Self.close[t] + (1 - 2.0 / Double(n + 1)) * ref[t - 1] }
        #expect(Self.near(out, ref))
    }

    @Test func rsi() throws {
        let n = 14
        let out = try Self.outputs { RSI($0, window: n) }
        let changes = zip(Self.close.dropFirst(), Self.close).map { $0 - $1 }
        var ref = [Double](repeating: .nan, count: Self.close.count)
        var gain = changes[..<n].map { max($0, 0) }.reduce(0, +) / Double(n)
        var loss = changes[..<n].map { max(-$0, 0) }.reduce(0, +) / Double(n)
        ref[n] = 100 - 100 / (1 + gain / loss)
        for t in (n + 1)..<Self.close.count {
            gain = (gain * Double(n - 1) + max(changes[t - 1], 0)) / Double(n)
            loss = (loss * Double(n - 1) + max(-changes[t - 1], 0)) / Double(n)
            ref[t] = 100 - 100 / (1 + gain / loss)
        }
        #expect(Self.near(out, ref))
    }

    @Test func atr() throws {
        let n = 5
        let out = try Self.outputs { ATR($0, window: n) }
        let b = Self.bars
        let tr = (1..<b.count).map { t in max(b[t].high - b[t].low, abs(b[t].high - b[t - 1].close), abs(b[t].low - b[t - 1].close)) }
        var ref = [Double](repeating: .nan, count: b.count)
        var atr = tr[..<n].reduce(0, +) / Double(n)
        ref[n] = atr
        for t in (n + 1)..<b.count {
            atr = (atr * Double(n - 1) + tr[t - 1]) / Double(n)
            ref[t] = atr
        }
        #expect(Self.near(out, ref))
    }

    @Test(arguments: [Bollinger.Band.upper, .middle, .lower, .percentB])
    func bollinger(_ band: Bollinger.Band) throws {
        let n = 20
        let out = try Self.outputs { Bollinger($0, window: n, k: 2, band: band) }
        let ref = Self.close.indices.map { t -> Double in
            guard t >= n - 1 else { return .nan }
            let w = Self.close[(t - n + 1)...t]
            let mean = w.reduce(0, +) / Double(n)
            let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)).squareRoot()
            switch band {
            case .upper: return mean + 2 * sd
            case .lower: return mean - 2 * sd
            case .middle: return mean
            case .percentB: return (Self.close[t] - (mean - 2 * sd)) / (4 * sd)
            }
        }
        #expect(Self.near(out, ref, tolerance: 1e-7))
    }

    @Test func returnsAndLogReturns() throws {
        let simple = try Self.outputs { Returns($0, lag: 3) }
        let log = try Self.outputs { Returns($0, lag: 1, log: true) }
        #expect(Self.near(simple, Self.close.indices.map { $0 < 3 ? .nan : Self.close[$0] / Self.close[$0 - 3] - 1 }))
        #expect(Self.near(log, Self.close.indices.map { $0 < 1 ? .nan : Foundation.log(Self.close[$0] / Self.close[$0 - 1]) }))
    }

    @Test func zscoreUsesTheSampleStd() throws {
        let n = 10
        let out = try Self.outputs { ZScore($0, window: n) }
        let ref = Self.close.indices.map { t -> Double in
            guard t >= n - 1 else { return .nan }
            let w = Self.close[(t - n + 1)...t]
            let mean = w.reduce(0, +) / Double(n)
            let sd = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)).squareRoot()
            return (Self.close[t] - mean) / sd
        }
        #expect(Self.near(out, ref, tolerance: 1e-7))
    }

    @Test func crossoverAndThreshold() throws {
        let price = BarSource(symbol: "X", interval: 86_400)
        let fast = SMA(price, window: 3).node
        let slow = SMA(price, window: 8).node
        let cross = Crossover(fast: fast, slow: slow).node
        let band = Threshold(RSI(price, window: 5), upper: 60, lower: 40).node
        let graph = try Strategy(outputs: [PositionTarget(cross), band]).graph()
        var bt = Backtester(plan: try BacktestPlan(graph))
        var f = [Double](), s = [Double](), c = [Double](), r = [Double](), th = [Double]()
        let rsiID = graph.nodes.first { $0.canonical.nodeType == "RSI" }!.canonical.nodeID
        for bar in Self.bars {
            bt.step(bar)
            f.append(bt.output(of: graph.nodes[1].canonical.nodeID)!)
            s.append(bt.output(of: graph.nodes[2].canonical.nodeID)!)
            c.append(bt.output(of: graph.nodes[3].canonical.nodeID)!)
            r.append(bt.output(of: rsiID)!)
            th.append(bt.output(of: graph.nodes.first { $0.canonical.nodeType == "Threshold" }!.canonical.nodeID)!)
        }
        for t in 1..<f.count {
            let up = !s[t - 1].isNaN && f[t] > s[t] && f[t - 1] <= s[t - 1]
            let down = !s[t - 1].isNaN && f[t] < s[t] && f[t - 1] >= s[t - 1]
            #expect(c[t] == (up ? 1 : down ? -1 : 0), "bar \(t)")
            #expect(th[t] == (r[t] > 60 ? 1 : r[t] < 40 ? -1 : 0), "bar \(t)")
        }
        #expect(c.contains(1) && c.contains(-1) && th.contains(1) && th.contains(-1))
    }
}
