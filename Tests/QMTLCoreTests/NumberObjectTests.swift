import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

/// The stores' fast path for metrics: equal to the full parser on every flat object of numbers,
/// nil (so the full parser runs) on anything else.
@Suite("Flat number objects")
struct NumberObjectTests {
    @Test func agreesWithTheFullParserOnRandomMetrics() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<2000 {
            var o = JSONObject()
            for i in 0..<Int(random.next() % 25) {
                let magnitude = pow(10, Double(Int(random.next() % 32)) - 20)  // 1e-20 … 1e11: integers stay below 2^53
                let x = (Double(random.next() % 2_000_001) / 1_000_000 - 1) * magnitude
                o["m\(i)_\(random.next() % 1000)"] = .number(x)
            }
            let text = try JCS.string(.object(o))
            let full = try JSONParser.parseValue(Array(text.utf8), fileName: "m").objectValue
            let fast = try #require(JSONParser.numberObject(text), "\(text)")
            #expect(fast.count == full?.count)
            for (k, v) in zip(full?.keys ?? [], full?.values ?? []) { #expect(fast[k] == v.numberValue, "\(k) in \(text)") }
        }
    }

    @Test func spacesAsPostgreSQLWritesThemAreFine() {
        #expect(JSONParser.numberObject(#"{"sharpe": 1.5, "num_trades": 36}"#) == ["sharpe": 1.5, "num_trades": 36])
        #expect(JSONParser.numberObject(" { } ") == [:])
    }

    @Test(arguments: [
        #"{"a":"x"}"#, #"{"a":{"b":1}}"#, #"{"a":[1]}"#, #"{"a\"b":1}"#, #"{"a":1,"a":2}"#, #"{"a":1}x"#, #"{"a":1,}"#, #"{"a":}"#,
        #"{"a":+1}"#, #"{"a":null}"#, #"{"a":true}"#, "[1]", "", #"{"a":1"#, #"{"a" 1}"#, #"{"a":1e999}"#,
    ])
    func anythingElseFallsBack(_ text: String) {
        #expect(JSONParser.numberObject(text) == nil)
    }
}
