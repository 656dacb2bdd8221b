import QMTLCore

/// The CSV bar format of R-SDK-4: header `ts,open,high,low,close,volume`, one bar per line,
/// `ts` ISO-8601 UTC, strictly increasing.
///
/// Parsing is all-or-nothing: the first bad row is an error `file:line: message` and no bars
/// are returned.
public enum BarCSV {
    public static let header = "ts,open,high,low,close,volume"

    /// Parses CSV text into bars.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - fileName: used in error messages.
    /// - Throws: ``QMTLError`` `E_DATA` with `file:line:` naming the row and the rule broken.
    public static func parse(_ text: String, fileName: String) throws -> [Bar] {
        var bars: [Bar] = []
        var lineNumber = 0
        var sawHeader = false
        func fail(_ message: String) -> QMTLError {
            QMTLError("E_DATA", "\(fileName):\(lineNumber): \(message)", details: ["file": fileName, "line": String(lineNumber)])
        }
        // "\r\n" is one Character in Swift, so both line ends are named.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            if line.isEmpty { continue }
            if !sawHeader {
                guard line == header else { throw fail("expected the header \(header), got \(line.prefix(60))") }
                sawHeader = true
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6 else { throw fail("expected 6 fields, got \(fields.count)") }
            guard let ts = UTCTimestamp.parse(fields[0]) else {
                throw fail("invalid timestamp \(fields[0]); expected ISO-8601 UTC like 2015-01-02T00:00:00Z")
            }
            var values: [Double] = []
            for (name, f) in zip(["open", "high", "low", "close", "volume"], fields.dropFirst()) {
                guard let v = Double(f), v.isFinite else { throw fail("\(name) is not a finite number: \(f)") }
                values.append(v)
            }
            let bar = Bar(ts: ts, open: values[0], high: values[1], low: values[2], close: values[3], volume: values[4])
            guard bar.open > 0, bar.high > 0, bar.low > 0, bar.close > 0 else { throw fail("prices must be positive") }
            guard bar.volume >= 0 else { throw fail("volume must not be negative") }
            guard bar.high >= max(bar.open, bar.close) else { throw fail("high \(f(bar.high)) is below max(open, close)") }
            guard bar.low <= min(bar.open, bar.close) else { throw fail("low \(f(bar.low)) is above min(open, close)") }
            if let last = bars.last, bar.ts <= last.ts {
                throw fail("timestamp \(fields[0]) is not after the previous bar's \(UTCTimestamp.format(last.ts))")
            }
            bars.append(bar)
        }
        guard sawHeader else {
            lineNumber = 1
            throw fail("the file is empty; expected the header \(header)")
        }
        return bars
    }

    private static func f(_ x: Double) -> String { (try? ECMAScriptNumber.format(x)) ?? "\(x)" }
}
