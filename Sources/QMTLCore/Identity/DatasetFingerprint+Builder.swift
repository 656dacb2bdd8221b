extension DatasetFingerprint {
    /// Streams bars into a fingerprint (R-ID-8) without holding its text: lines are written
    /// into a 64 KiB buffer that is hashed whenever it fills.
    ///
    /// A number whose source text is already in JCS form is copied as it is; any other is
    /// formatted. Both give the bytes ``DatasetFingerprint/init(symbol:interval:bars:)`` hashes.
    public struct Builder: Sendable {
        private var hasher = BLAKE3()
        private var buffer: [UInt8] = []
        private static let flushAt = 65_536 - 256

        /// Starts the fingerprint of `symbol`'s bars at `interval` seconds.
        public init(symbol: String, interval: Int) {
            hasher.update("qmtl.dataset/v1\nsymbol=\(symbol)\ninterval=\(interval)\n")
            buffer.reserveCapacity(65_536)
        }

        /// Appends one bar.
        /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if the bar holds a non-finite number.
        public mutating func append(_ bar: Bar) throws {
            ECMAScriptNumber.appendInteger(bar.ts, to: &buffer)
            try field(bar.open)
            try field(bar.high)
            try field(bar.low)
            try field(bar.close)
            try field(bar.volume)
            endLine()
        }

        /// The five values of a bar read from text, each with the bytes it was written as.
        public typealias TextFields = (
            open: (Double, UnsafeRawBufferPointer), high: (Double, UnsafeRawBufferPointer), low: (Double, UnsafeRawBufferPointer),
            close: (Double, UnsafeRawBufferPointer), volume: (Double, UnsafeRawBufferPointer)
        )

        /// Appends one bar read from text. A value's bytes are reused when they already are its
        /// JCS form (``ECMAScriptNumber/isCanonical(_:)``); otherwise the value is formatted.
        /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if a value is not finite.
        public mutating func append(ts: Int64, _ fields: TextFields) throws {
            ECMAScriptNumber.appendInteger(ts, to: &buffer)
            try field(fields.open.0, text: fields.open.1)
            try field(fields.high.0, text: fields.high.1)
            try field(fields.low.0, text: fields.low.1)
            try field(fields.close.0, text: fields.close.1)
            try field(fields.volume.0, text: fields.volume.1)
            endLine()
        }

        private mutating func field(_ x: Double, text: UnsafeRawBufferPointer? = nil) throws {
            buffer.append(UInt8(ascii: ","))
            if let text, x.isFinite, ECMAScriptNumber.isCanonical(text) {
                buffer.append(contentsOf: text)
            } else {
                try ECMAScriptNumber.write(x, to: &buffer)
            }
        }

        private mutating func endLine() {
            buffer.append(0x0A)
            if buffer.count >= Self.flushAt {
                hasher.update(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }

        /// The fingerprint of everything appended.
        public consuming func finalize() -> DatasetFingerprint {
            hasher.update(buffer)
            return DatasetFingerprint(hash: hasher.finalize())
        }
    }
}
