/// A strict RFC 8259 JSON parser that keeps positions and full double precision.
///
/// Rejects: trailing commas, comments, leading zeros, lone surrogates, raw control characters
/// in strings, invalid UTF-8, repeated keys (RFC 8785 needs I-JSON), integer literals beyond
/// ±2^53, numbers that overflow to infinity, and nesting deeper than 512.
public struct JSONParser {
    let bytes: [UInt8]
    let fileName: String
    var i = 0
    var depth = 0
    /// Offsets where each line starts, for turning offsets into line:column.
    let lineStarts: [Int]
    /// The last position handed out: parsing moves forward, so the next one is counted from
    /// here, not from the start of its line (a one-line document would otherwise cost O(n²)).
    var cached = (line: 0, offset: 0, column: 1)

    static let maxDepth = 512

    init(_ bytes: [UInt8], fileName: String) {
        self.bytes = bytes
        self.fileName = fileName
        var starts = [0]
        for (k, b) in bytes.enumerated() where b == 0x0A { starts.append(k + 1) }
        lineStarts = starts
    }

    /// Parses a whole document.
    /// - Throws: ``QMTLError`` `E_PARSE` (or `E_JSON_INTEGER_RANGE`, `E_JSON_DUPLICATE_KEY`) with
    ///   `file:line:column`.
    public static func parse(_ bytes: [UInt8], fileName: String = "<input>") throws -> SourceNode {
        var p = JSONParser(bytes, fileName: fileName)
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }  // tolerate a UTF-8 BOM
        p.skipWhitespace()
        let node = try p.parseValue()
        p.skipWhitespace()
        guard p.i == p.bytes.count else { throw p.fail("unexpected text after the JSON value") }
        return node
    }

    /// Parses a document into a plain ``JSONValue``.
    public static func parseValue(_ bytes: [UInt8], fileName: String = "<input>") throws -> JSONValue {
        try parse(bytes, fileName: fileName).json
    }

    func position(of offset: Int) -> SourcePosition {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let column = bytes[start..<min(offset, bytes.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
        return SourcePosition(line: lo + 1, column: column)
    }

    /// ``position(of:)`` for offsets met in order while parsing, in time linear in the document.
    mutating func trackedPosition(of offset: Int) -> SourcePosition {
        let line = cached.line
        let lineEnd = line + 1 < lineStarts.count ? lineStarts[line + 1] : Int.max
        guard offset >= cached.offset, offset < lineEnd else {
            let p = position(of: offset)
            cached = (p.line - 1, offset, p.column)
            return p
        }
        var column = cached.column
        for b in bytes[cached.offset..<min(offset, bytes.count)] where b & 0xC0 != 0x80 { column += 1 }
        cached = (line, offset, column)
        return SourcePosition(line: line + 1, column: column)
    }

    func fail(_ message: String, at offset: Int? = nil, code: QMTLError.Code = .parse) -> QMTLError {
        SourceParser.error(code, message, fileName: fileName, at: position(of: offset ?? i))
    }

    mutating func skipWhitespace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func parseValue() throws -> SourceNode {
        guard i < bytes.count else { throw fail("unexpected end of input, expected a value") }
        let start = i
        let at = trackedPosition(of: start)
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return SourceNode(.string(try parseString()), at: at)
        case UInt8(ascii: "t"): try expectLiteral("true"); return SourceNode(.bool(true), at: at)
        case UInt8(ascii: "f"): try expectLiteral("false"); return SourceNode(.bool(false), at: at)
        case UInt8(ascii: "n"): try expectLiteral("null"); return SourceNode(.null, at: at)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return SourceNode(.number(try parseNumber()), at: at)
        default: throw fail("unexpected character \(describe(bytes[i])), expected a value")
        }
    }

    func describe(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x" + Hex.encode([b])
    }

    mutating func expectLiteral(_ word: String) throws {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, Array(bytes[i..<i + w.count]) == w else {
            throw fail("invalid literal, expected \(word)")
        }
        i += w.count
    }

    mutating func enter() throws {
        depth += 1
        if depth > Self.maxDepth { throw fail("nesting deeper than \(Self.maxDepth) levels") }
    }

    mutating func parseObject() throws -> SourceNode {
        let at = trackedPosition(of: i)
        try enter()
        i += 1
        var members: [SourceNode.Member] = []
        var seen = Set<[UInt8]>()
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
            i += 1
            depth -= 1
            return SourceNode(.object(members), at: at)
        }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = i
            let keyPosition = trackedPosition(of: keyOffset)  // before the value: positions are taken in order
            let key = try parseString()
            guard seen.insert(Array(key.utf8)).inserted else {
                throw fail("duplicate key \"\(key)\"", at: keyOffset, code: .jsonDuplicateKey)
            }
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            i += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(SourceNode.Member(key: key, keyPosition: keyPosition, value: value))
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
        depth -= 1
        return SourceNode(.object(members), at: at)
    }

    mutating func parseArray() throws -> SourceNode {
        let at = trackedPosition(of: i)
        try enter()
        i += 1
        var elements: [SourceNode] = []
        skipWhitespace()
        if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
            i += 1
            depth -= 1
            return SourceNode(.array(elements), at: at)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard i < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "]") { i += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
        depth -= 1
        return SourceNode(.array(elements), at: at)
    }

    mutating func parseNumber() throws -> Double {
        let start = i
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        func digits(_ p: inout JSONParser) -> Int {
            let s = p.i
            while p.i < p.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(p.bytes[p.i]) { p.i += 1 }
            return p.i - s
        }
        let intStart = i
        let intDigits = digits(&self)
        guard intDigits > 0 else { throw fail("invalid number: expected a digit") }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") { throw fail("invalid number: leading zero", at: intStart) }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard digits(&self) > 0 else { throw fail("invalid number: expected a digit after '.'") }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number: expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        return try NumberText.value(of: text, isInteger: isInteger) { self.fail($1, at: start, code: $0) }
    }

    mutating func parseString() throws -> String {
        let start = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\""):
                i += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw fail("invalid UTF-8 in a string", at: start) }
                return s
            case UInt8(ascii: "\\"):
                i += 1
                guard i < bytes.count else { throw fail("unterminated escape") }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): out.append(contentsOf: try parseUnicodeEscape())
                default: throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))'", at: i - 2)
                }
            case 0x00..<0x20:
                throw fail("raw control character in a string (write it as an escape)")
            default:
                out.append(b)
                i += 1
            }
        }
    }

    mutating func hex4() throws -> UInt32 {
        guard bytes.count - i >= 4 else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func parseUnicodeEscape() throws -> [UInt8] {
        let escapeStart = i - 2
        var v = try hex4()
        if (0xD800...0xDBFF).contains(v) {
            guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                throw fail("lone surrogate in \\u escape", at: escapeStart)
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("lone surrogate in \\u escape", at: escapeStart) }
            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(v) {
            throw fail("lone surrogate in \\u escape", at: escapeStart)
        }
        return Array(String(Character(Unicode.Scalar(v)!)).utf8)
    }
}
