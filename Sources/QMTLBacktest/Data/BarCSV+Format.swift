import Foundation
import QMTLCore

extension BarCSV {
    /// Bars as CSV text in the loader's format (header, `\n` line ends, ISO-8601 UTC times).
    /// Numbers are written in their shortest round-trip form, so the text parses back to the
    /// same bars, and the same fingerprint.
    public static func format(_ bars: [Bar]) -> String {
        var out = header + "\n"
        out.reserveCapacity(bars.count * 64)
        for b in bars {
            out += UTCTimestamp.format(b.ts)
            for x in [b.open, b.high, b.low, b.close, b.volume] {
                out += ","
                out += x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
            }
            out += "\n"
        }
        return out
    }
}
