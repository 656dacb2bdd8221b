import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl backtest FILE --data CSV`: a backtest on local bars, with a metrics table (R-SDK-2/3).
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Backtest a strategy file on a CSV of bars and print its metrics.",
        discussion:
            "Example: qmtl backtest examples/strategies/sma_cross.yaml --data ../shared/data/bars/synthetic_daily_2000.csv --commission-bps 10")

    @Argument(help: "A strategy file (.yaml, .yml or .json).") var file: String
    @Option(help: "Bars: ts,open,high,low,close,volume with ISO-8601 UTC times.") var data: String
    @Option(help: "Commission per side, in basis points.") var commissionBps: Double = 0
    @Option(help: "Slippage per side, in basis points.") var slippageBps: Double = 0
    @Option(help: "Round positions down to this many shares (0: fractional).") var lot: Double = 0
    @Option(help: "Starting cash.") var cash: Double = 10_000
    @Flag(help: "Print {dataset_fingerprint, metrics, trades, open_trade, equity}.") var json = false

    func validate() throws {
        guard commissionBps >= 0, commissionBps < 10_000, slippageBps >= 0, slippageBps < 10_000 else {
            throw ValidationError("--commission-bps and --slippage-bps must be in 0…9999")
        }
        guard lot >= 0, cash > 0 else { throw ValidationError("--lot must be ≥ 0 and --cash > 0") }
    }

    func run() async throws {
        let graph = try CLI.loadStrategy(file)
        let plan = try BacktestPlan(graph)
        let parsed = try CLI.read(data).withUnsafeBytes {
            try BarCSV.read($0, fileName: data, fingerprint: (plan.symbol, plan.interval))
        }
        let bars = parsed.bars
        guard !bars.isEmpty, let fingerprint = parsed.fingerprint else { throw QMTLError(.dataEmpty, "\(data) has no bars") }
        var bt = Backtester(
            plan: plan, config: ExecutionConfig(commissionBps: commissionBps, slippageBps: slippageBps, lot: lot, startingCash: cash))
        let progress = bars.count >= 2_000_000 && !json && isatty(STDERR_FILENO) != 0
        let chunk = max(1, bars.count / 50)
        var done = 0
        while done < bars.count {
            let end = min(done + chunk, bars.count)
            bt.run(bars[done..<end])
            done = end
            if progress {
                let filled = done * 30 / bars.count
                FileHandle.standardError.write(
                    Data("\r[\(String(repeating: "#", count: filled))\(String(repeating: " ", count: 30 - filled))] \(done * 100 / bars.count)%".utf8)
                )
            }
        }
        if progress { FileHandle.standardError.write(Data("\n".utf8)) }
        if json {
            try CLI.printJSON(bt.json(fingerprint: fingerprint))
            return
        }
        print("strategy \(graph.name ?? "(unnamed)")  \(graph.strategyID)")
        print(
            "data     \(data): \(bars.count) bars of \(plan.symbol), \(UTCTimestamp.format(bars[0].ts)) … \(UTCTimestamp.format(bars[bars.count - 1].ts))"
        )
        print("         \(fingerprint)")
        let m = bt.metrics(windows: [])
        for name in MetricName.base {
            guard let v = m[name] else { continue }
            print("  " + name.padding(24) + CLI.number(v))
        }
        if let open = bt.openTrade {
            print("open trade since \(UTCTimestamp.format(open.entryTs)) at \(CLI.number(open.entryPrice)) (\(CLI.number(open.shares)) shares)")
        }
    }
}
