import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

/// ``ECMAScriptNumber/isCanonical(_:)`` lets the bar loader copy a number's text into the
/// dataset fingerprint instead of formatting it. It may say "no" to a canonical text (the
/// loader then formats it) but must never say "yes" to a text that is not the ECMAScript form.
@Suite("Canonical number text")
struct CanonicalNumberTextTests {
    static func canonical(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { ECMAScriptNumber.isCanonical(UnsafeRawBufferPointer($0)) }
    }

    /// Over the 120k ECMAScript cases: every text accepted formats back to itself, and every
    /// plain decimal of at most 15 significant digits is accepted.
    @Test func neverAcceptsANonCanonicalTextAndAcceptsShortDecimals() throws {
        let text = String(decoding: try TestData.sharedFile("jcs/es6_numbers_120k.txt"), as: UTF8.self)
        var accepted = 0
        for line in text.split(separator: "\n") {
            let expected = String(line[line.index(after: line.firstIndex(of: ",")!)...])
            let value = Double(expected)!
            let plain = !expected.contains("e")
            let digits = expected.filter(\.isNumber).drop { $0 == "0" }
            let significant = expected.contains(".") ? digits.count : digits.reversed().drop { $0 == "0" }.count
            #expect(Self.canonical(expected) == (plain && significant <= 15), "\(expected)")
            if Self.canonical(expected) {
                accepted += 1
                #expect(try ECMAScriptNumber.format(value) == expected)
            }
            // Written another way, the same value is never taken as canonical.
            for variant in [
                expected + "0", "0" + expected, "+" + expected, expected + "e0", expected.contains(".") ? expected + "0" : expected + ".0",
            ] {
                // Some variants are other numbers in canonical form ("100" + "0"); then they must format back.
                guard Self.canonical(variant) else { continue }
                #expect(try ECMAScriptNumber.format(Double(variant)!) == variant, "\(variant)")
            }
        }
        #expect(accepted > 10_000, "the fast path must cover the common cases (\(accepted))")
    }

    @Test(arguments: [
        ("0", true), ("1", true), ("-1", true), ("1500", true), ("99.9269", true), ("0.5", true), ("-0.5", true), ("0.000001", true),
        ("123456789012345", true), ("100000000000000000000", true), ("0.1", true),
        ("-0", false), ("00", false), ("01", false), ("1.0", false), ("1.", false), (".5", false), ("+1", false), ("1e2", false),
        ("1E2", false), ("0.0000001", false), ("1234567890123456", false), ("1000000000000000000000", false), ("", false), ("-", false),
        ("1.5 ", false), ("0x10", false), ("NaN", false), ("Infinity", false), ("0.30000000000000004", false),
    ])
    func examples(_ text: String, _ expected: Bool) throws {
        #expect(Self.canonical(text) == expected)
        if expected { #expect(try ECMAScriptNumber.format(Double(text)!) == text) }
    }
}
