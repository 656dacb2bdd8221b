import Foundation
import QMTLAPI
import QMTLTestSupport
import Testing

/// `docs/api.md` lists every route of the table, with its role, and nothing else.
@Suite("docs/api.md")
struct APIDocTests {
    @Test func theRouteListIsTheRouteTable() throws {
        let page = String(decoding: try TestData.repoFile("docs/api.md"), as: UTF8.self)
        var documented: [String: String] = [:]
        for line in page.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            let route = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            #expect(documented[route] == nil, "\(route) twice")
            documented[route] = cells[1]
        }
        let table = Dictionary(uniqueKeysWithValues: APIRoute.all.map { ("\($0.method.rawValue) \($0.path)", $0.role?.rawValue ?? "anyone") })
        #expect(
            Set(documented.keys) == Set(table.keys),
            "only on the page: \(Set(documented.keys).subtracting(table.keys)); only in the table: \(Set(table.keys).subtracting(documented.keys))")
        for (route, role) in table { #expect(documented[route] == role, "\(route): the page says \(documented[route] ?? "-"), the table \(role)") }
    }
}
