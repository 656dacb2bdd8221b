import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

/// Thousands of randomly damaged strategy files, policies and JSON documents: every one is
/// either accepted or refused with a declared error code — no crash, no hang, no uncoded error.
@Suite("Mutated inputs", .timeLimit(.minutes(2)))
struct MutationFuzzTests {
    static let alphabet = Array("{}[]:,\"'-#&*!|>?%@`\\ \n\t0123456789.eE+nulltrefasNaN∞é\u{0}".utf8)

    /// One to four edits: delete, insert, replace or duplicate a span; swap two lines; truncate.
    static func mutate(_ input: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + rng.below(4)) {
            guard !b.isEmpty else { b = [alphabet[rng.below(alphabet.count)]]; continue }
            let i = rng.below(b.count)
            switch rng.below(6) {
            case 0: b.removeSubrange(i..<min(b.count, i + 1 + rng.below(8)))
            case 1: b.insert(alphabet[rng.below(alphabet.count)], at: i)
            case 2: b[i] = alphabet[rng.below(alphabet.count)]
            case 3: b.insert(contentsOf: b[i..<min(b.count, i + 1 + rng.below(40))], at: rng.below(b.count))
            case 4:
                var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                if lines.count > 1 { lines.swapAt(rng.below(lines.count), rng.below(lines.count)) }
                b = Array(lines.joined(separator: [0x0A]))
            default: b.removeSubrange(i...)
            }
        }
        return b
    }

    static func seeds(_ dir: String, _ extensions: [String]) throws -> [(name: String, bytes: [UInt8])] {
        let url = TestData.repoRoot.appendingPathComponent(dir)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            .filter { name in extensions.contains { name.hasSuffix($0) } && name != "golden_ids.json" }
            .map { ($0, Array(try Data(contentsOf: url.appendingPathComponent($0)))) }
    }

    static let declared = Set(QMTLError.Code.all)

    /// Runs `body` on `count` mutations of each seed and checks every error.
    static func fuzz(_ seeds: [(name: String, bytes: [UInt8])], count: Int, _ body: (String, String) throws -> Void) {
        var rng = SeededRandom(seed: 2026)
        var refused = 0
        for n in 0..<count {
            let seed = seeds[n % seeds.count]
            let text = String(decoding: mutate(seed.bytes, &rng), as: UTF8.self)
            do {
                try body(text, seed.name)
            } catch let error as QMTLError {
                refused += 1
                #expect(declared.contains(error.code), "case \(n) of \(seed.name): \(error.code) is not declared")
                #expect(!error.message.isEmpty)
            } catch {
                Issue.record("case \(n) of \(seed.name): an error without a code: \(error)")
            }
        }
        #expect(refused > count / 4, "the mutations should break most inputs (\(refused) of \(count) refused)")
    }

    @Test func strategyFiles() throws {
        let seeds = try Self.seeds("examples/strategies", [".yaml", ".json"]) + Self.seeds("Tests/QMTLCoreTests/Fixtures", [".yaml", ".json"])
        Self.fuzz(seeds, count: 1_500) { text, name in _ = try StrategyFile.load(text, fileName: name) }
    }

    @Test func policies() throws {
        Self.fuzz(try Self.seeds("examples/policies", [".yaml", ".json"]), count: 1_000) { text, name in
            let (policy, errors) = PolicyParser.check(text, fileName: name)
            for e in errors { #expect(Self.declared.contains(e.code), "\(e.code) is not declared") }
            if policy == nil, let first = errors.first { throw first }
        }
    }

    @Test func jsonDocuments() throws {
        Self.fuzz(try Self.seeds("examples/metrics", [".json"]), count: 500) { text, name in
            let value = try JSONParser.parseValue(Array(text.utf8), fileName: name)
            _ = try PolicyInput(json: value, now: 0)
        }
    }
}
