import Foundation
import QMTLCore

/// The metrics of R-SDK-3 from a close-marked equity curve and closed trades, with one
/// definition each (docs/metrics.md). Conventions as `data/bars/CONVENTIONS.md`: returns are the
/// equity's percent changes (n − 1 of them); Sharpe = mean / sample std × √P; an open position is
/// marked in equity but not counted as a trade. P (periods per year) is 252 for daily bars and
/// 365.25 × 86400 / interval for shorter ones (24/7 data).
public enum PerformanceMetrics {
    /// Periods per year for annualising: 252 trading days for daily (and longer) bars, 365.25 × 86400 / interval for shorter ones.
    public static func periodsPerYear(interval: Int) -> Double {
        interval >= 86_400 ? 252 * 86_400 / Double(interval) : 365.25 * 86_400 / Double(interval)
    }

    /// Every base metric (metrics that are undefined — e.g. profit factor without a losing
    /// trade — are left out, never written as infinity).
    public static func compute(
        equity: ArraySlice<Double>, timestamps: ArraySlice<Int64>, trades: [Trade], barsInMarket: Int, tradedNotional: Double,
        interval: Int, startingEquity: Double? = nil
    ) -> [String: Double] {
        var m: [String: Double] = [:]
        guard let first = equity.first, let last = equity.last, let t0 = timestamps.first, let t1 = timestamps.last else { return m }
        let n = equity.count
        let e0 = startingEquity ?? first
        let p = periodsPerYear(interval: interval)
        m["final_equity"] = last
        m["total_return"] = last / e0 - 1
        m["num_trades"] = Double(trades.count)
        m["exposure"] = Double(barsInMarket) / Double(n)
        var days = Set<Int64>()
        for t in timestamps { days.insert(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400) }
        m["sample_days"] = Double(days.count)
        m["coverage"] = Double(n) / expectedBars(from: t0, to: t1, interval: interval)

        // Returns.
        var returns: [Double] = []
        returns.reserveCapacity(n - 1)
        var previous = equity[equity.startIndex]
        for e in equity.dropFirst() {
            returns.append(e / previous - 1)
            previous = e
        }
        if n > 1 {
            m["cagr"] = pow(last / first, p / Double(n - 1)) - 1
            m["effective_history_years"] = Double(n - 1) / p
        }
        if returns.count >= 2 {
            let mean = returns.reduce(0, +) / Double(returns.count)
            let variance = returns.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(returns.count - 1)
            if variance > 0 { m["sharpe"] = mean / variance.squareRoot() * p.squareRoot() }
            let downside = returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(returns.count)
            if downside > 0 { m["sortino"] = mean / downside.squareRoot() * p.squareRoot() }
            let losses = returns.reduce(0) { $0 + min($1, 0) }
            if losses < 0 { m["gain_to_pain"] = returns.reduce(0, +) / abs(losses) }
            let sorted = returns.sorted()
            for (name, level) in [("95", 0.05), ("99", 0.01)] {
                let q = quantile(sorted, level)
                m["var_" + name] = -q
                let tail = sorted.prefix { $0 <= q }
                if !tail.isEmpty { m["es_" + name] = -tail.reduce(0, +) / Double(tail.count) }
            }
        }

        // Drawdowns.
        var peak = -Double.infinity
        var maxDD = 0.0
        var squares = 0.0
        var underWater = 0
        var episodes = 0
        var inDrawdown = false
        for e in equity {
            peak = max(peak, e)
            let dd = 1 - e / peak
            maxDD = max(maxDD, dd)
            squares += (100 * dd) * (100 * dd)
            if dd > 0 {
                underWater += 1
                if !inDrawdown { episodes += 1 }
                inDrawdown = true
            } else {
                inDrawdown = false
            }
        }
        m["max_drawdown"] = maxDD
        m["ulcer_index"] = (squares / Double(n)).squareRoot()
        m["time_under_water"] = Double(underWater) / Double(n)
        m["drawdown_episodes"] = Double(episodes)

        // Trades.
        if !trades.isEmpty {
            m["win_rate"] = Double(trades.filter { $0.pnl > 0 }.count) / Double(trades.count)
            let gains = trades.filter { $0.pnl > 0 }.reduce(0) { $0 + $1.pnl }
            let lossSum = trades.filter { $0.pnl < 0 }.reduce(0) { $0 + $1.pnl }
            if lossSum < 0 { m["profit_factor"] = gains / abs(lossSum) }
        }
        let meanEquity = equity.reduce(0, +) / Double(n)
        if meanEquity > 0 { m["turnover"] = tradedNotional / meanEquity }
        return m
    }

    /// numpy's default (linear) quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let lo = Int(pos.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - Double(lo))
    }

    /// Bars a complete dataset would have: weekdays for daily bars, every interval otherwise.
    static func expectedBars(from t0: Int64, to t1: Int64, interval: Int) -> Double {
        guard interval >= 86_400 else { return Double((t1 - t0) / Int64(interval) + 1) }
        var count = 0.0
        var day = t0 / 86_400
        while day <= t1 / 86_400 {
            let weekday = (day + 4) % 7  // 1970-01-01 was a Thursday: 0 = Sunday
            if weekday != 0 && weekday != 6 { count += 1 }
            day += Int64(interval / 86_400)
        }
        return max(count, 1)
    }
}
