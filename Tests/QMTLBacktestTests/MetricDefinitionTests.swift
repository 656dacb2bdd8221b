import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLBacktest
@testable import QMTLCore

/// The R-SDK-3 metrics the numpy reference does not compute, and the windowed forms,
/// recomputed from scratch from the run's equity curve and trades (docs/metrics.md).
@Suite("Metric definitions")
struct MetricDefinitionTests {
    static func run() throws -> Backtester {
        let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
        var bt = Backtester(plan: try BacktestPlan(StrategyFile.load(text, fileName: "sma.yaml")), config: ExecutionConfig(commissionBps: 10))
        bt.run(ReferenceBacktestTests.bars)
        return bt
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    @Test func wholeRunDefinitions() throws {
        let bt = try Self.run()
        let m = bt.metrics(windows: [])
        let e = bt.equity
        let r = zip(e.dropFirst(), e).map { $0 / $1 - 1 }
        // numpy-style linear quantile, computed here independently.
        func quantile(_ q: Double) -> Double {
            let s = r.sorted()
            let h = q * Double(s.count - 1)
            return s[Int(h)] + (s[Int(h) + 1] - s[Int(h)]) * (h - h.rounded(.down))
        }
        #expect(Self.close(m["var_95"], -quantile(0.05)))
        #expect(Self.close(m["var_99"], -quantile(0.01)))
        let q01 = quantile(0.01)
        let tail = r.filter { $0 <= q01 }
        #expect(Self.close(m["es_99"], -tail.reduce(0, +) / Double(tail.count)))
        #expect(Self.close(m["gain_to_pain"], r.reduce(0, +) / abs(r.filter { $0 < 0 }.reduce(0, +))))
        var peak = e[0]
        var under = 0
        var episodes = 0
        var wasUnder = false
        for x in e {
            peak = max(peak, x)
            let isUnder = x < peak
            if isUnder { under += 1 }
            if isUnder && !wasUnder { episodes += 1 }
            wasUnder = isUnder
        }
        #expect(Self.close(m["time_under_water"], Double(under) / Double(e.count)))
        #expect(m["drawdown_episodes"] == Double(episodes))
        let wins = bt.trades.filter { $0.pnl > 0 }.map(\.pnl).reduce(0, +)
        let losses = bt.trades.filter { $0.pnl < 0 }.map(\.pnl).reduce(0, +)
        #expect(Self.close(m["profit_factor"], wins / -losses))
        #expect(m["sample_days"] == 2000)  // one bar per date
        #expect(m["coverage"] == 1)  // every weekday between the first and last bar
        #expect(Self.close(m["effective_history_years"], 1999.0 / 252))
        #expect(Self.close(m["exposure"], Double(bt.barsInMarket) / 2000))
        let notional = bt.orders.map { abs($0.quantity) * $0.price }.reduce(0, +)
        #expect(Self.close(m["turnover"], notional / (e.reduce(0, +) / Double(e.count))))
    }

    @Test func windowedFormsUseTheLastNCalendarDays() throws {
        let bt = try Self.run()
        let m = bt.metrics(windows: [90, 365])
        let end = bt.timestamps.last!
        for days in [90, 365] {
            let cut = end - Int64(days) * 86_400
            let first = bt.timestamps.firstIndex { $0 > cut }!
            let e = Array(bt.equity[first...])
            var peak = e[0]
            var worst = 0.0
            for x in e {
                peak = max(peak, x)
                worst = max(worst, 1 - x / peak)
            }
            #expect(Self.close(m["max_drawdown_\(days)d"], worst), "\(days)d")
            #expect(Self.close(m["total_return_\(days)d"], e.last! / e[0] - 1))
            #expect(m["num_trades_\(days)d"] == Double(bt.trades.filter { $0.exitTs! > cut }.count))
            #expect(m["sample_days_\(days)d"] == Double(e.count))
            #expect(m["exposure_\(days)d"] == nil && m["turnover_\(days)d"] == nil)
        }
        #expect(m["num_trades_90d"]! < m["num_trades_365d"]!)
    }

    /// Decision #33: a metric with no defined value is left out — never infinity or NaN.
    @Test func undefinedMetricsAreLeftOut() throws {
        let ts: [Int64] = (0..<50).map { Int64($0) * 86_400 }
        // A flat curve: no return varies, nothing is lost.
        let flat = PerformanceMetrics.compute(
            equity: ArraySlice(Array(repeating: 10_000.0, count: 50)), timestamps: ArraySlice(ts), trades: [], barsInMarket: 0,
            tradedNotional: 0, interval: 86_400)
        for name in ["sharpe", "sortino", "gain_to_pain", "profit_factor", "win_rate"] {
            #expect(flat[name] == nil, "\(name) of a flat curve is undefined, got \(flat[name]!)")
        }
        #expect(flat["max_drawdown"] == 0 && flat["total_return"] == 0 && flat["num_trades"] == 0)
        // Winning trades only: no profit factor (it would be +inf); the rest is defined.
        let rising = (0..<50).map { 10_000 * (1 + 0.001 * Double($0)) }
        let win = Trade(symbol: "S", entryTs: 0, entryPrice: 1, exitTs: 86_400, exitPrice: 2, invested: 100, pnl: 100, shares: 100)
        let m = PerformanceMetrics.compute(
            equity: ArraySlice(rising), timestamps: ArraySlice(ts), trades: [win, win], barsInMarket: 49, tradedNotional: 400, interval: 86_400)
        #expect(m["profit_factor"] == nil && m["win_rate"] == 1)
        #expect(m["sortino"] == nil && m["gain_to_pain"] == nil, "no losing period: downside measures are undefined")
        for (name, value) in m { #expect(value.isFinite, "\(name) = \(value)") }
        // One losing period makes them defined.
        var dented = rising
        dented[20] -= 30
        let d = PerformanceMetrics.compute(
            equity: ArraySlice(dented), timestamps: ArraySlice(ts), trades: [win], barsInMarket: 49, tradedNotional: 200, interval: 86_400)
        #expect(d["sortino"] != nil && d["gain_to_pain"] != nil && d["sharpe"] != nil && d["es_99"] != nil)
    }
}

/// Shorts bought back with a commission: closing means exactly flat, and the trade closes.
@Suite("Closing a short")
struct ShortCloseTests {
    @Test func aShortBoughtBackWithCommissionIsFlatAndItsTradeCloses() throws {
        // Short (target −1) when RSI(2) falls below 35, flat (target 0) when it rises above 65.
        let text = """
            name: short_reversal
            nodes:
              price: {type: BarSource, params: {symbol: SYN, interval: 1d}}
              rsi: {type: RSI, params: {window: 2}, inputs: [price]}
              band: {type: Threshold, params: {upper: 65, lower: 35}, inputs: [rsi]}
              position: {type: PositionTarget, params: {long: 0.0, short: 1.0}, inputs: [band]}
            outputs: [position]
            """
        var bt = Backtester(
            plan: try BacktestPlan(StrategyFile.load(text, fileName: "short.yaml")), config: ExecutionConfig(commissionBps: 10, slippageBps: 5))
        bt.run(ReferenceBacktestTests.bars)
        var held = 0.0
        var flats = 0
        for order in bt.orders {
            held += order.quantity
            #expect(held <= 0, "never long")
            if held == 0 { flats += 1 } else { #expect(abs(held) > 1, "no sliver of a short left: \(held) at \(order.ts)") }
        }
        #expect(flats > 20, "the strategy goes flat often (\(flats))")
        #expect(bt.trades.count == flats, "each return to flat closes a trade")
    }
}
