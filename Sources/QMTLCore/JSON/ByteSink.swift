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
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes)
    }
}
