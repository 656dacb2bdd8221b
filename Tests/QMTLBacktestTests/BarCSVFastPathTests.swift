import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLBacktest
@testable import QMTLCore

/// The byte-level bar loader against the simple definitions it replaces: numbers equal
/// `Double(String)`, and the one-pass fingerprint equals ``DatasetFingerprint`` over the bars.
@Suite("Bar CSV fast path")
struct BarCSVFastPathTests {
    static func decimal(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { DecimalField.parse(UnsafeRawBufferPointer($0)) }
    }

    @Test func decimalsEqualSwiftsParser() throws {
        var rng = SplitMix64(seed: 7)
        var texts = [
            "0", "-0", "+0", "0.0", "1", "1.", ".5", "-.5", "+2.5", "007", "1e5", "1E-5", "2.5e+3", "9007199254740993", "9007199254740992",
            "123456789012345678901234567890", "0.000000000000000000000000000001", "1e22", "1e23", "4.35e-7", "1.7976931348623157e308",
            "2.2250738585072014e-308", "4.9e-324", "1e-400", "0.1", "0.2", "0.30000000000000004", "99.92690000000000000001",
        ]
        for _ in 0..<20_000 {
            let mantissa = rng.next() % 10_000_000_000_000_000
            let dot = Int(rng.next() % 20)
            var t = String(mantissa)
            if dot < t.count { t.insert(".", at: t.index(t.startIndex, offsetBy: t.count - dot)) }
            if rng.next() % 4 == 0 { t += "e\(Int(rng.next() % 60) - 30)" }
            if rng.next() % 3 == 0 { t = "-" + t }
            texts.append(t)
            texts.append(String(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)))
        }
        let es6 = String(decoding: try TestData.sharedFile("jcs/es6_numbers_120k.txt"), as: UTF8.self)
        texts += es6.split(separator: "\n").map { String($0[$0.index(after: $0.firstIndex(of: ",")!)...]) }
        texts += ["1.50", "01", "-0", "0.0000012", "100", "1500.25", "0.000001", "123456789012345.6", "-12.5", "1e2"]
        for t in texts {
            let expected = Double(t)
            #expect(Self.decimal(t)?.bitPattern == expected?.bitPattern, "\(t)")
            // The flag the loader computes while parsing is exactly the reference predicate.
            var copy = t
            copy.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                #expect(DecimalField.scan(raw, from: 0, to: raw.count)?.canonical == ECMAScriptNumber.isCanonical(raw), "\(t)")
            }
        }
        for bad in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "0x10", "inf", "nan", "Infinity", "1_000", "١"] {
            #expect(Self.decimal(bad) == nil, "\(bad)")
        }
        #expect(Self.decimal("1e999") == .infinity, "overflow is infinite, which the loader refuses")
    }

    /// Random files with every way of writing the same numbers: the one-pass fingerprint is
    /// the fingerprint of the parsed bars.
    @Test func onePassFingerprintEqualsTheDefinition() throws {
        var rng = SplitMix64(seed: 11)
        func write(_ x: Double) -> String {
            switch rng.next() % 6 {
            case 0: String(x)
            case 1: String(format: "%.10f", x)
            case 2: String(format: "%.4e", x)
            case 3: (try? ECMAScriptNumber.format(x)) ?? "0"
            case 4: String(format: "%.2f", x)
            default: String(format: "%.15g", x)
            }
        }
        for file in 0..<40 {
            var text = BarCSV.header + (file % 2 == 0 ? "\n" : "\r\n")
            var ts: Int64 = 1_420_156_800
            var price = 100.0
            for _ in 0..<(50 + Int(rng.next() % 200)) {
                ts += 60 * Int64(1 + rng.next() % 5)
                price *= 1 + (Double(rng.next() % 2001) - 1000) / 100_000
                let o = price, c = price * (1 + (Double(rng.next() % 101) - 50) / 10_000)
                let h = max(o, c) * 1.001, l = min(o, c) * 0.999
                let v = Double(rng.next() % 1_000_000) / (rng.next() % 3 == 0 ? 100 : 1)
                text += [UTCTimestamp.format(ts), write(o), write(h), write(l), write(c), write(v)].joined(separator: ",")
                text += file % 2 == 0 ? "\n" : "\r\n"
                if rng.next() % 50 == 0 { text += "\n" }
            }
            var bytes = Array(text.utf8)
            let parsed = try bytes.withUnsafeMutableBytes {
                try BarCSV.read(UnsafeRawBufferPointer($0), fileName: "f.csv", fingerprint: (symbol: "SYN", interval: 60))
            }
            #expect(parsed.fingerprint == (try DatasetFingerprint(symbol: "SYN", interval: 60, bars: parsed.bars)))
            #expect(parsed.bars == (try BarCSV.parse(text, fileName: "f.csv")))
        }
    }

    @Test func byteOrderMarkAndMissingLastNewlineAreFine() throws {
        let text = "\u{FEFF}" + BarCSV.header + "\n2015-01-02,10,11,9,10.5,100"
        let bars = try BarCSV.parse(text, fileName: "b.csv")
        #expect(bars == [Bar(ts: 1_420_156_800, open: 10, high: 11, low: 9, close: 10.5, volume: 100)])
    }
}
