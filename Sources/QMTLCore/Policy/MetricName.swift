/// The metric names of R-SDK-3 — the only names used in policies, runs, reports and JSON —
/// and their windowed forms `<metric>_<N>d` over the last N calendar days.
public struct MetricName: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// The base metrics.
    public static let base: [String] = [
        "total_return", "final_equity", "cagr", "sharpe", "sortino", "max_drawdown", "drawdown_episodes", "ulcer_index",
        "var_95", "var_99", "es_95", "es_99", "win_rate", "profit_factor", "gain_to_pain", "num_trades", "exposure",
        "sample_days", "effective_history_years", "time_under_water", "turnover", "coverage",
    ]

    /// The base metric.
    public let metric: String
    /// The window in days for `<metric>_<N>d`, nil for the whole series.
    public let windowDays: Int?

    /// Parses a metric name.
    /// - Throws: ``QMTLError`` `E_POLICY_METRIC` with a did-you-mean.
    public init(parsing text: String) throws {
        if Self.base.contains(text) {
            metric = text
            windowDays = nil
            return
        }
        if let underscore = text.lastIndex(of: "_"), text.hasSuffix("d") {
            let head = String(text[..<underscore])
            let days = text[text.index(after: underscore)..<text.index(before: text.endIndex)]
            if Self.base.contains(head), let n = Int(days), n > 0, n <= 36_600, !days.hasPrefix("0") {
                metric = head
                windowDays = n
                return
            }
        }
        throw QMTLError(
            .policyMetric,
            "unknown metric \"\(text)\"\(DidYouMean.suffix(text, Self.base)); metrics are \(Self.base.joined(separator: ", ")) or <metric>_<N>d")
    }

    public var description: String { windowDays.map { "\(metric)_\($0)d" } ?? metric }

    /// Orders metric names by their text.
    public static func < (a: MetricName, b: MetricName) -> Bool { a.description < b.description }
}
