import Foundation
import QMTLCore

/// The scale-out store (SPEC §1): PostgreSQL through PostgresNIO's connection pool.
public final class PostgresStore: SQLStore, @unchecked Sendable {
    // @unchecked: no stored properties beyond SQLStore's immutable ones.

    /// Connects, migrating the schema if needed.
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database`.
    ///   - now: wall clock in epoch milliseconds.
    /// - Throws: `E_STORE_URL`, `E_STORE_UNAVAILABLE`, `E_SCHEMA_TOO_NEW`.
    public init(url: String, now: @escaping @Sendable () -> Int64 = SQLiteStore.systemMillis) async throws {
        let backend = try PostgresBackend(url: url)
        do {
            try await backend.checkReachable()
            try await super.init(backend: backend, now: now)
        } catch {
            try? await backend.close()
            throw error
        }
    }
}
