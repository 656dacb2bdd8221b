import ArgumentParser
import QMTLBacktest
import QMTLCore

/// `qmtl-bench backtest`: bars per second over synthetic minute bars (generation not timed),
/// for SMA 10/30 and for 5- and 20-node graphs. Target ≥ 20,000,000 bars/s for SMA 10/30.
struct BacktestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backtest", abstract: "Backtest bars per second.")

    @Option(help: "Synthetic minute bars.") var bars = 10_000_000

    static let strategies: [(String, String)] = [
        (
            "",
            """
            nodes:
              price: {type: BarSource, params: {symbol: SYN, interval: 1m}}
              fast: {type: SMA, params: {window: 10}, inputs: [price]}
              slow: {type: SMA, params: {window: 30}, inputs: [price]}
              cross: {type: Crossover, inputs: {fast: fast, slow: slow}}
              position: {type: PositionTarget, inputs: [cross]}
            outputs: [position]
            """
        ),
        (
            "_3_nodes",
            """
            nodes:
              price: {type: BarSource, params: {symbol: SYN, interval: 1m}}
              r: {type: Returns, inputs: [price]}
              position: {type: PositionTarget, inputs: [t]}
              t: {type: Threshold, params: {upper: 0.001, lower: -0.001}, inputs: [r]}
            outputs: [position]
            """
        ),
        (
            "_20_nodes",
            """
            nodes:
              price: {type: BarSource, params: {symbol: SYN, interval: 1m}}
              f1: {type: SMA, params: {window: 5}, inputs: [price]}
              s1: {type: SMA, params: {window: 20}, inputs: [price]}
              e1: {type: EMA, params: {window: 12}, inputs: [price]}
              e2: {type: EMA, params: {window: 26}, inputs: [price]}
              r: {type: RSI, inputs: [price]}
              a: {type: ATR, inputs: [price]}
              b: {type: Bollinger, params: {band: percent_b}, inputs: [price]}
              ret: {type: Returns, inputs: [price]}
              z: {type: ZScore, params: {window: 50}, inputs: [ret]}
              zs: {type: SMA, params: {window: 10}, inputs: [z]}
              c1: {type: Crossover, inputs: {fast: f1, slow: s1}}
              c2: {type: Crossover, inputs: {fast: e1, slow: e2}}
              t1: {type: Threshold, params: {upper: 60, lower: 40}, inputs: [r]}
              t2: {type: Threshold, params: {upper: 1, lower: -1}, inputs: [zs]}
              t3: {type: Threshold, params: {upper: 0.9, lower: 0.1}, inputs: [b]}
              as: {type: SMA, params: {window: 14}, inputs: [a]}
              t4: {type: Threshold, params: {upper: 0.5}, inputs: [as]}
              position: {type: PositionTarget, inputs: [c2]}
            outputs: [position, c1, t1, t2, t3, t4]
            """
        ),
    ]

    func run() async throws {
        let data = SyntheticBars(seed: 42).generate(count: bars)
        let clock = ContinuousClock()
        for (suffix, text) in Self.strategies {
            let graph = try StrategyFile.load(text, fileName: "bench.yaml")
            let plan = try BacktestPlan(graph)
            // The first run also pays for mapping fresh memory for its equity curve (page faults,
            // expensive in a VM); the second reuses it and measures the engine.
            var times: [Double] = []
            var trades = 0
            for _ in 0..<2 {
                var bt = Backtester(plan: plan, config: ExecutionConfig(commissionBps: 1))
                times.append(clock.measure { bt.run(data) }.seconds)
                trades = bt.trades.count
            }
            let nodes = graph.nodes.count - 1
            print(
                "backtest_bars_per_sec\(suffix) \(Int(Double(bars) / times[1]))  # \(nodes) nodes, \(trades) trades; cold first run \(Int(Double(bars) / times[0]))"
            )
        }
    }
}
