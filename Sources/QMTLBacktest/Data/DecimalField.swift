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
/// double nearest the text, as `Double(String)` gives. The same scan tells whether the text is
/// already the number's JCS form (``QMTLCore/ECMAScriptNumber/isCanonical(_:)``), so the
/// dataset fingerprint can copy it instead of formatting the value again.
enum DecimalField {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// A number read from text: its value, where its text ends, and whether that text is its JCS form.
    struct Scanned {
        var value: Double
        var end: Int
        var canonical: Bool
    }

    /// The value of `text`, or nil when it is not a decimal number. Overflow gives an infinity.
    static func parse(_ text: UnsafeRawBufferPointer) -> Double? {
        guard let s = scan(text, from: 0, to: text.count), s.end == text.count else { return nil }
        return s.value
    }

    /// Reads the longest decimal number starting at `start` and ending at most at `limit`;
    /// nil when no number starts there. The caller checks what follows `end`.
    @inline(__always)
    static func scan(_ text: UnsafeRawBufferPointer, from start: Int, to limit: Int) -> Scanned? {
        var i = start
        var negative = false
        var signed = false
        if i < limit, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            signed = !negative
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0  // significant digits taken into the mantissa
        var dropped = false  // a nonzero digit did not fit
        var scale = 0  // power of ten the mantissa is multiplied by
        let intStart = i
        var intTrailingZeros = 0
        while i < limit, text[i] &- 0x30 < 10 {
            let d = text[i] &- 0x30
            take(d, &mantissa, &digits, &dropped, &scale, fraction: false)
            intTrailingZeros = d == 0 ? intTrailingZeros + 1 : 0
            i += 1
        }
        let intDigits = i - intStart
        var fracDigits = 0
        var hasPoint = false
        var lastFrac: UInt8 = 0
        var fracLeadingZeros = 0
        if i < limit, text[i] == UInt8(ascii: ".") {
            hasPoint = true
            i += 1
            let fracStart = i
            var leading = true
            while i < limit, text[i] &- 0x30 < 10 {
                let d = text[i] &- 0x30
                take(d, &mantissa, &digits, &dropped, &scale, fraction: true)
                if leading && d == 0 { fracLeadingZeros += 1 } else { leading = false }
                lastFrac = d
                i += 1
            }
            fracDigits = i - fracStart
        }
        guard intDigits + fracDigits > 0 else { return nil }
        var hasExponent = false
        if i < limit, text[i] | 0x20 == UInt8(ascii: "e") {
            var j = i + 1
            var expNegative = false
            if j < limit, text[j] == UInt8(ascii: "-") || text[j] == UInt8(ascii: "+") {
                expNegative = text[j] == UInt8(ascii: "-")
                j += 1
            }
            var exponent = 0
            let expStart = j
            while j < limit, text[j] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(text[j] &- 0x30) }
                j += 1
            }
            guard j > expStart else { return nil }  // "1e" is not a number
            scale += expNegative ? -exponent : exponent
            hasExponent = true
            i = j
        }
        // The JCS form: no sign but a meaningful "-", no exponent, an integer part without
        // leading zeros, a fraction without trailing zeros, at most 15 significant digits and
        // fewer than six zeros after "0." (see ECMAScriptNumber.isCanonical).
        let intIsZero = intDigits == 1 && text[intStart] == 0x30
        var canonical = !signed && !hasExponent && intDigits > 0 && intDigits <= 21 && (intIsZero || text[intStart] != 0x30)
        if canonical {
            if hasPoint {
                canonical = fracDigits > 0 && lastFrac != 0
                if intIsZero {
                    canonical = canonical && fracLeadingZeros < 6 && fracDigits - fracLeadingZeros <= 15
                } else {
                    canonical = canonical && intDigits + fracDigits <= 15
                }
            } else {
                canonical = intIsZero ? !negative : intDigits - intTrailingZeros <= 15
            }
        }
        let value: Double
        if mantissa == 0 && !dropped {
            value = negative ? -0.0 : 0.0
        } else if !dropped, mantissa <= 1 << 53, scale >= -22, scale <= 22 {
            let m = Double(mantissa)
            let v = scale >= 0 ? m * powersOfTen[scale] : m / powersOfTen[-scale]
            value = negative ? -v : v
        } else {
            value = slow(UnsafeRawBufferPointer(rebasing: text[start..<i]))
        }
        return Scanned(value: value, end: i, canonical: canonical)
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
