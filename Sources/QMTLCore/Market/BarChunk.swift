/// Bars packed for storage: 48 bytes a bar — `ts` (Int64) and open, high, low, close, volume
/// (IEEE-754 doubles), all little-endian — so a million bars are 48 MB that load with one copy.
/// A dataset is stored as chunks of at most ``BarChunk/barsPerChunk`` bars, each with the BLAKE3
/// of its bytes, checked when it is read back.
public enum BarChunk {
    /// Bytes per bar.
    public static let stride = 48
    /// Bars per stored chunk (480 KB).
    public static let barsPerChunk = 10_000

    /// The packed bytes of `bars`.
    public static func encode(_ bars: ArraySlice<Bar>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: bars.count * stride)
        out.withUnsafeMutableBytes { raw in
            var offset = 0
            for bar in bars {
                raw.storeBytes(of: bar.ts.littleEndian, toByteOffset: offset, as: Int64.self)
                raw.storeBytes(of: bar.open.bitPattern.littleEndian, toByteOffset: offset + 8, as: UInt64.self)
                raw.storeBytes(of: bar.high.bitPattern.littleEndian, toByteOffset: offset + 16, as: UInt64.self)
                raw.storeBytes(of: bar.low.bitPattern.littleEndian, toByteOffset: offset + 24, as: UInt64.self)
                raw.storeBytes(of: bar.close.bitPattern.littleEndian, toByteOffset: offset + 32, as: UInt64.self)
                raw.storeBytes(of: bar.volume.bitPattern.littleEndian, toByteOffset: offset + 40, as: UInt64.self)
                offset += stride
            }
        }
        return out
    }

    /// Appends the bars packed in `bytes` to `bars`.
    /// - Throws: ``QMTLError`` `E_STORE_CORRUPT` when the length is not a whole number of bars.
    public static func decode(_ bytes: [UInt8], into bars: inout [Bar]) throws {
        guard bytes.count % stride == 0 else {
            throw QMTLError(.storeCorrupt, "a bar chunk of \(bytes.count) bytes is not a whole number of \(stride)-byte bars")
        }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                func double(_ at: Int) -> Double {
                    Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + at, as: UInt64.self)))
                }
                bars.append(
                    Bar(
                        ts: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)), open: double(8), high: double(16),
                        low: double(24), close: double(32), volume: double(40)))
                offset += stride
            }
        }
    }
}
