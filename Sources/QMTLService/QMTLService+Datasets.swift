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
        try Self.checkBars(bars)
        let fingerprint = try DatasetFingerprint(symbol: symbol, interval: interval, bars: bars)
        let (record, created) = try await store.putDataset(fingerprint: fingerprint, symbol: symbol, interval: interval, bars: bars, audit: ctx)
        return Self.info(record, created: created)
    }

    /// Bars from anywhere but the CSV loader pass its rules: in time order, prices positive and
    /// finite, high and low bounding open and close.
    static func checkBars(_ bars: [Bar]) throws {
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
    }

    public func appendBars(world: String, bars: [Bar]) async throws -> FeedInfo {
        let ctx = try authorize("feed.append", needs: .submitter)
        let w = try await requireWorld(world)
        guard let fingerprint = try Self.spec(w.config).dataset?.fingerprint else {
            throw QMTLError(.worldConfig, "world \(w.id) has no dataset to extend; set one with qmtl world update \(w.id.slug) --data CSV --symbol S")
        }
        guard !bars.isEmpty else { throw QMTLError(.dataEmpty, "nothing to append: no bars") }
        try Self.checkBars(bars)
        let dataset = try await requireDataset(fingerprint)
        let appended = try await store.appendFeed(w.id, bars: bars, after: dataset.lastTs, audit: ctx)
        return FeedInfo(
            world: w.id.description, appended: appended.appended, bars: appended.bars, lastBar: appended.lastTs.map(UTCTimestamp.format),
            datasetLastBar: UTCTimestamp.format(dataset.lastTs))
    }

    public func feedBars(world: String, after: String?) async throws -> [Bar] {
        _ = try authorize("feed.bars", needs: .viewer)
        let w = try await requireWorld(world)
        let from = try after.map { text in
            guard let t = UTCTimestamp.parse(text) else { throw QMTLError(.usage, "after must be an ISO-8601 UTC time, got \(text.prefix(40))") }
            return t
        }
        return try await store.feedBars(w.id, after: from)
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
