/// Where canonical text is written: a growing `[UInt8]`, or a ``FixedByteBuffer`` that
/// checks one bound per write instead of a uniqueness and capacity check.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeRawBufferPointer)
}

extension ByteSink {
    /// Appends the bytes of a static string (no reference counting, unlike a `[UInt8]` constant).
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends the UTF-8 bytes of a string as they are (no quoting or escaping).
    @inline(__always)
    mutating func append(utf8 text: String) {
        var text = text
        text.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Appends the bytes of an array.
    @inline(__always)
    mutating func append(bytes array: [UInt8]) {
        array.withUnsafeBytes { append(bytes: $0) }
    }
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes)
    }
}

/// Bytes written into memory the caller owns (e.g. a stack buffer). A write that does not fit
/// is dropped and sets ``overflowed``; the caller then takes a path without the bound.
struct FixedByteBuffer: ByteSink {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    /// Bytes written so far.
    private(set) var count = 0
    /// Whether a write did not fit (the contents are then incomplete).
    private(set) var overflowed = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress!
        capacity = buffer.count
    }

    /// The bytes written.
    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        guard count < capacity else {
            overflowed = true
            return
        }
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= capacity &- count else {
            overflowed = true
            return
        }
        if let source = bytes.baseAddress {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count &+= bytes.count
    }
}
