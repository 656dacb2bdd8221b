import QMTLCore

extension Backtester {
    /// The R-SDK-3 metrics of the run so far, plus `<metric>_<N>d` for each window in `windows`
    /// (the last N calendar days of bars, trades closed inside them).
    public func metrics(windows: [Int] = [30, 60, 90]) -> [String: Double] {
        var m = PerformanceMetrics.compute(
            equity: equity[...], timestamps: timestamps[...], trades: trades, barsInMarket: barsInMarket, tradedNotional: tradedNotional,
            interval: plan.interval, startingEquity: config.startingCash)
        guard let end = timestamps.last else { return m }
        for days in windows {
            let cut = end - Int64(days) * 86_400
            let start = timestamps.firstIndex { $0 > cut } ?? timestamps.endIndex
            guard start < timestamps.endIndex else { continue }
            let inWindow = trades.filter { ($0.exitTs ?? .min) > cut }
            // Exposure and turnover are whole-run figures; the window repeats only curve and trade metrics.
            let w = PerformanceMetrics.compute(
                equity: equity[start...], timestamps: timestamps[start...], trades: inWindow, barsInMarket: 0, tradedNotional: 0,
                interval: plan.interval)
            for (name, value) in w where name != "exposure" && name != "turnover" { m["\(name)_\(days)d"] = value }
        }
        return m
    }

    /// `{"dataset_fingerprint", "metrics", "trades", "open_trade", "equity"}` (the `--json` output of
    /// `qmtl backtest`).
    public func json(fingerprint: DatasetFingerprint?, windows: [Int] = [30, 60, 90]) -> JSONValue {
        func iso(_ t: Int64) -> JSONValue { .string(UTCTimestamp.format(t)) }
        var metrics = JSONObject()
        for (k, v) in self.metrics(windows: windows) where v.isFinite { metrics[k] = .number(v) }
        let trades: [JSONValue] = self.trades.map { t in
            [
                "entry_ts": iso(t.entryTs), "entry_price": .number(t.entryPrice), "exit_ts": t.exitTs.map(iso) ?? .null,
                "exit_price": t.exitPrice.map { .number($0) } ?? .null, "pnl": .number(t.pnl), "return": .number(t.returnFraction),
            ]
        }
        let open: JSONValue =
            openTrade.map { t in
                ["entry_ts": iso(t.entryTs), "entry_price": .number(t.entryPrice), "shares": .number(t.shares), "invested": .number(t.invested)]
            } ?? .null
        let curve: [JSONValue] = zip(timestamps, equity).map { ["ts": iso($0), "equity": .number($1)] }
        return [
            "dataset_fingerprint": fingerprint.map { .string($0.description) } ?? .null, "metrics": .object(metrics), "trades": .array(trades),
            "open_trade": open, "equity": .array(curve),
        ]
    }
}
