#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QMTLCore

/// The CSV bar format of R-SDK-4: header `ts,open,high,low,close,volume`, one bar per line,
/// `ts` ISO-8601 UTC (or a bare date, meaning midnight UTC), strictly increasing. Lines end in
/// `\n` or `\r\n`; blank lines and a UTF-8 byte-order mark are ignored.
///
/// Parsing is all-or-nothing: the first bad row is an error `file:line: message` and no bars
/// are returned. The loader scans bytes (no `String` per row or field) and can compute the
/// dataset's fingerprint in the same pass, reusing each number's text when it is already in
/// JCS form (`qmtl-bench csv` measures both).
public enum BarCSV {
    public static let header = "ts,open,high,low,close,volume"

    /// Bars read from a file, with their fingerprint when one was asked for.
    public struct Parsed: Sendable {
        public var bars: [Bar]
        public var fingerprint: DatasetFingerprint?
    }

    /// Parses CSV text into bars.
    /// - Throws: ``QMTLError`` with `file:line:` naming the row and the rule broken:
    ///   `E_DATA_HEADER`, `E_DATA_ROW`, `E_DATA_VALUE` or `E_DATA_ORDER`.
    public static func parse(_ text: String, fileName: String) throws -> [Bar] {
        var text = text
        return try text.withUTF8 { try read(UnsafeRawBufferPointer($0), fileName: fileName).bars }
    }

    /// Parses the bytes of a CSV file into bars, fingerprinting them as `symbol` at `interval`
    /// seconds when `fingerprint` is given (R-ID-8).
    /// - Throws: as ``parse(_:fileName:)``.
    public static func read(
        _ bytes: UnsafeRawBufferPointer, fileName: String, fingerprint: (symbol: String, interval: Int)? = nil
    ) throws -> Parsed {
        var reader = Reader(bytes: bytes, fileName: fileName)
        var builder = fingerprint.map { DatasetFingerprint.Builder(symbol: $0.symbol, interval: $0.interval) }
        var bars: [Bar] = []
        bars.reserveCapacity(bytes.count / 48 + 1)
        try reader.readHeader()
        while let row = reader.nextLine() {
            let bar = try reader.bar(row, after: bars.last, fingerprint: &builder)
            bars.append(bar)
        }
        return Parsed(bars: bars, fingerprint: builder?.finalize())
    }

    /// A cursor over the file's lines that knows its line number, for messages.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        let fileName: String
        var position = 0
        var lineNumber = 0

        init(bytes: UnsafeRawBufferPointer, fileName: String) {
            self.bytes = bytes
            self.fileName = fileName
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        }

        func fail(_ code: QMTLError.Code, _ message: String) -> QMTLError {
            QMTLError(code, "\(fileName):\(lineNumber): \(message)", details: ["file": fileName, "line": String(lineNumber)])
        }

        /// The next line that is not blank, without its line end.
        mutating func nextLine() -> Range<Int>? {
            while position < bytes.count {
                lineNumber += 1
                let start = position
                let base = bytes.baseAddress!  // not empty: position < count
                var end = memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: UnsafeRawPointer($0)) } ?? bytes.count
                position = end + 1
                if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                if end > start { return start..<end }
            }
            return nil
        }

        func text(_ range: Range<Int>, limit: Int = 60) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + limit)]), as: UTF8.self)
        }

        mutating func readHeader() throws {
            guard let line = nextLine() else {
                lineNumber = 1
                throw fail(.dataHeader, "the file is empty; expected the header \(BarCSV.header)")
            }
            guard UnsafeRawBufferPointer(rebasing: bytes[line]).elementsEqual(BarCSV.header.utf8) else {
                throw fail(.dataHeader, "expected the header \(BarCSV.header), got \(text(line))")
            }
        }

        /// The bar of one row, checked, and added to the fingerprint.
        func bar(_ line: Range<Int>, after previous: Bar?, fingerprint: inout DatasetFingerprint.Builder?) throws -> Bar {
            var fields: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (line, line, line, line, line, line)
            var count = 0
            var start = line.lowerBound
            var i = start
            while i <= line.upperBound {
                if i == line.upperBound || bytes[i] == UInt8(ascii: ",") {
                    switch count {
                    case 0: fields.0 = start..<i
                    case 1: fields.1 = start..<i
                    case 2: fields.2 = start..<i
                    case 3: fields.3 = start..<i
                    case 4: fields.4 = start..<i
                    case 5: fields.5 = start..<i
                    default: break
                    }
                    count += 1
                    start = i + 1
                }
                i += 1
            }
            guard count == 6 else { throw fail(.dataRow, "expected 6 fields, got \(count)") }
            guard let ts = UTCTimestamp.parse(utf8: slice(fields.0)) else {
                throw fail(.dataRow, "invalid timestamp \(text(fields.0)); expected ISO-8601 UTC like 2015-01-02T00:00:00Z")
            }
            let open = try number(fields.1, "open")
            let high = try number(fields.2, "high")
            let low = try number(fields.3, "low")
            let close = try number(fields.4, "close")
            let volume = try number(fields.5, "volume")
            let bar = Bar(ts: ts, open: open, high: high, low: low, close: close, volume: volume)
            guard open > 0, high > 0, low > 0, close > 0 else { throw fail(.dataValue, "prices must be positive") }
            guard volume >= 0 else { throw fail(.dataValue, "volume must not be negative") }
            guard high >= max(open, close) else { throw fail(.dataValue, "high \(Self.show(high)) is below max(open, close)") }
            guard low <= min(open, close) else { throw fail(.dataValue, "low \(Self.show(low)) is above min(open, close)") }
            if let previous, ts <= previous.ts {
                throw fail(.dataOrder, "timestamp \(text(fields.0)) is not after the previous bar's \(UTCTimestamp.format(previous.ts))")
            }
            try fingerprint?.append(
                ts: ts,
                (
                    (open, slice(fields.1)), (high, slice(fields.2)), (low, slice(fields.3)), (close, slice(fields.4)),
                    (volume, slice(fields.5))
                ))
            return bar
        }

        func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }

        func number(_ range: Range<Int>, _ name: String) throws -> Double {
            guard let v = DecimalField.parse(slice(range)), v.isFinite else {
                throw fail(.dataRow, "\(name) is not a finite number: \(text(range))")
            }
            return v
        }

        static func show(_ x: Double) -> String { (try? ECMAScriptNumber.format(x)) ?? "\(x)" }
    }
}
