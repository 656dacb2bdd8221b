import QMTLCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CSV bar format of R-SDK-4: header `ts,open,high,low,close,volume`, one bar per line,
/// `ts` ISO-8601 UTC (or a bare date, meaning midnight UTC), strictly increasing. Lines end in
/// `\n` or `\r\n`; blank lines and a UTF-8 byte-order mark are ignored.
///
/// Parsing is all-or-nothing: the first bad row is an error `file:line: message` and no bars
/// are returned. The loader scans bytes (no `String` per row or field) and can compute the
/// dataset's fingerprint in the same pass, reusing each number's text when it is already in
/// JCS form (`qmtl-bench csv` measures both).
public enum BarCSV {
    /// The one header line the loader accepts.
    public static let header = "ts,open,high,low,close,volume"

    /// Bars read from a file, with their fingerprint when one was asked for.
    public struct Parsed: Sendable {
        /// Every bar, in time order.
        public var bars: [Bar]
        /// The DatasetFingerprint (R-ID-8), when a symbol and interval were given.
        public var fingerprint: DatasetFingerprint?
    }

    /// Parses CSV text into bars.
    /// - Throws: `QMTLError` with `file:line:` naming the row and the rule broken:
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
        // Lines are written here and hashed on another core, a block behind (`BlockHasher`).
        var writer = fingerprint.map { _ in DatasetFingerprint.LineWriter() }
        let hasher = fingerprint.map { BlockHasher(DatasetFingerprint.Hasher(symbol: $0.symbol, interval: $0.interval)) }
        var bars: [Bar] = []
        bars.reserveCapacity(bytes.count / 48 + 1)
        do {
            try reader.readHeader()
            while let row = reader.nextLine() {
                let bar = try reader.bar(row, after: bars.last, fingerprint: &writer)
                bars.append(bar)
                if writer?.isFull == true, let block = writer?.takeBlock() { hasher?.submit(block) }
            }
        } catch {
            _ = hasher?.finish()  // let the hashing queue drain before the error leaves
            throw error
        }
        if let block = writer?.takeBlock() { hasher?.submit(block) }
        return Parsed(bars: bars, fingerprint: hasher?.finish())
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
            String(
                decoding: UnsafeRawBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound, range.lowerBound + limit)]), as: UTF8.self)
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

        /// The bar of one row, checked, and added to the fingerprint. One pass: each number is
        /// parsed where its field starts and must end at a comma (or at the end of the line).
        func bar(_ line: Range<Int>, after previous: Bar?, fingerprint: inout DatasetFingerprint.LineWriter?) throws -> Bar {
            let end = line.upperBound
            guard let comma = firstComma(from: line.lowerBound, to: end) else { throw fieldCount(line) }
            guard let ts = UTCTimestamp.parse(utf8: slice(line.lowerBound..<comma)) else {
                throw fail(.dataRow, "invalid timestamp \(text(line.lowerBound..<comma)); expected ISO-8601 UTC like 2015-01-02T00:00:00Z")
            }
            var at = comma + 1
            let open = try number(&at, line, "open", last: false)
            let high = try number(&at, line, "high", last: false)
            let low = try number(&at, line, "low", last: false)
            let close = try number(&at, line, "close", last: false)
            let volume = try number(&at, line, "volume", last: true)
            let bar = Bar(ts: ts, open: open.value, high: high.value, low: low.value, close: close.value, volume: volume.value)
            guard bar.open > 0, bar.high > 0, bar.low > 0, bar.close > 0 else { throw fail(.dataValue, "prices must be positive") }
            guard bar.volume >= 0 else { throw fail(.dataValue, "volume must not be negative") }
            guard bar.high >= max(bar.open, bar.close) else { throw fail(.dataValue, "high \(Self.show(bar.high)) is below max(open, close)") }
            guard bar.low <= min(bar.open, bar.close) else { throw fail(.dataValue, "low \(Self.show(bar.low)) is above min(open, close)") }
            if let previous, ts <= previous.ts {
                throw fail(
                    .dataOrder, "timestamp \(text(line.lowerBound..<comma)) is not after the previous bar's \(UTCTimestamp.format(previous.ts))")
            }
            try fingerprint?.append(ts: ts, open, high, low, close, volume)
            return bar
        }

        func firstComma(from: Int, to end: Int) -> Int? {
            var i = from
            while i < end {
                if bytes[i] == UInt8(ascii: ",") { return i }
                i += 1
            }
            return nil
        }

        func fieldCount(_ line: Range<Int>) -> QMTLError {
            var count = 1
            for i in line where bytes[i] == UInt8(ascii: ",") { count += 1 }
            return fail(.dataRow, "expected 6 fields, got \(count)")
        }

        func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[range]) }

        /// The number at `at`, which must run to the next comma (or, for the last field, to the
        /// end of the line); moves `at` past the comma.
        func number(_ at: inout Int, _ line: Range<Int>, _ name: String, last: Bool) throws -> DatasetFingerprint.TextField {
            let start = at
            let end = line.upperBound
            if let s = DecimalField.scan(bytes, from: start, to: end), s.value.isFinite,
                last ? s.end == end : (s.end < end && bytes[s.end] == UInt8(ascii: ","))
            {
                at = s.end + 1
                return (s.value, slice(start..<s.end), s.canonical)
            }
            // Why not: too few or too many fields, or not a finite number.
            let fieldEnd = firstComma(from: start, to: end) ?? end
            if (last && fieldEnd != end) || (!last && fieldEnd == end) { throw fieldCount(line) }
            throw fail(.dataRow, "\(name) is not a finite number: \(text(start..<fieldEnd))")
        }

        static func show(_ x: Double) -> String { (try? ECMAScriptNumber.format(x)) ?? "\(x)" }
    }
}
