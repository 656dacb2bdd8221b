/// RFC 8785 JSON Canonicalization Scheme (R-ID-2): UTF-8, object keys sorted by UTF-16 code
/// units, no whitespace, ECMAScript number formatting, minimal string escaping.
///
/// Non-finite numbers are an error (never `null`).
public enum JCS {
    /// 2^53: the largest magnitude up to which every integer is an exact double.
    public static let maxSafeInteger: UInt = 1 << 53

    /// The canonical UTF-8 bytes of `value`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for NaN or an infinity.
    public static func bytes(_ value: JSONValue) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try encode(value, into: &out)
        return out
    }

    /// The canonical text of `value`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for NaN or an infinity.
    public static func string(_ value: JSONValue) throws -> String {
        String(decoding: try bytes(value), as: UTF8.self)
    }

    /// Appends the canonical form of `value` to `out`.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` for NaN or an infinity.
    public static func encode(_ value: JSONValue, into out: inout [UInt8]) throws {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(true): out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .number(let x): try ECMAScriptNumber.append(x, to: &out)
        case .string(let s): appendString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try encode(e, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for i in 0..<object.count {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(object.keys[i], to: &out)
                out.append(UInt8(ascii: ":"))
                try encode(object.values[i], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a JSON string literal with RFC 8785 escaping: `\"`, `\\`, `\b \f \n \r \t`,
    /// other controls as `\u00xx`; everything else as its UTF-8 bytes.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(b >> 4)], hexDigits[Int(b & 0xF)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `true` when `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
    @inlinable
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        // UTF-8 byte order equals code point order, which equals UTF-16 order except between a
        // supplementary-plane scalar (surrogate pair, D800–DFFF) and U+E000…U+FFFF.
        var ia = a.unicodeScalars.makeIterator()
        var ib = b.unicodeScalars.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?):
                if x != y { return utf16Rank(x.value) < utf16Rank(y.value) }
            }
        }
    }

    @inlinable
    static func utf16Rank(_ v: UInt32) -> UInt32 {
        (0xE000...0xFFFF).contains(v) ? v + 0x20_0000 : v
    }

    /// Code-unit equality of two keys (no Unicode normalisation, unlike `String.==`).
    @inlinable
    public static func keysEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
    }
}
