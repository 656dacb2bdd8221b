import QMTLCore

/// A dataset registered in the store (SPEC §4 Datasets): bars of one symbol at one interval,
/// named by their DatasetFingerprint (R-ID-8), so any process on the store can load them.
public struct DatasetRecord: Sendable, Hashable {
    /// `lake:blake3:…` of the bars (R-ID-8).
    public var fingerprint: DatasetFingerprint
    /// The instrument.
    public var symbol: String
    /// Seconds between bars.
    public var interval: Int
    /// How many bars.
    public var barCount: Int
    /// Time of the first bar, epoch seconds.
    public var firstTs: Int64
    /// Time of the last bar, epoch seconds.
    public var lastTs: Int64
    /// How many stored chunks hold the bars.
    public var chunkCount: Int
    /// When it was registered, epoch milliseconds.
    public var createdAtMillis: Int64

    /// A dataset record.
    public init(
        fingerprint: DatasetFingerprint, symbol: String, interval: Int, barCount: Int, firstTs: Int64, lastTs: Int64, chunkCount: Int,
        createdAtMillis: Int64
    ) {
        self.fingerprint = fingerprint
        self.symbol = symbol
        self.interval = interval
        self.barCount = barCount
        self.firstTs = firstTs
        self.lastTs = lastTs
        self.chunkCount = chunkCount
        self.createdAtMillis = createdAtMillis
    }
}
