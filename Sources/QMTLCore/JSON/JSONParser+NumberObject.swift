extension JSONParser {
    /// A flat object of numbers, `{"name":1.5,...}`, as written by the stores (metrics), read
    /// without building a document: keys must be plain (no escapes), values numbers. Anything
    /// else returns nil, and the caller parses the text in full.
    public static func numberObject(_ text: String) -> [String: Double]? {
        var utf8 = text.utf8[...]
        func skipSpace() { while let c = utf8.first, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { utf8.removeFirst() } }
        func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard utf8.first == byte else { return false }
            utf8.removeFirst()
            return true
        }
        guard take(UInt8(ascii: "{")) else { return nil }
        var out: [String: Double] = [:]
        if take(UInt8(ascii: "}")) { return skipAndEnd() ? out : nil }
        repeat {
            guard take(UInt8(ascii: "\"")) else { return nil }
            guard let close = utf8.firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            let key = utf8[utf8.startIndex..<close]
            guard !key.contains(UInt8(ascii: "\\")), let name = String(key) else { return nil }
            utf8 = utf8[utf8.index(after: close)...]
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let end =
                utf8.firstIndex { !(($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E || $0 == 0x65 || $0 == 0x45) }
                ?? utf8.endIndex
            guard end > utf8.startIndex, utf8.first != UInt8(ascii: "+"), let number = Double(String(utf8[utf8.startIndex..<end])!),
                number.isFinite, out.updateValue(number, forKey: name) == nil
            else { return nil }
            utf8 = utf8[end...]
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")) else { return nil }
        return skipAndEnd() ? out : nil

        func skipAndEnd() -> Bool {
            skipSpace()
            return utf8.isEmpty
        }
    }
}
