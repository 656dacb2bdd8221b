import Foundation
import QMTLCore

extension Backtester {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        // Warm-up slots hold NaN; JSON has no NaN, so non-finite numbers are written as strings.
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()

    /// The whole engine state (plan, kernels, ring, portfolio, curve) as bytes: a paper run
    /// persists it and resumes from it with no duplicate fills (R-CAMP-5). Doubles are written
    /// in their shortest round-trip form, so a resumed run is bit-identical.
    public func checkpoint() throws -> Data {
        try Self.encoder.encode(self)
    }

    /// Restores a checkpoint.
    /// - Throws: `QMTLError` `E_CHECKPOINT` when the bytes are not a checkpoint.
    public init(checkpoint: Data) throws {
        do {
            self = try Self.decoder.decode(Backtester.self, from: checkpoint)
        } catch {
            throw QMTLError(.checkpoint, "not a backtest checkpoint: \(error)")
        }
    }
}
