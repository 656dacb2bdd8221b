/// The content address of a bar dataset (R-ID-8): `lake:blake3:<hex>` of the text
/// `qmtl.dataset/v1\n symbol=<s>\n interval=<seconds>\n` followed by one line
/// `<epoch seconds>,<open>,<high>,<low>,<close>,<volume>\n` per bar, numbers in JCS form.
///
/// The same bars give the same fingerprint however the CSV was formatted.
public struct DatasetFingerprint: Hashable, Sendable, CustomStringConvertible {
    public let hash: Hash256

    public init(hash: Hash256) {
        self.hash = hash
    }

    /// Fingerprints `bars` of `symbol` at `interval` seconds.
    /// - Throws: ``QMTLError`` `E_JSON_NON_FINITE` if a bar holds a non-finite number.
    public init(symbol: String, interval: Int, bars: some Sequence<Bar>) throws {
        var hasher = BLAKE3()
        hasher.update("qmtl.dataset/v1\nsymbol=\(symbol)\ninterval=\(interval)\n")
        var line: [UInt8] = []
        line.reserveCapacity(96)
        for bar in bars {
            line.removeAll(keepingCapacity: true)
            ECMAScriptNumber.appendInteger(bar.ts, to: &line)
            // Five calls, not a loop over an array literal: no allocation per bar.
            for x in CollectionOfFive(bar.open, bar.high, bar.low, bar.close, bar.volume) {
                line.append(UInt8(ascii: ","))
                try ECMAScriptNumber.append(x, to: &line)
            }
            line.append(0x0A)
            hasher.update(line)
        }
        hash = hasher.finalize()
    }

    /// Parses `lake:blake3:<hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_FINGERPRINT`.
    public init(parsing text: some StringProtocol) throws {
        guard text.hasPrefix("lake:") else {
            throw QMTLError("E_BAD_FINGERPRINT", "invalid dataset fingerprint \"\(text)\": expected lake:blake3:<hex>")
        }
        do {
            hash = try Hash256(parsing: text.dropFirst(5))
        } catch let error as QMTLError {
            throw QMTLError("E_BAD_FINGERPRINT", "invalid dataset fingerprint: \(error.message)")
        }
    }

    public var description: String { "lake:" + hash.description }
}

/// Five values iterated without allocating.
private struct CollectionOfFive: Sequence, IteratorProtocol {
    private var values: (Double, Double, Double, Double, Double)
    private var index = 0

    init(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ e: Double) {
        values = (a, b, c, d, e)
    }

    mutating func next() -> Double? {
        defer { index += 1 }
        switch index {
        case 0: return values.0
        case 1: return values.1
        case 2: return values.2
        case 3: return values.3
        case 4: return values.4
        default: return nil
        }
    }
}
