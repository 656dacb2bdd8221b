import QMTLCore

/// A write transaction's session that keeps the audit head it locked, so a transaction with
/// several audit entries reads and writes `audit_head` once instead of once per entry
/// (PostgreSQL pays a round trip per statement). Used by one transaction, sequentially.
final class AuditingSession: SQLSession, @unchecked Sendable {
    private let inner: any SQLSession
    /// The head after the last entry of this transaction, once one is written.
    var head: AuditChain.Head?
    /// Whether `head` still has to be written back.
    var dirty = false

    init(_ inner: any SQLSession) {
        self.inner = inner
    }

    func execute(_ sql: String, _ binds: [SQLValue]) async throws {
        try await inner.execute(sql, binds)
    }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await inner.query(sql, binds)
    }

    func insertMany(_ table: String, columns: [SQLColumn], rows: [[SQLValue]]) async throws -> Int {
        try await inner.insertMany(table, columns: columns, rows: rows)
    }

    /// Writes the head back (before COMMIT).
    func flushAudit() async throws {
        guard dirty, let head else { return }
        try await inner.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", [.integer(head.seq), .hash(head.hash)])
        dirty = false
    }
}
