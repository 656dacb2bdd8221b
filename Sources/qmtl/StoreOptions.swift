import ArgumentParser
import Foundation
import QMTLCore
import QMTLStore

/// `--store` of every command that reads or writes a store (SPEC §1): a SQLite path or a
/// `postgres://` URL, else `QMTL_STORE`, else the embedded default `./.qmtl/qmtl.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(help: "A SQLite file or postgres://user[:password]@host[:port]/database (default: $QMTL_STORE, else ./.qmtl/qmtl.sqlite).")
    var store: String?

    /// Where the store is, after the environment and the default.
    var location: String {
        store ?? ProcessInfo.processInfo.environment["QMTL_STORE"] ?? SQLiteStore.defaultPath
    }

    /// Opens the store, saying on standard error when a new embedded store is created.
    /// - Throws: `E_STORE_URL`, `E_STORE_UNAVAILABLE` (exit 3), `E_STORE_CORRUPT`, `E_SCHEMA_TOO_NEW`.
    func open() async throws -> SQLStore {
        let location = location
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            return try await PostgresStore(url: location)
        }
        if location.hasPrefix("postgres") || location.contains("://") {
            throw QMTLError(.storeURL, "\(location) is neither a SQLite path nor postgres://user[:password]@host[:port]/database")
        }
        let isNew = !FileManager.default.fileExists(atPath: location)
        let store = try await SQLiteStore(path: location)
        if isNew { FileHandle.standardError.write(Data("created a new store at \(location)\n".utf8)) }
        return store
    }
}

extension SQLStore {
    /// Runs `body` on the store and closes it, also when `body` throws.
    func using<T>(_ body: (SQLStore) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            try await close()
            return result
        } catch {
            try? await close()
            throw error
        }
    }
}
