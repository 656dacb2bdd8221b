/// A 32-byte BLAKE3 digest, written `blake3:<64 lowercase hex>` (R-ID-1).
///
/// Stores keep the 32 raw bytes (``bytes``); files and the API use ``description``.
public struct Hash256: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 32 bytes, in output order.
    var storage: (UInt64, UInt64, UInt64, UInt64)

    /// 32 zero bytes.
    public static var zero: Hash256 { Hash256(storage: (0, 0, 0, 0)) }

    init(storage: (UInt64, UInt64, UInt64, UInt64)) {
        self.storage = storage
    }

    /// Wraps 32 raw bytes.
    /// - Throws: ``QMTLError`` `E_HASH_LENGTH` unless there are exactly 32 bytes.
    public init(bytes: some Collection<UInt8>) throws {
        guard bytes.count == 32 else {
            throw QMTLError(.hashLength, "a BLAKE3-256 hash is 32 bytes, got \(bytes.count)")
        }
        var value = Hash256.zero
        withUnsafeMutableBytes(of: &value.storage) { dst in
            for (i, b) in bytes.enumerated() { dst[i] = b }
        }
        self = value
    }

    /// Parses `blake3:<64 lowercase hex>`; with `requirePrefix: false` the bare hex is accepted too.
    /// - Throws: ``QMTLError`` `E_BAD_HASH` naming what is wrong with the text.
    public init(parsing text: some StringProtocol, requirePrefix: Bool = true) throws {
        var hex = Substring(text)
        if hex.hasPrefix("blake3:") {
            hex = hex.dropFirst(7)
        } else if requirePrefix {
            throw QMTLError(.badHash, "expected blake3:<64 lowercase hex>, got \(Self.quoted(text))")
        }
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else {
            throw QMTLError(.badHash, "expected 64 lowercase hex digits after blake3:, got \(utf8.count) characters")
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = Self.nibble(utf8[2 * i]), let lo = Self.nibble(utf8[2 * i + 1]) else {
                throw QMTLError(.badHash, "expected lowercase hex digits in \(Self.quoted(text))")
            }
            bytes[i] = hi << 4 | lo
        }
        try self.init(bytes: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func quoted(_ text: some StringProtocol) -> String {
        text.count > 80 ? "\"\(text.prefix(80))…\"" : "\"\(text)\""
    }

    /// The 32 raw bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes(of: storage) { Array($0) }
    }

    /// 64 lowercase hex digits, no prefix.
    public var hex: String {
        withUnsafeBytes(of: storage) { Hex.encode($0) }
    }

    /// `blake3:<hex>`.
    public var description: String { "blake3:" + hex }

    public static func == (a: Hash256, b: Hash256) -> Bool {
        a.storage == b.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }

    /// Byte order (the order of the raw bytes, and so of the hex text).
    public static func < (a: Hash256, b: Hash256) -> Bool {
        let x = (a.storage.0.bigEndian, a.storage.1.bigEndian, a.storage.2.bigEndian, a.storage.3.bigEndian)
        let y = (b.storage.0.bigEndian, b.storage.1.bigEndian, b.storage.2.bigEndian, b.storage.3.bigEndian)
        return x < y
    }
}

/// Lowercase hex encoding.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = digits[Int(b >> 4)]
                out[2 * i + 1] = digits[Int(b & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    /// Lowercase hex of a byte array.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }
}
