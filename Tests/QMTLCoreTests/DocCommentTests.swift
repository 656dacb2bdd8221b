import Foundation
import QMTLTestSupport
import Testing

/// Every public declaration of the store, the backtest SDK and the policy model has a `///`
/// comment. `SQLStore` methods that implement a `Store` requirement inherit its comment (DocC
/// does the same); the requirements themselves must have one.
@Suite("Doc comments")
struct DocCommentTests {
    static let root = TestData.repoRoot.appendingPathComponent("Sources")

    static func files(_ folder: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.map { folder + "/" + $0 }
    }

    /// `file:line: declaration` of each undocumented declaration.
    static func undocumented(_ path: String, requirement: Bool, except: Set<String> = []) throws -> [String] {
        let lines = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8).components(separatedBy: "\n")
        var out: [String] = []
        for (i, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            let isPublic = text.wholeMatch(of: /(@\w+\s+)*(public|open)\s.*/) != nil
            let isRequirement = requirement && line.hasPrefix("    func ")
            guard isPublic || isRequirement else { continue }
            if let name = text.firstMatch(of: /public (?:func|var) (\w+)/)?.output.1, except.contains(String(name)) { continue }
            if [
                "public var description", "public static func ==", "public static func <", "public func hash(into", "public init(from decoder",
                "public func encode(to encoder",
            ].contains(where: text.hasPrefix) || text.contains("= APIRoute(")  // a route's summary is its documentation
            {
                continue
            }
            var j = i - 1
            while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@") { j -= 1 }
            if j < 0 || !lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("///") { out.append("\(path):\(i + 1): \(text.prefix(90))") }
        }
        return out
    }

    @Test func storeBacktestAndPolicyAreDocumented() throws {
        let store = try String(contentsOf: Self.root.appendingPathComponent("QMTLStore/Store.swift"), encoding: .utf8)
        let requirements = Set(store.matches(of: /\n    func (\w+)/).map { String($0.output.1) })
        #expect(requirements.count > 40)
        var missing: [String] = []
        for path in try Self.files("QMTLStore") {
            let implementsStore = path.contains("SQL/SQLStore+")
            missing += try Self.undocumented(path, requirement: path.hasSuffix("/Store.swift"), except: implementsStore ? requirements : [])
        }
        for path in try Self.files("QMTLBacktest") + Self.files("QMTLCore/Policy") {
            missing += try Self.undocumented(path, requirement: false)
        }
        #expect(missing.isEmpty, "undocumented public declarations:\n\(missing.joined(separator: "\n"))")
    }

    /// The HTTP surface too: the API's protocol and wire types, the server and the client.
    /// Client methods that implement a `WorldServiceAPI` requirement inherit its comment.
    @Test func apiServerAndClientAreDocumented() throws {
        let api = try String(contentsOf: Self.root.appendingPathComponent("QMTLAPI/WorldServiceAPI.swift"), encoding: .utf8)
        let requirements = Set(api.matches(of: /\n    func (\w+)/).map { String($0.output.1) })
        #expect(requirements.count > 35)
        var missing: [String] = []
        for path in try Self.files("QMTLAPI") {
            missing += try Self.undocumented(path, requirement: path.hasSuffix("/WorldServiceAPI.swift"))
        }
        for path in try Self.files("QMTLServer") + Self.files("QMTLClient") {
            missing += try Self.undocumented(path, requirement: false, except: requirements)
        }
        #expect(missing.isEmpty, "undocumented public declarations:\n\(missing.joined(separator: "\n"))")
    }
}
