import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

/// The error catalogue, its documentation and its use agree: every code is declared once, is in
/// ``QMTLError/Code/all``, is documented in `docs/errors.md` with its status and exit code, and
/// is used; no source file spells a code as a string.
@Suite("Error catalogue")
struct ErrorCatalogueTests {
    static let errorsDir = TestData.repoRoot.appendingPathComponent("Sources/QMTLCore/Errors")

    /// `(swift name, raw code)` of every `public static let x = Self("E_…"` in the catalogue files.
    static func declarations() throws -> [(name: String, raw: String)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: errorsDir.path).filter { $0.hasPrefix("QMTLError.Code+") }
        #expect(files.count >= 10)
        var out: [(String, String)] = []
        for file in files {
            let text = try String(contentsOf: errorsDir.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /public static let (\w+) = Self\(\s*"(E_[A-Z0-9_]+)"/) {
                out.append((String(match.output.1), String(match.output.2)))
            }
        }
        return out
    }

    /// `code → (status, exit)` from the tables of `docs/errors.md`.
    static func documented() throws -> [String: (status: Int, exit: Int32)] {
        let text = try String(contentsOf: TestData.repoRoot.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        var out: [String: (Int, Int32)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| `E_") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let code = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            #expect(out[code] == nil, "\(code) is documented twice")
            out[code] = (Int(cells[1]) ?? -1, Int32(cells[2]) ?? -1)
        }
        return out
    }

    @Test func codesAreWellFormedAndUnique() {
        let raws = QMTLError.Code.all.map(\.rawValue)
        #expect(raws.count == Set(raws).count, "a code is listed twice")
        for code in QMTLError.Code.all {
            #expect(code.rawValue.wholeMatch(of: /E_[A-Z0-9]+(_[A-Z0-9]+)*/) != nil, "\(code)")
            #expect(!code.meaning.isEmpty && !code.remedy.isEmpty, "\(code) needs a meaning and a remedy")
            #expect(QMTLError.Code(rawValue: code.rawValue) == code)
            #expect([1, 2, 3].contains(code.exitCode))
        }
        #expect(QMTLError.Code(rawValue: "E_NO_SUCH_CODE") == nil)
    }

    @Test func everyDeclaredCodeIsInTheCatalogue() throws {
        let declared = try Self.declarations()
        #expect(declared.count == QMTLError.Code.all.count, "a code is declared but missing from its group (or the reverse)")
        #expect(Set(declared.map(\.raw)) == Set(QMTLError.Code.all.map(\.rawValue)))
    }

    @Test func docsListEveryCodeWithItsStatusAndExitCode() throws {
        let docs = try Self.documented()
        let declared = Set(QMTLError.Code.all.map(\.rawValue))
        let undocumented = declared.subtracting(docs.keys).sorted()
        let stale = Set(docs.keys).subtracting(declared).sorted()
        #expect(undocumented.isEmpty, "missing from docs/errors.md: \(undocumented)")
        #expect(stale.isEmpty, "documented but no longer declared: \(stale)")
        for code in QMTLError.Code.all {
            guard let d = docs[code.rawValue] else { continue }
            #expect(d.status == code.httpStatus, "\(code): docs say HTTP \(d.status), the code says \(code.httpStatus)")
            #expect(d.exit == code.exitCode, "\(code): docs say exit \(d.exit), the code says \(code.exitCode)")
        }
    }

    /// Every `.swift` file of `Sources/`, outside the catalogue.
    static func sources() throws -> [(path: String, text: String)] {
        let root = TestData.repoRoot.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var out: [(String, String)] = []
        while let path = walker.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasPrefix("QMTLCore/Errors/") else { continue }
            out.append((path, try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
        }
        return out
    }

    @Test func noSourceSpellsACodeAsAString() throws {
        for (path, text) in try Self.sources() {
            let literal = text.firstMatch(of: /"E_[A-Z0-9_]+"/)
            #expect(literal == nil, "\(path) spells \(literal.map { String($0.output) } ?? "") as a string; use the QMTLError.Code constant")
        }
    }

    @Test func everyCodeIsUsed() throws {
        let all = try Self.sources().map(\.text).joined(separator: "\n")
        for (name, raw) in try Self.declarations() {
            let used = all.contains(".\(name)") && all.range(of: "\\.\(name)\\b", options: .regularExpression) != nil
            #expect(used, "\(raw) (.\(name)) is declared but never used")
        }
    }
}
