import QMTLAPI
import QMTLCore

extension QMTLService {
    /// `items` with the name each one's strategy was first submitted under, read in one query.
    func named<T>(_ items: [T], _ id: KeyPath<T, String>, _ name: WritableKeyPath<T, String?>) async throws -> [T] {
        let ids = Set(items.compactMap { try? StrategyID(parsing: $0[keyPath: id]) })
        guard !ids.isEmpty else { return items }
        let names = try await store.strategyNames(Array(ids))
        return items.map { item in
            var item = item
            if let sid = try? StrategyID(parsing: item[keyPath: id]) { item[keyPath: name] = names[sid] }
            return item
        }
    }
}
