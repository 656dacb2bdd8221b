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
        case .null: out.append("null" as StaticString)
        case .bool(true): out.append("true" as StaticString)
        case .bool(false): out.append("false" as StaticString)
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
        writeString(s, to: &out)
    }

    /// ``appendString(_:to:)`` into any sink.
    static func writeString(_ s: String, to out: inout some ByteSink) {
        out.append(UInt8(ascii: "\""))
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            // Fast path: nothing to escape, copy the bytes at once.
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return false }
            out.append(bytes: UnsafeRawBufferPointer(bytes))
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case 0x22: out.append("\\\"" as StaticString)
            case 0x5C: out.append("\\\\" as StaticString)
            case 0x08: out.append("\\b" as StaticString)
            case 0x0C: out.append("\\f" as StaticString)
            case 0x0A: out.append("\\n" as StaticString)
            case 0x0D: out.append("\\r" as StaticString)
            case 0x09: out.append("\\t" as StaticString)
            case 0x00..<0x20:
                out.append("\\u00" as StaticString)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `true` when `a` sorts before `b` by UTF-16 code units (RFC 8785 §3.2.3).
    ///
    /// Compares UTF-8 bytes: UTF-8 byte order is code point order, which is UTF-16 order
    /// except between a supplementary-plane scalar (lead byte F0…F4, a surrogate pair in
    /// UTF-16) and U+E000…U+FFFF (lead byte EE or EF), where UTF-16 puts the former first.
    /// At the first differing byte all earlier bytes are equal, so both sit at the same place
    /// of a scalar and that one case is decided by the two lead bytes.
    @inlinable
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        if let r = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in bytesPrecede(x, y) }
        }), let result = r {
            return result
        }
        return bytesPrecede(Array(a.utf8), Array(b.utf8))
    }

    @inlinable
    static func bytesPrecede(_ x: some RandomAccessCollection<UInt8>, _ y: some RandomAccessCollection<UInt8>) -> Bool {
        var i = x.startIndex
        var j = y.startIndex
        while i != x.endIndex && j != y.endIndex {
            let p = x[i]
            let q = y[j]
            if p != q {
                if p >= 0xEE && q >= 0xEE && (p >= 0xF0) != (q >= 0xF0) { return p >= 0xF0 }
                return p < q
            }
            i = x.index(after: i)
            j = y.index(after: j)
        }
        return i == x.endIndex && j != y.endIndex
    }

    /// Code-unit equality of two keys (no Unicode normalisation, unlike `String.==`).
    @inlinable
    public static func keysEqual(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        if let r = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in x.count == y.count && memcmpEqual(x, y) }
        }), let result = r {
            return result
        }
        return a.utf8.elementsEqual(b.utf8)
    }

    @inlinable
    static func memcmpEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let xb = x.baseAddress, let yb = y.baseAddress else { return x.count == y.count }
        return UnsafeRawBufferPointer(start: xb, count: x.count).elementsEqual(UnsafeRawBufferPointer(start: yb, count: y.count))
    }
}
