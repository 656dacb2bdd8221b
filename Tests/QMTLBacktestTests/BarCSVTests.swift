import QMTLBacktest
import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("Bar CSV and dataset fingerprints")
struct BarCSVTests {
    static func sharedBars() throws -> [Bar] {
        let text = String(decoding: try TestData.sharedFile("bars/synthetic_daily_2000.csv"), as: UTF8.self)
        return try BarCSV.parse(text, fileName: "synthetic_daily_2000.csv")
    }

    /// Pinned; re-derived independently by `scripts/independent_ids.py fingerprint` (PyPI blake3).
    @Test func pinnedFingerprintOfTheSharedDailyBars() throws {
        let bars = try Self.sharedBars()
        #expect(bars.count == 2000)
        #expect(bars.first?.ts == UTCTimestamp.parse("2015-01-02T00:00:00Z"))
        let fp = try DatasetFingerprint(symbol: "SYN", interval: 86400, bars: bars)
        #expect(fp.description == "lake:blake3:50d98b7744af7eae507e2935bd82e1551d1157f1e807acd9dc153f78fee69235")
    }

    @Test func sameBarsWrittenDifferentlyHaveTheSameFingerprint() throws {
        let a =
            "ts,open,high,low,close,volume\n2015-01-02T00:00:00Z,99.9269,100.4073,99.3623,100.0319,369796\n2015-01-05T00:00:00Z,100.1002,101.0489,100.0126,100.5113,536959\n"
        let b =
            "ts,open,high,low,close,volume\r\n2015-01-02T00:00:00+00:00,99.92690,100.4073,99.3623,1.000319e2,369796.0\r\n\r\n2015-01-05 00:00:00Z,100.1002,101.04890,100.0126,100.5113,536959\r\n"
        let fa = try DatasetFingerprint(symbol: "SYN", interval: 86400, bars: BarCSV.parse(a, fileName: "a.csv"))
        let fb = try DatasetFingerprint(symbol: "SYN", interval: 86400, bars: BarCSV.parse(b, fileName: "b.csv"))
        #expect(fa == fb)
        #expect(fa != (try DatasetFingerprint(symbol: "SYM", interval: 86400, bars: BarCSV.parse(a, fileName: "a.csv"))))
        #expect(fa != (try DatasetFingerprint(symbol: "SYN", interval: 3600, bars: BarCSV.parse(a, fileName: "a.csv"))))
    }

    /// Decision #12: a bare date is midnight UTC, the same bar as its full timestamp.
    @Test func bareDatesAreMidnightUTC() throws {
        let bare = try BarCSV.parse("ts,open,high,low,close,volume\n2015-01-02,10,11,9,10.5,100\n2016-02-29,10,11,9,10.5,1\n", fileName: "d.csv")
        let full = try BarCSV.parse(
            "ts,open,high,low,close,volume\n2015-01-02T00:00:00Z,10,11,9,10.5,100\n2016-02-29T00:00:00+00:00,10,11,9,10.5,1\n", fileName: "f.csv")
        #expect(bare == full)
        #expect(bare.map(\.ts) == [1_420_156_800, 1_456_704_000])
        #expect(throws: QMTLError.self) { try BarCSV.parse("ts,open,high,low,close,volume\n2015-02-29,10,11,9,10.5,1\n", fileName: "x.csv") }
    }

    static let header = "ts,open,high,low,close,volume\n"
    static let good = "2015-01-02T00:00:00Z,10,11,9,10.5,100\n"

    static let bad: [(String, String, String, QMTLError.Code)] = [
        ("", "x.csv:1:", "empty", .dataHeader),
        ("ts,o,h,l,c,v\n", "x.csv:1:", "expected the header", .dataHeader),
        (header + good + "2015-01-02T00:00:00Z,10,11,9,10.5,100\n", "x.csv:3:", "not after", .dataOrder),
        (header + good + "2015-01-01T00:00:00Z,10,11,9,10.5,100\n", "x.csv:3:", "not after", .dataOrder),
        (header + "2015-01-02T00:00:00Z,10,9.5,9,10.5,100\n", "x.csv:2:", "high 9.5 is below", .dataValue),
        (header + "2015-01-02T00:00:00Z,10,11,10.2,10.5,100\n", "x.csv:2:", "low 10.2 is above", .dataValue),
        (header + "2015-01-02T00:00:00Z,0,11,0,10.5,100\n", "x.csv:2:", "positive", .dataValue),
        (header + "2015-01-02T00:00:00Z,10,11,9,10.5,-1\n", "x.csv:2:", "volume", .dataValue),
        (header + "2015-01-02T00:00:00Z,10,11,9,nan,1\n", "x.csv:2:", "close is not a finite number", .dataRow),
        (header + "2015-01-02,10,11,9\n", "x.csv:2:", "expected 6 fields", .dataRow),
        (header + "02/01/2015,10,11,9,10.5,1\n", "x.csv:2:", "invalid timestamp", .dataRow),
        (
            header + good + good.replacingOccurrences(of: "01-02", with: "01-03") + "2015-01-04T00:00:00+09:00,10,11,9,10.5,1\n",
            "x.csv:4:", "invalid timestamp", .dataRow
        ),
    ]

    @Test(arguments: 0..<bad.count)
    func badRowsNameFileAndLineAndLoadNothing(_ i: Int) {
        let (text, prefix, fragment, code) = Self.bad[i]
        let error = #expect(throws: QMTLError.self) { try BarCSV.parse(text, fileName: "x.csv") }
        #expect(error?.code == code)
        #expect(error?.message.hasPrefix(prefix) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        components(a).joined(separator: b)
    }

    private func components(_ separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let r = rest.range(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
