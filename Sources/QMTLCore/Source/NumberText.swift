/// Turns the text of a number literal into a double with full precision (correctly rounded),
/// enforcing the JSON rules of R-ID-2: finite, and integer literals within ±2^53.
enum NumberText {
    static func value(
        of text: String, isInteger: Bool, error: (_ code: QMTLError.Code, _ message: String) -> QMTLError
    ) throws -> Double {
        guard let x = Double(text), x.isFinite else {
            throw error(.jsonNonFinite, "number \(text) is out of the range of a double")
        }
        if isInteger && x.magnitude >= Double(JCS.maxSafeInteger) && exceedsSafeInteger(text) {
            throw error(.jsonIntegerRange, "integer \(text) is beyond ±2^53 and cannot be represented exactly")
        }
        return x
    }

    /// Compares the digits of an integer literal with 2^53 = 9007199254740992 exactly (the
    /// double conversion has already rounded 2^53 + 1 down to 2^53).
    static func exceedsSafeInteger(_ text: String) -> Bool {
        let digits = text.utf8.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }.drop { $0 == UInt8(ascii: "0") }
        let limit = "9007199254740992".utf8
        if digits.count != limit.count { return digits.count > limit.count }
        return digits.lexicographicallyPrecedes(limit) == false && !digits.elementsEqual(limit)
    }
}
