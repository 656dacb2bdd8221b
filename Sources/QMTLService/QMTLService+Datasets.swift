import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func addDataset(symbol: String, interval: Int, bars: [Bar]) async throws -> DatasetInfo {
        let ctx = try authorize("dataset.add", needs: .submitter)
        guard !symbol.isEmpty, symbol.count <= 64, !symbol.contains(where: { $0.isWhitespace || $0.isNewline }) else {
            throw QMTLError(.paramType, "a symbol is 1…64 characters without spaces, got \"\(symbol.prefix(64))\"")
        }
        guard interval > 0 else { throw QMTLError(.paramRange, "the interval must be a positive number of seconds") }
        guard !bars.isEmpty else { throw QMTLError(.dataEmpty, "a dataset needs at least one bar") }
        for (i, b) in bars.enumerated() {
            if i > 0 && b.ts <= bars[i - 1].ts {
                throw QMTLError(.dataOrder, "bar \(i) at \(UTCTimestamp.format(b.ts)) is not after the bar before it")
            }
            // The rules the CSV loader applies, for bars that come from anywhere else.
            guard [b.open, b.high, b.low, b.close, b.volume].allSatisfy(\.isFinite), b.open > 0, b.high > 0, b.low > 0, b.close > 0,
                b.volume >= 0, b.high >= max(b.open, b.close), b.low <= min(b.open, b.close)
            else {
                throw QMTLError(
                    .dataValue,
                    "bar \(i) at \(UTCTimestamp.format(b.ts)) is impossible: prices must be positive and finite, high and low must bound open and close"
                )
            }
        }
        let fingerprint = try DatasetFingerprint(symbol: symbol, interval: interval, bars: bars)
        let (record, created) = try await store.putDataset(fingerprint: fingerprint, symbol: symbol, interval: interval, bars: bars, audit: ctx)
        return Self.info(record, created: created)
    }

    public func listDatasets() async throws -> [DatasetInfo] {
        _ = try authorize("dataset.list", needs: .viewer)
        return try await store.datasets().map { Self.info($0, created: false) }
    }

    public func describeDataset(_ fingerprint: String) async throws -> DatasetInfo {
        _ = try authorize("dataset.show", needs: .viewer)
        return Self.info(try await requireDataset(fingerprint), created: false)
    }

    public func datasetBars(_ fingerprint: String) async throws -> [Bar] {
        _ = try authorize("dataset.bars", needs: .viewer)
        if let bars = try await store.datasetBars(try DatasetFingerprint(parsing: fingerprint)) { return bars }
        _ = try await requireDataset(fingerprint)  // throws, naming the closest fingerprint
        throw QMTLError(.datasetNotFound, "no dataset \(fingerprint)")
    }

    /// The dataset, or `E_DATASET_NOT_FOUND` naming the closest registered fingerprint.
    func requireDataset(_ text: String) async throws -> DatasetRecord {
        let fp = try DatasetFingerprint(parsing: text)
        if let record = try await store.dataset(fp) { return record }
        let known = try await store.datasets().map(\.fingerprint.description)
        throw QMTLError(.datasetNotFound, "no dataset \(fp)\(DidYouMean.suffix(fp.description, known))", details: ["fingerprint": fp.description])
    }

    static func info(_ r: DatasetRecord, created: Bool) -> DatasetInfo {
        DatasetInfo(
            fingerprint: r.fingerprint.description, symbol: r.symbol, interval: r.interval, bars: r.barCount,
            firstBar: UTCTimestamp.format(r.firstTs), lastBar: UTCTimestamp.format(r.lastTs), created: created)
    }
}
