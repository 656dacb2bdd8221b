#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses the decimal numbers of a bar file: `[-+]digits[.digits][(e|E)[-+]digits]` (also `1.`
/// and `.5`). No hexadecimal, `inf` or `nan`.
///
/// Most prices take Clinger's fast path — a mantissa of at most 2^53 scaled by an exactly
/// representable power of ten is one correctly rounded multiplication or division; the rest go
/// to the C library's `strtod`, which is correctly rounded too. Either way the result is the
/// double nearest the text, as `Double(String)` gives.
enum DecimalField {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `text`, or nil when it is not a decimal number. Overflow gives an infinity.
    static func parse(_ text: UnsafeRawBufferPointer) -> Double? {
        let n = text.count
        var i = 0
        var negative = false
        if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits taken into the mantissa
        var dropped = false  // a nonzero digit did not fit
        var scale = 0  // power of ten the mantissa is multiplied by
        var sawDigit = false
        while i < n, text[i] &- 0x30 < 10 {
            take(text[i] &- 0x30, &mantissa, &digits, &dropped, &scale, fraction: false)
            sawDigit = true
            i += 1
        }
        if i < n, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, text[i] &- 0x30 < 10 {
                take(text[i] &- 0x30, &mantissa, &digits, &dropped, &scale, fraction: true)
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < n, text[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var expNegative = false
            if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                expNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            var exponent = 0
            var expDigits = 0
            while i < n, text[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(text[i] &- 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            scale += expNegative ? -exponent : exponent
        }
        guard i == n else { return nil }
        if mantissa == 0 && !dropped { return negative ? -0.0 : 0.0 }
        if !dropped, mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            let m = Double(mantissa)
            let value = scale >= 0 ? m * powersOfTen[scale] : m / powersOfTen[-scale]
            return negative ? -value : value
        }
        return slow(text)
    }

    @inline(__always)
    private static func take(_ d: UInt8, _ m: inout UInt64, _ digits: inout Int, _ dropped: inout Bool, _ scale: inout Int, fraction: Bool) {
        if digits < 19 {
            m = m &* 10 &+ UInt64(d)
            if m != 0 { digits += 1 }
            if fraction { scale -= 1 }
        } else {
            if d != 0 { dropped = true }
            if !fraction { scale += 1 }
        }
    }

    /// `strtod` on a NUL-terminated copy (the grammar was checked, so it reads every byte).
    private static func slow(_ text: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            for (k, byte) in text.enumerated() { buffer[k] = CChar(bitPattern: byte) }
            buffer[text.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
