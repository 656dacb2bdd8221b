import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// Datasets on every store: bars registered under their fingerprint come back bit for bit,
/// re-adding them is a no-op, and a damaged chunk is detected.
@Suite("Dataset contract")
struct DatasetContractTests {
    let ctx = Fixture.ctx

    static func bars(_ n: Int, start: Int64 = 1_420_156_800) -> [Bar] {
        (0..<n).map { i in
            let p = 100 + Double(i % 97) * 0.25 + Double(i) / 7
            return Bar(ts: start + Int64(i) * 60, open: p, high: p + 0.5, low: p - 0.5, close: p + 0.125, volume: Double(i % 1000))
        }
    }

    @Test(arguments: StoreKind.available)
    func barsComeBackBitForBitAndReAddingIsANoOp(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let bars = Self.bars(25_001)  // three chunks, the last of one bar
            let fp = try DatasetFingerprint(symbol: "SYN", interval: 60, bars: bars)
            let (record, created) = try await store.putDataset(fingerprint: fp, symbol: "SYN", interval: 60, bars: bars, audit: ctx)
            #expect(created && record.barCount == 25_001 && record.chunkCount == 3)
            #expect(record.firstTs == bars[0].ts && record.lastTs == bars[25_000].ts)
            let loaded = try #require(try await store.datasetBars(fp))
            #expect(loaded == bars)
            #expect(try DatasetFingerprint(symbol: "SYN", interval: 60, bars: loaded) == fp)
            let head = try await store.auditHead()
            let (again, createdAgain) = try await store.putDataset(fingerprint: fp, symbol: "SYN", interval: 60, bars: bars, audit: ctx)
            #expect(!createdAgain && again == record)
            #expect(try await store.auditHead() == head, "a no-op writes no audit entry")
            #expect(try await store.dataset(fp) == record)
            let other = Self.bars(10, start: 0)
            let otherFP = try DatasetFingerprint(symbol: "ABC", interval: 60, bars: other)
            _ = try await store.putDataset(fingerprint: otherFP, symbol: "ABC", interval: 60, bars: other, audit: ctx)
            #expect(try await store.datasets().map(\.symbol) == ["ABC", "SYN"])
            #expect(try await store.datasetBars(try DatasetFingerprint(parsing: "lake:" + BLAKE3.hash("none").description)) == nil)
            #expect(try await store.verifyAudit() == .intact(entries: 2))
        }
    }

    @Test(arguments: StoreKind.available)
    func aDamagedChunkIsDetectedAndAnEmptyDatasetRefused(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let bars = Self.bars(12_000)
            let fp = try DatasetFingerprint(symbol: "SYN", interval: 60, bars: bars)
            _ = try await store.putDataset(fingerprint: fp, symbol: "SYN", interval: 60, bars: bars, audit: ctx)
            var damaged = BarChunk.encode(bars[10_000...])
            damaged[7] ^= 1
            let bytes = damaged
            try await store.backend.transaction { s in
                try await s.execute("UPDATE dataset_chunk SET bars = ? WHERE fingerprint = ? AND seq = 1", [.blob(bytes), .hash(fp.hash)])
            }
            let error = await #expect(throws: QMTLError.self) { try await store.datasetBars(fp) }
            #expect(error?.code == .storeCorrupt && error?.message.contains("chunk 1") == true)
            let empty = await #expect(throws: QMTLError.self) {
                try await store.putDataset(fingerprint: fp, symbol: "SYN", interval: 60, bars: [], audit: ctx)
            }
            #expect(empty?.code == .dataEmpty)
        }
    }

    @Test func packingRoundTripsEveryBit() throws {
        let odd = [
            Bar(ts: -86_400, open: .leastNonzeroMagnitude, high: 1e308, low: -0.0, close: 0.1 + 0.2, volume: 0),
            Bar(ts: Int64.max, open: 1, high: 2, low: 0.5, close: 1.5, volume: 123_456_789.125),
        ]
        var back: [Bar] = []
        try BarChunk.decode(BarChunk.encode(odd[...]), into: &back)
        #expect(back.map(\.open.bitPattern) == odd.map(\.open.bitPattern) && back.map(\.low.bitPattern) == odd.map(\.low.bitPattern))
        #expect(back == odd)
        #expect(throws: QMTLError.self) { try BarChunk.decode([1, 2, 3], into: &back) }
    }
}
