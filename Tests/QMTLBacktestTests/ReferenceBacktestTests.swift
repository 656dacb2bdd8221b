import Foundation
import QMTLBacktest
import QMTLTestSupport
import Testing

@testable import QMTLCore

/// SMA 10/30 against the independent numpy reference (`scripts/reference_backtest.py`, re-run by
/// CI to check the committed fixtures): on the shared daily bars with and without commission,
/// and on minute bars with gaps (annualisation for bars shorter than a day, `coverage`) with
/// commission, slippage on both sides of every trade, and lots.
@Suite("Backtest vs numpy reference")
struct ReferenceBacktestTests {
    static let bars: [Bar] = try! BarCSV.parse(
        String(decoding: try! TestData.sharedFile("bars/synthetic_daily_2000.csv"), as: UTF8.self), fileName: "daily")
    static let minuteBars: [Bar] = try! BarCSV.parse(
        String(decoding: try! TestData.repoFile("Tests/QMTLBacktestTests/Fixtures/synthetic_1m_6000.csv"), as: UTF8.self), fileName: "minute")

    static func reference(_ fixture: String) -> [[String: Any]] {
        let data = try! TestData.repoFile("Tests/QMTLBacktestTests/Fixtures/\(fixture)")
        return (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["runs"] as! [[String: Any]]
    }

    static func plan(interval: String = "1d") throws -> BacktestPlan {
        var text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "interval: 1d", with: "interval: \(interval)")
        return try BacktestPlan(StrategyFile.load(text, fileName: "sma_cross.yaml"))
    }

    static let cases: [(fixture: String, run: Int)] =
        [("reference_sma_10_30.json", 0), ("reference_sma_10_30.json", 1)]
        + (0..<3).map { ("reference_minute_sma_10_30.json", $0) }

    @Test(arguments: cases)
    func tradesAndMetricsMatch(_ fixture: String, _ run: Int) throws {
        let ref = Self.reference(fixture)[run]
        let minute = fixture.contains("minute")
        let config = ExecutionConfig(
            commissionBps: (ref["commission"] as! Double) * 10_000, slippageBps: (ref["slippage"] as! Double) * 10_000,
            lot: ref["lot"] as! Double)
        var bt = Backtester(plan: try Self.plan(interval: minute ? "1m" : "1d"), config: config)
        bt.run(minute ? Self.minuteBars : Self.bars)
        let refTrades = ref["trades"] as! [[String: Any]]
        #expect(bt.trades.count == refTrades.count)
        #expect(refTrades.count > 30, "enough trades to mean something")
        for (mine, theirs) in zip(bt.trades, refTrades) {
            #expect(mine.entryTs == Int64(theirs["entry_ts"] as! Int))
            #expect(mine.exitTs == Int64(theirs["exit_ts"] as! Int))
            #expect(close(mine.entryPrice, theirs["entry_price"] as! Double, 1e-15))
            #expect(close(mine.exitPrice ?? .nan, theirs["exit_price"] as! Double, 1e-15))
            #expect(close(mine.pnl, theirs["pnl"] as! Double), "pnl \(mine.pnl) vs \(theirs["pnl"]!)")
            #expect(close(mine.returnFraction, theirs["return"] as! Double))
        }
        let open = ref["open_trade"] as? [String: Any]
        #expect((bt.openTrade != nil) == (open != nil))
        if let open, let mine = bt.openTrade {
            #expect(mine.entryTs == Int64(open["entry_ts"] as! Int) && close(mine.shares, open["shares"] as! Double))
        }
        let metrics = bt.metrics().filter { MetricName.base.contains($0.key) }  // not the windowed forms
        let expected = ref["metrics"] as! [String: Any]
        #expect(expected.count >= 20, "the reference computes most of R-SDK-3")
        for (name, value) in expected {
            let x = (value as? Double) ?? Double(value as! Int)
            #expect(close(metrics[name] ?? .nan, x), "\(name): \(metrics[name] ?? .nan) vs \(x)")
        }
        // The same names on both sides: every R-SDK-3 metric, less those undefined for this run.
        #expect(Set(metrics.keys) == Set(expected.keys))
    }

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        a == b || abs(a - b) <= tolerance * max(abs(a), abs(b))
    }

    @Test func batchIncrementalAndCheckpointResumeAreBitIdentical() throws {
        let plan = try Self.plan()
        var batch = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10))
        batch.run(Self.bars)
        var incremental = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10))
        for bar in Self.bars { incremental.step(bar) }
        #expect(incremental.equity == batch.equity && incremental.trades == batch.trades)
        var first = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10))
        first.run(Self.bars[..<1234])
        var resumed = first  // the engine state is a value: a copy is a checkpoint
        resumed.run(Self.bars[1234...])
        #expect(resumed.equity == batch.equity && resumed.trades == batch.trades && resumed.metrics() == batch.metrics())
    }

    @Test func noLookaheadChangingFutureBarsNeverChangesPastFills() throws {
        let plan = try Self.plan()
        var original = Backtester(plan: plan)
        original.run(Self.bars)
        var altered = Self.bars
        for i in 1500..<altered.count {
            altered[i].close *= 1.5
            altered[i].high *= 1.5
            altered[i].open *= 1.5
        }
        var other = Backtester(plan: plan)
        other.run(altered)
        let before = original.trades.filter { $0.exitTs! < altered[1500].ts }
        #expect(!before.isEmpty)
        #expect(Array(other.trades.prefix(before.count)) == before)
        #expect(Array(other.equity.prefix(1500)) == Array(original.equity.prefix(1500)))
    }
}

@Suite("Engine details")
struct EngineDetailTests {
    /// The kernels read bar fields by offset: Bar must stay (ts, open, high, low, close, volume).
    @Test func barLayout() {
        #expect(MemoryLayout<Bar>.offset(of: \Bar.open) == 8)
        #expect(MemoryLayout<Bar>.offset(of: \Bar.high) == 16)
        #expect(MemoryLayout<Bar>.offset(of: \Bar.low) == 24)
        #expect(MemoryLayout<Bar>.offset(of: \Bar.close) == 32)
        #expect(MemoryLayout<Bar>.offset(of: \Bar.volume) == 40)
    }

    @Test func commissionSlippageAndLots() throws {
        let text = """
            nodes:
              p: {type: BarSource, params: {symbol: X, interval: 1d}}
              t: {type: Threshold, params: {upper: 0}, inputs: [r]}
              r: {type: Returns, inputs: [p]}
              pos: {type: PositionTarget, inputs: [t]}
            outputs: [pos]
            """
        let plan = try BacktestPlan(StrategyFile.load(text, fileName: "t.yaml"))
        let bars = (0..<4).map { i in Bar(ts: Int64(i) * 86_400, open: 100 + Double(i), high: 200, low: 50, close: 101 + Double(i), volume: 1) }
        // Bar 1 has a positive return → target 1 → filled at bar 2's open (102).
        var bt = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 10, slippageBps: 20, lot: 7, startingCash: 10_000))
        bt.run(bars)
        let price = 102 * 1.002
        let wanted = (10_000 / (price * 1.001) / 7).rounded(.towardZero) * 7
        #expect(bt.shares == wanted)
        #expect(abs(bt.cash - (10_000 - wanted * price * 1.001)) < 1e-9)
        #expect(bt.openTrade?.entryPrice == price)
    }
}
