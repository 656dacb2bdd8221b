extension DatasetFingerprint {
    /// Streams bars into a fingerprint (R-ID-8) without holding its text: a ``LineWriter`` writes
    /// the lines into 64 KiB blocks and a ``Hasher`` hashes each block as it fills.
    ///
    /// A number read from text whose text already is its JCS form is copied as it is; any other
    /// is formatted. Both give the bytes ``DatasetFingerprint/init(symbol:interval:bars:)`` hashes.
    public struct Builder: Sendable {
        private var writer = LineWriter()
        private var hasher: Hasher

        /// Starts the fingerprint of `symbol`'s bars at `interval` seconds.
        public init(symbol: String, interval: Int) {
            hasher = Hasher(symbol: symbol, interval: interval)
        }

        /// Appends one bar.
        /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if the bar holds a non-finite number.
        public mutating func append(_ bar: Bar) throws {
            try writer.append(bar)
            if writer.isFull { hasher.update(writer.takeBlock()) }
        }

        /// Appends one bar read from text (see ``LineWriter/append(ts:_:_:_:_:_:)``).
        public mutating func append(
            ts: Int64, _ open: TextField, _ high: TextField, _ low: TextField, _ close: TextField, _ volume: TextField
        ) throws {
            try writer.append(ts: ts, open, high, low, close, volume)
            if writer.isFull { hasher.update(writer.takeBlock()) }
        }

        /// The fingerprint of everything appended.
        public consuming func finalize() -> DatasetFingerprint {
            hasher.update(writer.takeBlock())
            return hasher.finalize()
        }
    }

    /// A number read from text: its value, the bytes it was written as, and whether those bytes
    /// are its JCS form exactly (as ``ECMAScriptNumber/isCanonical(_:)`` decides; the bar loader
    /// learns it while parsing). Canonical texts are copied, others formatted.
    public typealias TextField = (value: Double, text: UnsafeRawBufferPointer, canonical: Bool)

    /// The hashing half of a fingerprint: the header, then the lines' bytes in order. Apart from
    /// ``LineWriter`` so that a loader can hash one block while it writes the next.
    public struct Hasher: Sendable {
        private var blake3 = BLAKE3()

        /// Starts with the header `qmtl.dataset/v1\nsymbol=…\ninterval=…\n`.
        public init(symbol: String, interval: Int) {
            blake3.update("qmtl.dataset/v1\nsymbol=\(symbol)\ninterval=\(interval)\n")
        }

        /// Hashes the next block of lines.
        public mutating func update(_ block: [UInt8]) {
            blake3.update(block)
        }

        /// The fingerprint.
        public consuming func finalize() -> DatasetFingerprint {
            DatasetFingerprint(hash: blake3.finalize())
        }
    }

    /// The text half of a fingerprint: `<epoch>,<open>,<high>,<low>,<close>,<volume>\n` per bar,
    /// numbers in JCS form, written into a block of about 64 KiB.
    public struct LineWriter: Sendable {
        private var buffer = [UInt8](repeating: 0, count: 65_536)
        private var used = 0
        /// Room kept for one more line: a timestamp and five numbers of at most 26 bytes each.
        private static let fullAt = 65_536 - 256

        /// An empty block.
        public init() {}

        /// Whether the block should be taken before the next line.
        public var isFull: Bool { used >= Self.fullAt }

        /// The lines written since the last call, and an empty block.
        public mutating func takeBlock() -> [UInt8] {
            defer { used = 0 }
            return Array(buffer[..<used])
        }

        /// Appends the line of one bar.
        /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if the bar holds a non-finite number.
        public mutating func append(_ bar: Bar) throws {
            let none = UnsafeRawBufferPointer(start: nil, count: 0)
            try append(
                ts: bar.ts, (bar.open, none, false), (bar.high, none, false), (bar.low, none, false), (bar.close, none, false),
                (bar.volume, none, false))
        }

        /// Appends the line of one bar read from text.
        /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if a value is not finite.
        public mutating func append(
            ts: Int64, _ open: TextField, _ high: TextField, _ low: TextField, _ close: TextField, _ volume: TextField
        ) throws {
            precondition(!isFull, "take the block first")
            let start = used
            used = try buffer.withUnsafeMutableBufferPointer { whole in
                var sink = FixedByteBuffer(UnsafeMutableBufferPointer(rebasing: whole[start...]))
                ECMAScriptNumber.appendInteger(ts, to: &sink)
                try Self.field(open, &sink)
                try Self.field(high, &sink)
                try Self.field(low, &sink)
                try Self.field(close, &sink)
                try Self.field(volume, &sink)
                sink.append(0x0A)
                assert(!sink.overflowed, "a line is at most 151 bytes")
                return start + sink.count
            }
        }

        @inline(__always)
        private static func field(_ f: TextField, _ sink: inout FixedByteBuffer) throws {
            sink.append(UInt8(ascii: ","))
            if f.canonical {
                assert(ECMAScriptNumber.isCanonical(f.text), "the caller said canonical")
                sink.append(bytes: f.text)
            } else {
                try ECMAScriptNumber.write(f.value, to: &sink)
            }
        }
    }
}
