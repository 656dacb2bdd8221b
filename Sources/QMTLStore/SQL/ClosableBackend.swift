import QMTLCore
import Synchronization

/// A backend that refuses every call once closed, with `E_STORE_UNAVAILABLE` (exit 3): the
/// drivers' own errors after a close ("connection is closed", a shut-down pool) would read as
/// refused statements.
final class ClosableBackend: SQLBackend {
    /// The wrapped backend.
    let inner: any SQLBackend
    private let closed = Mutex(false)

    init(_ inner: any SQLBackend) {
        self.inner = inner
    }

    var dialect: SQLDialect { inner.dialect }

    private func checkOpen() throws {
        if closed.withLock({ $0 }) { throw QMTLError(.storeUnavailable, "the store is closed") }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try checkOpen()
        return try await inner.transaction(body)
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try checkOpen()
        return try await inner.read(body)
    }

    func close() async throws {
        let wasClosed = closed.withLock { c in
            defer { c = true }
            return c
        }
        if !wasClosed { try await inner.close() }
    }
}
