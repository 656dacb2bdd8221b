/// Daily returns of an equity curve: each UTC day's last equity over the previous day's last.
/// A curve of daily bars gives one return per bar after the first; intraday bars are folded
/// into their day. Days with a non-positive previous equity are left out.
public enum DailyReturns {
    /// `(day, return)` in day order; `day` is the UTC day's start, epoch seconds.
    public static func of(t: [Int64], equity: [Double]) -> [(day: Int64, value: Double)] {
        var closes: [(day: Int64, equity: Double)] = []
        for (ts, e) in zip(t, equity) {
            let day = ts - ((ts % 86_400) + 86_400) % 86_400
            if closes.last?.day == day { closes[closes.count - 1].equity = e } else { closes.append((day, e)) }
        }
        var out: [(day: Int64, value: Double)] = []
        for (previous, current) in zip(closes, closes.dropFirst()) where previous.equity > 0 {
            out.append((current.day, current.equity / previous.equity - 1))
        }
        return out
    }

    /// The same returns keyed by day, for correlations over the days two curves share.
    public static func byDay(t: [Int64], equity: [Double]) -> [Int64: Double] {
        Dictionary(of(t: t, equity: equity).map { ($0.day, $0.value) }) { $1 }
    }
}
