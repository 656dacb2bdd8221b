import QMTLCore

/// Lines up the bars of several symbols on one clock (R-SDK-2): tick i holds bar i of every
/// symbol, and all of them must have the same time.
public enum BarAlignment {
    /// Ticks in `symbols` order.
    /// - Throws: `QMTLError` `E_DATA_CLOCK` naming the symbol and time where the series part.
    public static func ticks(symbols: [String], bars: [String: [Bar]]) throws -> [[Bar]] {
        let series = try symbols.map { s -> [Bar] in
            guard let b = bars[s] else { throw QMTLError(.dataClock, "no bars for \(s)") }
            return b
        }
        guard let first = series.first else { return [] }
        for (s, other) in zip(symbols, series).dropFirst() {
            if other.count != first.count {
                throw QMTLError(.dataClock, "\(s) has \(other.count) bars, \(symbols[0]) has \(first.count): the series must share a clock")
            }
            if let i = first.indices.first(where: { first[$0].ts != other[$0].ts }) {
                throw QMTLError(
                    .dataClock,
                    "\(s) has a bar at \(UTCTimestamp.format(other[i].ts)) where \(symbols[0]) has \(UTCTimestamp.format(first[i].ts))")
            }
        }
        return first.indices.map { i in series.map { $0[i] } }
    }
}
