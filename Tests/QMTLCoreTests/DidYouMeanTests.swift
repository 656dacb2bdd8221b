import Testing

@testable import QMTLCore

@Suite("Did you mean")
struct DidYouMeanTests {
    @Test func closestByEditsThenByBeginning() {
        #expect(DidYouMean.suggestion(for: "slwo", in: ["slow", "fast"]) == "slow", "a transposition is one edit")
        #expect(DidYouMean.suggestion(for: "wrld", in: ["world", "data"]) == "world")
        #expect(DidYouMean.suggestion(for: "eq", in: ["equities", "eq-daily", "crypto"]) == "eq-daily", "the shortest name it begins")
        #expect(DidYouMean.suggestion(for: "EQ", in: ["equities"]) == "equities", "case does not matter")
        #expect(DidYouMean.suggestion(for: "e", in: ["equities"]) == nil, "one character says too little")
        #expect(DidYouMean.suggestion(for: "zzz", in: ["world", "data"]) == nil)
        #expect(DidYouMean.suffix("wrld", ["world"]) == " (did you mean \"world\"?)" && DidYouMean.suffix("zzz", ["world"]).isEmpty)
    }
}
