import QMTLCore

/// A write transaction's session that collects the transaction's audit entries and chains
/// them at the end: one locking read of `audit_head`, then the entries and the new head in
/// one statement on PostgreSQL (two on SQLite), however many entries the transaction made.
/// The head stays unlocked until then, so concurrent writers serialize only on their last
/// statements. Used by one transaction, sequentially.
final class AuditingSession: SQLSession, @unchecked Sendable {
    private let inner: any SQLSession
    private let dialect: SQLDialect
    /// Entries of this transaction, in order; `seq` is assigned when they are chained.
    private var pending: [AuditEntry] = []

    init(_ inner: any SQLSession, dialect: SQLDialect) {
        self.inner = inner
        self.dialect = dialect
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

    /// Keeps `entry` (its `seq` is ignored) for ``flushAudit()``.
    func append(_ entry: AuditEntry) {
        pending.append(entry)
    }

    /// Chains the collected entries after the locked head and writes them and the new head
    /// (before COMMIT).
    func flushAudit() async throws {
        guard !pending.isEmpty else { return }
        let lock = dialect == .postgres ? " FOR UPDATE" : ""
        guard let row = try await inner.query("SELECT seq, hash FROM audit_head WHERE id = 1" + lock, []).first else {
            throw QMTLError(.storeCorrupt, "the audit head is missing")
        }
        var head = AuditChain.Head(seq: try row.int("seq"), hash: try row.hash("hash"))
        var values: [String] = []
        var binds: [SQLValue] = []
        for var entry in pending {
            entry.seq = head.seq + 1
            head = AuditChain.Head(seq: entry.seq, hash: AuditChain.hash(entry, previous: head.hash))
            values.append("(?, ?, ?)")
            binds += [.integer(entry.seq), try .json(entry.json), .hash(head.hash)]
        }
        pending = []
        let insert = "INSERT INTO audit_log (seq, entry, hash) VALUES " + values.joined(separator: ", ")
        let update = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"
        let headBinds: [SQLValue] = [.integer(head.seq), .hash(head.hash)]
        if dialect == .postgres {  // one round trip: a data-modifying CTE
            try await inner.execute("WITH logged AS (\(insert)) \(update)", binds + headBinds)
        } else {
            try await inner.execute(insert, binds)
            try await inner.execute(update, headBinds)
        }
    }
}
