import QMTLBacktest
import Testing

@testable import QMTLCore

@Suite("Several symbols on one clock")
struct MultiSymbolTests {
    static let a = SyntheticBars(seed: 1, interval: 86_400).generate(count: 400)
    static let b = SyntheticBars(seed: 2, interval: 86_400).generate(count: 400)

    static func legs(bThreshold: Double) -> Strategy {
        let pa = BarSource(symbol: "AAA", interval: 86_400)
        let pb = BarSource(symbol: "BBB", interval: 86_400)
        let legA = PositionTarget(Crossover(fast: SMA(pa, window: 5), slow: SMA(pa, window: 20)), long: 0.5)
        let legB = PositionTarget(Threshold(Returns(pb), upper: bThreshold, lower: -bThreshold), long: 0.5)
        return Strategy(outputs: [legA, legB])
    }

    @Test func aLegThatNeverTradesLeavesTheOtherExactlyAsAlone() throws {
        let plan = try BacktestPlan(Self.legs(bThreshold: 1e9).graph())
        #expect(plan.symbols == ["AAA", "BBB"])
        var both = Backtester(plan: plan)
        both.run(ticks: try BarAlignment.ticks(symbols: plan.symbols, bars: ["AAA": Self.a, "BBB": Self.b]))
        let pa = BarSource(symbol: "AAA", interval: 86_400)
        let alone = try BacktestPlan(
            Strategy(outputs: [PositionTarget(Crossover(fast: SMA(pa, window: 5), slow: SMA(pa, window: 20)), long: 0.5)]).graph())
        var single = Backtester(plan: alone)
        single.run(Self.a)
        #expect(!single.trades.isEmpty)
        #expect(both.equity == single.equity)
        #expect(both.trades == single.trades)
    }

    @Test func bothLegsTradeFromOneCashAccount() throws {
        let plan = try BacktestPlan(Self.legs(bThreshold: 0.0005).graph())
        var both = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 5))
        let ticks = try BarAlignment.ticks(symbols: plan.symbols, bars: ["AAA": Self.a, "BBB": Self.b])
        both.run(ticks: ticks)
        #expect(Set(both.trades.map(\.symbol)) == ["AAA", "BBB"])
        #expect(Set(both.orders.map(\.symbol)) == ["AAA", "BBB"])
        // Equity is cash plus both holdings at every close.
        let last = ticks[ticks.count - 1]
        #expect(abs(both.equity.last! - (both.cash + both.holdings[0] * last[0].close + both.holdings[1] * last[1].close)) < 1e-9)
        // Incremental ticks are bit-identical to the batch.
        var stepped = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 5))
        for t in ticks { stepped.step(tick: t) }
        #expect(stepped.equity == both.equity && stepped.trades == both.trades)
    }

    @Test func clocksMustAgree() {
        var shifted = Self.b
        shifted[100].ts += 3600
        let error = #expect(throws: QMTLError.self) { try BarAlignment.ticks(symbols: ["AAA", "BBB"], bars: ["AAA": Self.a, "BBB": shifted]) }
        #expect(error?.code == .dataClock)
        #expect(error?.message.contains("BBB has a bar at") == true)
    }

    @Test func aPositionTradesOneSymbol() throws {
        let pa = BarSource(symbol: "AAA", interval: 86_400)
        let pb = BarSource(symbol: "BBB", interval: 86_400)
        let mixed = PositionTarget(Crossover(fast: SMA(pa, window: 5), slow: SMA(pb, window: 5)))
        #expect(
            (#expect(throws: QMTLError.self) { try BacktestPlan(Strategy(outputs: [mixed]).graph()) })?.message.contains("depends on 2 symbols")
                == true)
        let twice = [PositionTarget(Threshold(SMA(pa, window: 3), upper: 1)), PositionTarget(Threshold(SMA(pa, window: 4), upper: 1))]
        #expect(
            (#expect(throws: QMTLError.self) { try BacktestPlan(Strategy(outputs: twice).graph()) })?.message.contains("two positions trade AAA")
                == true)
    }
}
