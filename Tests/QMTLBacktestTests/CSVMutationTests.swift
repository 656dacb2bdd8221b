import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLBacktest
@testable import QMTLCore

/// Randomly damaged bar files: every one is loaded whole or refused with a declared code and a
/// `file:line:` — never a crash or an uncoded error.
@Suite("Mutated bar files", .timeLimit(.minutes(2)))
struct CSVMutationTests {
    @Test func damagedBarFilesAreRefusedWithACode() throws {
        let csv = Array(try TestData.sharedFile("bars/synthetic_daily_2000.csv").prefix(4_000))
        let alphabet = Array(",.-+eE0123456789:TZ \n\r\"x\u{FEFF}".utf8)
        var rng = SplitMix64(seed: 99)
        var refused = 0
        for n in 0..<1_000 {
            var b = csv
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let i = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 4 {
                case 0: b.remove(at: i)
                case 1: b.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: i)
                case 2: b[i] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                default: b.removeSubrange(i...)
                }
                if b.isEmpty { b = [0x0A] }
            }
            do {
                let parsed = try b.withUnsafeBytes { try BarCSV.read($0, fileName: "m.csv", fingerprint: (symbol: "SYN", interval: 86_400)) }
                #expect(parsed.fingerprint == (try DatasetFingerprint(symbol: "SYN", interval: 86_400, bars: parsed.bars)), "case \(n)")
            } catch let error as QMTLError {
                refused += 1
                #expect(QMTLError.Code.all.contains(error.code), "case \(n): \(error.code)")
                #expect(error.message.hasPrefix("m.csv:"), "case \(n): \(error.message)")
            } catch {
                Issue.record("case \(n): an error without a code: \(error)")
            }
        }
        #expect(refused > 250, "\(refused) of 1000 refused")
    }
}
