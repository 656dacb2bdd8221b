/// ECMAScript `Number.prototype.toString()` for finite doubles, as RFC 8785 §3.2.2.3 requires:
/// the shortest digits that round-trip, then fixed or exponent notation by the ES rules.
public enum ECMAScriptNumber {
    /// The ECMAScript text of `x`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for NaN or an infinity.
    public static func format(_ x: Double) throws -> String {
        var out: [UInt8] = []
        try append(x, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ECMAScript text of `x` to `out`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for NaN or an infinity.
    public static func append(_ x: Double, to out: inout [UInt8]) throws {
        try write(x, to: &out)
    }

    /// ``append(_:to:)`` into any sink.
    static func write(_ x: Double, to out: inout some ByteSink) throws {
        guard x.isFinite else {
            throw QMTLError(.jsonNonFinite, "\(x) is not a finite number; canonical JSON has no NaN or infinity")
        }
        if x == 0 {
            out.append(UInt8(ascii: "0"))  // also -0
            return
        }
        // Fast path: integers up to 2^53 are exact, so their shortest digits are all their digits.
        if x.rounded(.towardZero) == x && x.magnitude <= 9_007_199_254_740_992 {
            appendInteger(Int64(x), to: &out)
            return
        }
        if x < 0 { out.append(UInt8(ascii: "-")) }
        if let (m, k) = shortDecimal(x.magnitude) {
            withDigits(of: m) { layout($0, n: $0.count - k, into: &out) }
            return
        }
        let (digits, n) = shortestDigits(x.magnitude)
        digits.withUnsafeBytes { layout($0, n: n, into: &out) }
    }

    /// Lays out digits `d1…dk` with `x = 0.d1…dk × 10^n` by the rules of Number::toString.
    static func layout(_ digits: UnsafeRawBufferPointer, n: Int, into out: inout some ByteSink) {
        let k = digits.count
        if k <= n && n <= 21 {
            out.append(bytes: digits)
            for _ in 0..<(n - k) { out.append(UInt8(ascii: "0")) }
        } else if 0 < n && n <= 21 {
            out.append(bytes: UnsafeRawBufferPointer(rebasing: digits[0..<n]))
            out.append(UInt8(ascii: "."))
            out.append(bytes: UnsafeRawBufferPointer(rebasing: digits[n...]))
        } else if -6 < n && n <= 0 {
            out.append("0." as StaticString)
            for _ in 0..<(-n) { out.append(UInt8(ascii: "0")) }
            out.append(bytes: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(bytes: UnsafeRawBufferPointer(rebasing: digits[1...]))
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            appendInteger(Int64((n - 1).magnitude), to: &out)
        }
    }

    static func appendInteger(_ value: Int64, to out: inout some ByteSink) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        withDigits(of: value.magnitude) { out.append(bytes: $0) }
    }

    /// Calls `body` with the decimal digits of `value`, written on the stack (no allocation).
    @inline(__always)
    static func withDigits<R>(of value: UInt64, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var buf: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ 20 digits
        return withUnsafeMutableBytes(of: &buf) { b in
            var v = value
            var i = b.count
            repeat {
                i -= 1
                b[i] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
            } while v > 0
            return body(UnsafeRawBufferPointer(rebasing: b[i...]))
        }
    }

    private static let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

    /// Fast path for numbers with a short decimal form (`0.25`, `1.5`, `0.001`): the smallest
    /// `k` such that `m / 10^k` (m the integer nearest `x·10^k`) rounds back to `x`; `x = m × 10^-k`.
    ///
    /// Exact while `m < 2^50`: then `x·10^k` is within 3/8 of an integer at the shortest `k`,
    /// so rounding finds `m`, and no second `m` round-trips; `m / 10^k` is one correctly
    /// rounded division of exact doubles. Larger or longer numbers return `nil`.
    static func shortDecimal(_ x: Double) -> (m: UInt64, k: Int)? {
        guard x >= 1e-7 && x < 1e15 else { return nil }
        for k in 1...17 {
            let p = powersOfTen[k]
            let m = (x * p).rounded()
            guard m < 1_125_899_906_842_624 else { return nil }  // 2^50
            // m is not a multiple of 10 (k is minimal), so its digits have no trailing zeros.
            if m / p == x { return (UInt64(m), k) }
        }
        return nil
    }

    /// Shortest round-trip decimal digits of a positive finite `x`, without leading or trailing
    /// zeros, and the exponent `n` with `x = 0.d1d2…dk × 10^n`.
    ///
    /// Swift's `description` prints exactly the shortest, closest round-trip digits; only its
    /// layout differs from ECMAScript's, so the digits are taken from it and laid out again.
    static func shortestDigits(_ x: Double) -> (digits: [UInt8], n: Int) {
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointPosition: Int?  // digits before the decimal point
        var exponent = 0
        var text = x.description
        text.withUTF8 { utf8 in
            var i = 0
            while i < utf8.count {
                let c = utf8[i]
                if c == UInt8(ascii: ".") {
                    pointPosition = digits.count
                } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                    var sign = 1
                    i += 1
                    if utf8[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if utf8[i] == UInt8(ascii: "+") { i += 1 }
                    var e = 0
                    while i < utf8.count { e = e * 10 + Int(utf8[i] - UInt8(ascii: "0")); i += 1 }
                    exponent = sign * e
                    break
                } else {
                    digits.append(c)
                }
                i += 1
            }
        }
        var n = (pointPosition ?? digits.count) + exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == UInt8(ascii: "0") { leading += 1 }
        digits.removeFirst(leading)
        n -= leading
        while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, n)
    }
}

extension ECMAScriptNumber {
    /// Whether `text` is already the ECMAScript form of the number it denotes, so that it can be
    /// copied instead of parsed and formatted again.
    ///
    /// True for plain decimals with at most 15 significant digits — `0`, or an optional `-`,
    /// an integer part without leading zeros, and an optional fraction not ending in `0` — whose
    /// value ECMAScript writes without an exponent (fewer than 22 integer digits, fewer than six
    /// zeros after `0.`). At most 15 significant digits is what makes it the *shortest* form: two
    /// different decimals of 15 digits never round to the same double, so no shorter text names it.
    /// False for everything else, which may still be canonical (the caller then formats it).
    public static func isCanonical(_ text: UnsafeRawBufferPointer) -> Bool {
        let n = text.count
        guard n > 0, n <= 40 else { return false }
        var i = 0
        if text[0] == UInt8(ascii: "-") {
            i = 1
            guard n > 1 else { return false }
        }
        let intStart = i
        while i < n, text[i] &- 0x30 < 10 { i += 1 }
        let intDigits = i - intStart
        guard intDigits > 0, intDigits <= 21 else { return false }
        let intIsZero = intDigits == 1 && text[intStart] == 0x30
        if text[intStart] == 0x30 && !intIsZero { return false }  // leading zero
        var significant = 0
        if !intIsZero {
            // Trailing zeros of the integer part are not significant (1500 is 15 × 10²).
            var last = i - 1
            while last > intStart, text[last] == 0x30 { last -= 1 }
            significant = last - intStart + 1
        }
        if i == n {
            return !(intIsZero && intStart == 1) && significant <= 15  // "-0" is written "0"
        }
        guard text[i] == UInt8(ascii: "."), i + 1 < n else { return false }
        i += 1
        let fracStart = i
        while i < n, text[i] &- 0x30 < 10 { i += 1 }
        guard i == n, text[n - 1] != 0x30 else { return false }  // only digits, no trailing zero
        if intIsZero {
            var zeros = 0
            while text[fracStart + zeros] == 0x30 { zeros += 1 }
            guard zeros < 6 else { return false }  // 0.000000x is written with an exponent
            significant = n - fracStart - zeros
        } else {
            significant = intDigits + (n - fracStart)  // every integer digit counts once a fraction follows
        }
        return significant <= 15
    }
}
