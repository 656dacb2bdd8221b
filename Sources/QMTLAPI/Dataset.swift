import QMTLCore

/// A registered dataset as the WorldService shows it.
public struct DatasetInfo: Sendable, Hashable, Codable {
    /// `lake:blake3:…` (R-ID-8).
    public var fingerprint: String
    /// The instrument.
    public var symbol: String
    /// Seconds between bars.
    public var interval: Int
    /// How many bars.
    public var bars: Int
    /// The first bar's time, ISO-8601 UTC.
    public var firstBar: String
    /// The last bar's time, ISO-8601 UTC.
    public var lastBar: String
    /// Whether this call registered it (false: it was already there — re-adding is a no-op).
    public var created: Bool

    /// A dataset's description.
    public init(fingerprint: String, symbol: String, interval: Int, bars: Int, firstBar: String, lastBar: String, created: Bool) {
        self.fingerprint = fingerprint
        self.symbol = symbol
        self.interval = interval
        self.bars = bars
        self.firstBar = firstBar
        self.lastBar = lastBar
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case fingerprint, symbol, interval, bars, created
        case firstBar = "first_bar"
        case lastBar = "last_bar"
    }
}
