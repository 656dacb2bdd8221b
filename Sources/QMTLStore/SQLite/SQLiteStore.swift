import Foundation
import QMTLCore

/// The embedded default store (SPEC §1): SQLite through GRDB in WAL mode at
/// `./.qmtl/qmtl.sqlite`, or in memory for tests.
public final class SQLiteStore: SQLStore, @unchecked Sendable {
    // @unchecked: no stored properties beyond SQLStore's immutable ones.

    /// The default path of the embedded store.
    public static let defaultPath = ".qmtl/qmtl.sqlite"

    /// Opens (creating and migrating) a store.
    /// - Parameters:
    ///   - path: a file, or nil for an in-memory store.
    ///   - now: wall clock in epoch milliseconds.
    /// - Throws: `E_SCHEMA_TOO_NEW` for a database written by a newer qmtl; `E_STORE_UNAVAILABLE`
    ///   when the file cannot be opened; `E_STORE_CORRUPT` when it is not a database.
    public init(path: String?, now: @escaping @Sendable () -> Int64 = SQLiteStore.systemMillis) async throws {
        if let path {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        let backend: SQLiteBackend
        do {
            backend = try await SQLiteBackend.typed { try SQLiteBackend(path: path) }
        } catch var error as QMTLError {
            error.message = "cannot open the SQLite store at \(path ?? ":memory:"): \(error.details["sqlite_message"] ?? error.message)"
            throw error
        }
        try await super.init(backend: backend, now: now)
    }

    /// The system clock in epoch milliseconds.
    public static let systemMillis: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
