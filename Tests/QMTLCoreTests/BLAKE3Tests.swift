import Foundation
import QMTLTestSupport
import Testing

@testable import QMTLCore

struct BLAKE3Vector: Sendable, CustomTestStringConvertible {
    var inputLength: Int
    var hash: String
    var keyedHash: String
    var deriveKey: String
    var testDescription: String { "len \(inputLength)" }
}

enum BLAKE3Vectors {
    static let file: (key: String, context: String, cases: [BLAKE3Vector]) = {
        let data = try! TestData.sharedFile("blake3_official_test_vectors.json")
        let json = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = (json["cases"] as! [[String: Any]]).map {
            BLAKE3Vector(
                inputLength: $0["input_len"] as! Int, hash: $0["hash"] as! String,
                keyedHash: $0["keyed_hash"] as! String, deriveKey: $0["derive_key"] as! String)
        }
        return (json["key"] as! String, json["context_string"] as! String, cases)
    }()

    static func input(_ length: Int) -> [UInt8] { (0..<length).map { UInt8($0 % 251) } }
}

@Suite("BLAKE3 official vectors")
struct BLAKE3Tests {
    @Test func coversTheWholeFile() {
        #expect(BLAKE3Vectors.file.cases.count == 35)
        #expect(BLAKE3Vectors.file.cases.map(\.inputLength).max() == 102_400)
    }

    @Test(arguments: BLAKE3Vectors.file.cases)
    func hashMode(_ v: BLAKE3Vector) throws {
        let input = BLAKE3Vectors.input(v.inputLength)
        let expectedLength = v.hash.count / 2
        var hasher = BLAKE3()
        hasher.update(input)
        #expect(Hex.encode(hasher.finalize(count: expectedLength)) == v.hash)
        #expect(BLAKE3.hash(input).hex == String(v.hash.prefix(64)))
        #expect(hasher.finalize().hex == String(v.hash.prefix(64)))
    }

    @Test(arguments: BLAKE3Vectors.file.cases)
    func keyedMode(_ v: BLAKE3Vector) throws {
        var hasher = try BLAKE3(key: Array(BLAKE3Vectors.file.key.utf8))
        hasher.update(BLAKE3Vectors.input(v.inputLength))
        #expect(Hex.encode(hasher.finalize(count: v.keyedHash.count / 2)) == v.keyedHash)
    }

    @Test(arguments: BLAKE3Vectors.file.cases)
    func deriveKeyMode(_ v: BLAKE3Vector) throws {
        var hasher = BLAKE3(deriveKeyContext: BLAKE3Vectors.file.context)
        hasher.update(BLAKE3Vectors.input(v.inputLength))
        #expect(Hex.encode(hasher.finalize(count: v.deriveKey.count / 2)) == v.deriveKey)
    }

    /// Feeding the input in uneven pieces (1, 63, 64, 65, 1023, 1024, 1025 … bytes) gives the same output.
    @Test(arguments: [1, 7, 63, 64, 65, 1023, 1024, 1025, 4096])
    func incrementalPiecesMatch(_ piece: Int) {
        for v in BLAKE3Vectors.file.cases where v.inputLength > 0 {
            let input = BLAKE3Vectors.input(v.inputLength)
            var hasher = BLAKE3()
            var i = 0
            while i < input.count {
                let end = min(i + piece, input.count)
                hasher.update(Array(input[i..<end]))
                i = end
            }
            #expect(Hex.encode(hasher.finalize(count: v.hash.count / 2)) == v.hash, "piece \(piece), len \(v.inputLength)")
        }
    }

    @Test func extendedOutputSeek() {
        let v = BLAKE3Vectors.file.cases.first { $0.inputLength == 1025 }!
        var hasher = BLAKE3()
        hasher.update(BLAKE3Vectors.input(1025))
        var tail = [UInt8](repeating: 0, count: 50)
        hasher.finalize(into: &tail, seek: 81)
        #expect(Hex.encode(tail) == String(v.hash.dropFirst(162)))
    }

    @Test func keyLengthIsChecked() {
        #expect(throws: QMTLError.self) { try BLAKE3(key: [1, 2, 3]) }
    }

    @Test func textForm() throws {
        let h = BLAKE3.hash("")
        #expect(h.description == "blake3:af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262")
        #expect(try Hash256(parsing: h.description) == h)
        #expect(try Hash256(parsing: h.hex, requirePrefix: false) == h)
        #expect(throws: QMTLError.self) { try Hash256(parsing: h.hex) }
        #expect(throws: QMTLError.self) { try Hash256(parsing: "blake3:blake3:" + h.hex) }
        #expect(throws: QMTLError.self) { try Hash256(parsing: h.description.uppercased()) }
        #expect(throws: QMTLError.self) { try Hash256(parsing: "blake3:" + h.hex.dropLast()) }
    }

    @Test func byteOrder() throws {
        let a = try Hash256(parsing: "blake3:" + String(repeating: "0", count: 63) + "1")
        let b = try Hash256(parsing: "blake3:1" + String(repeating: "0", count: 63))
        #expect(a < b)
        #expect([b, a].sorted() == [a, b])
    }
}
