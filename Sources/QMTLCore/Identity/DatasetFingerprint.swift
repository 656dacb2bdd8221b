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
        var builder = Builder(symbol: symbol, interval: interval)
        for bar in bars { try builder.append(bar) }
        self = builder.finalize()
    }

    /// Parses `lake:blake3:<hex>`.
    /// - Throws: ``QMTLError`` `E_BAD_FINGERPRINT`.
    public init(parsing text: some StringProtocol) throws {
        guard text.hasPrefix("lake:") else {
            throw QMTLError(.badFingerprint, "invalid dataset fingerprint \"\(text)\": expected lake:blake3:<hex>")
        }
        do {
            hash = try Hash256(parsing: text.dropFirst(5))
        } catch let error as QMTLError {
            throw QMTLError(.badFingerprint, "invalid dataset fingerprint: \(error.message)")
        }
    }

    public var description: String { "lake:" + hash.description }
}
