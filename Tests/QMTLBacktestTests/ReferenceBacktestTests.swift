import Foundation
import QMTLBacktest
import QMTLTestSupport
import Testing

@testable import QMTLCore

/// SMA 10/30 on the shared daily bars against the independent numpy reference
/// (`scripts/reference_backtest.py`, re-run by CI to check the committed fixture).
@Suite("Backtest vs numpy reference")
struct ReferenceBacktestTests {
    static let bars: [Bar] = try! BarCSV.parse(
        String(decoding: try! TestData.sharedFile("bars/synthetic_daily_2000.csv"), as: UTF8.self), fileName: "daily")

    static var reference: [[String: Any]] {
        let data = try! TestData.repoFile("Tests/QMTLBacktestTests/Fixtures/reference_sma_10_30.json")
        return (try! JSONSerialization.jsonObject(with: data) as! [String: Any])["runs"] as! [[String: Any]]
    }

    static func plan() throws -> BacktestPlan {
        let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
        return try BacktestPlan(StrategyFile.load(text, fileName: "sma_cross.yaml"))
    }

    @Test(arguments: [0, 1])
    func tradesAndMetricsMatch(_ run: Int) throws {
        let ref = Self.reference[run]
        let commission = ref["commission"] as! Double
        var bt = Backtester(plan: try Self.plan(), config: ExecutionConfig(commissionBps: commission * 10_000))
        bt.run(Self.bars)
        let refTrades = ref["trades"] as! [[String: Any]]
        #expect(bt.trades.count == refTrades.count)
        for (mine, theirs) in zip(bt.trades, refTrades) {
            #expect(mine.entryTs == Int64(theirs["entry_ts"] as! Int))
            #expect(mine.exitTs == Int64(theirs["exit_ts"] as! Int))
            #expect(mine.entryPrice == theirs["entry_price"] as! Double)
            #expect(mine.exitPrice == (theirs["exit_price"] as! Double))
            #expect(close(mine.pnl, theirs["pnl"] as! Double), "pnl \(mine.pnl) vs \(theirs["pnl"]!)")
            #expect(close(mine.returnFraction, theirs["return"] as! Double))
        }
        let open = ref["open_trade"] as? [String: Any]
        #expect((bt.openTrade != nil) == (open != nil))
        if let open, let mine = bt.openTrade {
            #expect(mine.entryTs == Int64(open["entry_ts"] as! Int) && close(mine.shares, open["shares"] as! Double))
        }
        let metrics = bt.metrics()
        for (name, value) in ref["metrics"] as! [String: Any] {
            let expected = (value as? Double) ?? Double(value as! Int)
            #expect(close(metrics[name] ?? .nan, expected), "\(name): \(metrics[name] ?? .nan) vs \(expected)")
        }
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
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
