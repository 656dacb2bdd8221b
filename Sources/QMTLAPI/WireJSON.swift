import Foundation

/// The JSON coders of the HTTP API, the same on both ends: keys sorted (the same state is the
/// same bytes) and non-finite numbers as the strings `NaN`, `Infinity` and `-Infinity`, so a
/// value the service refuses (a NaN price, an infinite metric) reaches it and is refused with
/// the same code as in process, instead of failing to encode.
public enum WireJSON {
    /// An encoder for request and response bodies.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return e
    }

    /// A decoder for request and response bodies.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}
