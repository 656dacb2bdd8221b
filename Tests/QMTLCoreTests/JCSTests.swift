import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

@Suite("RFC 8785 canonical JSON")
struct JCSTests {
    static let vectorNames: [String] = {
        let dir = TestData.shared.appendingPathComponent("jcs/input")
        return try! FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
    }()

    @Test func allVectorFilesAreFound() {
        #expect(Self.vectorNames == ["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"])
    }

    @Test(arguments: vectorNames)
    func vectorFile(_ name: String) throws {
        let input = try TestData.sharedFile("jcs/input/\(name)")
        let expected = try TestData.sharedFile("jcs/output/\(name)")
        let value = try JSONParser.parseValue(Array(input), fileName: name)
        #expect(try JCS.bytes(value) == Array(expected))
    }

    /// Every line of `es6_numbers_120k.txt` (`ieee754-hex,expected`), no sampling.
    @Test func ecmascriptNumbers120k() throws {
        let text = String(decoding: try TestData.sharedFile("jcs/es6_numbers_120k.txt"), as: UTF8.self)
        var checked = 0
        var failures: [String] = []
        var out: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let comma = line.firstIndex(of: ",")!
            let bits = UInt64(line[..<comma], radix: 16)!
            let expected = line[line.index(after: comma)...]
            out.removeAll(keepingCapacity: true)
            try ECMAScriptNumber.append(Double(bitPattern: bits), to: &out)
            if !out.elementsEqual(expected.utf8) && failures.count < 10 {
                failures.append("\(line) → \(String(decoding: out, as: UTF8.self))")
            }
            checked += 1
        }
        #expect(checked == 119_965)
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteIsAnError(_ x: Double) {
        #expect(throws: QMTLError.self) { try JCS.bytes(.array([.number(x)])) }
    }

    @Test(arguments: ["9007199254740993", "-9007199254740993", "18446744073709551616"])
    func integersBeyond2p53AreErrors(_ literal: String) {
        let error = #expect(throws: QMTLError.self) { try JSONParser.parseValue(Array("[\(literal)]".utf8)) }
        #expect(error?.code == .jsonIntegerRange)
        #expect(throws: QMTLError.self) { try JSONValue.integer(Int(1 << 53) + 1) }
    }

    @Test func integerAtTheLimitAndFloatsAreFine() throws {
        #expect(
            try JCS.string(JSONParser.parseValue(Array("[9007199254740992,-9007199254740992,1e300]".utf8)))
                == "[9007199254740992,-9007199254740992,1e+300]")
    }

    @Test func parsingKeepsFullDoublePrecision() throws {
        // The last number is the smallest subnormal.
        let v = try JSONParser.parseValue(Array("[0.1, 333333333.33333329, 2.2250738585072014e-308, 5e-324]".utf8))
        #expect(v == .array([.number(0.1), .number(333333333.33333329), .number(2.2250738585072014e-308), .number(Double(bitPattern: 1))]))
        #expect(try JCS.string(v) == "[0.1,333333333.3333333,2.2250738585072014e-308,5e-324]")
    }

    @Test func oneAndOnePointZeroAreTheSameNumber() throws {
        #expect(try JCS.string(JSONParser.parseValue(Array("{\"a\":1.0,\"b\":-0.0,\"c\":10E-1}".utf8))) == "{\"a\":1,\"b\":0,\"c\":1}")
    }

    @Test func keysSortByUTF16CodeUnitsNotScalars() throws {
        // U+FB33 (BMP, above the surrogates) sorts after U+1F602 (a surrogate pair) in UTF-16.
        let v: JSONValue = ["\u{FB33}": 1, "\u{1F602}": 2, "\u{E000}": 3, "z": 4]
        #expect(try JCS.string(v) == "{\"z\":4,\"\u{1F602}\":2,\"\u{E000}\":3,\"\u{FB33}\":1}")
    }

    @Test func unnormalisedKeysStayDistinct() throws {
        let v = try JSONParser.parseValue(Array("{\"\u{C5}\":1,\"A\u{30A}\":2}".utf8))
        #expect(v.objectValue?.count == 2)
    }

    @Test func escaping() throws {
        #expect(try JCS.string(.string("\u{7F}\u{1F}\u{08}\u{2028}/\"\\")) == "\"\u{7F}\\u001f\\b\u{2028}/\\\"\\\\\"")
    }

    static let malformed: [(String, String, Int, Int)] = [
        ("{\"a\":1,}", "expected a string key", 1, 8),
        ("[1,2,]", "expected a value", 1, 6),
        ("{\n  \"a\": 01\n}", "leading zero", 2, 8),
        ("{\"a\":1,\"a\":2}", "duplicate key", 1, 8),
        ("\"\\ud800\"", "lone surrogate", 1, 2),
        ("[1] x", "unexpected text", 1, 5),
        ("{\"a\" 1}", "expected ':'", 1, 6),
        ("[\n\n  tru]", "expected true", 3, 3),
        ("[1e999]", "out of the range", 1, 2),
        ("\"a\tb\"", "raw control character", 1, 3),
        ("[", "unexpected end of input", 1, 2),
    ]

    @Test(arguments: malformed)
    func malformedInputNamesLineAndColumn(_ c: (String, String, Int, Int)) {
        let error = #expect(throws: QMTLError.self) { try JSONParser.parse(Array(c.0.utf8), fileName: "doc.json") }
        #expect(error?.message.hasPrefix("doc.json:\(c.2):\(c.3): ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(c.1) == true, "\(error?.message ?? "")")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: QMTLError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func yamlScalarsFollowTheCoreSchema() throws {
        let node = try SourceParser.parse(
            "a: no\nb: 2024-01-01\nc: 1.50\nd: ~\ne: true\nf: '12'\ng: -3\nh: 1e3\n", format: .yaml, fileName: "x.yaml")
        #expect(node.json == ["a": "no", "b": "2024-01-01", "c": 1.5, "d": .null, "e": true, "f": "12", "g": -3, "h": 1000])
        #expect(node["c"]?.position == SourcePosition(line: 3, column: 4))
    }

    @Test func yamlErrorsHavePositions() {
        let dup = #expect(throws: QMTLError.self) { try SourceParser.parse("a: 1\nb: 2\na: 3\n", format: .yaml, fileName: "f.yaml") }
        // Yams reports the first occurrence of the repeated key.
        #expect(dup?.message == "f.yaml:1:1: key \"a\" is repeated in this mapping", "\(dup?.message ?? "")")
        let inf = #expect(throws: QMTLError.self) { try SourceParser.parse("a: [1, .inf]\n", format: .yaml, fileName: "f.yaml") }
        #expect(inf?.message.hasPrefix("f.yaml:1:8: ") == true, "\(inf?.message ?? "")")
        let bad = #expect(throws: QMTLError.self) { try SourceParser.parse("a: [1, 2\nb: 3\n", format: .yaml, fileName: "f.yaml") }
        #expect(bad?.message.hasPrefix("f.yaml:") == true)
    }
}
