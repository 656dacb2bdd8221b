import QMTLCore

/// The one implementation of ``Store`` over SQL, shared by ``SQLiteStore`` and
/// ``PostgresStore``: same statements, same transactions, same rules. Dialect differences
/// live in the backends and the migrations.
public class SQLStore: Store, @unchecked Sendable {
    // @unchecked: every stored property is immutable and Sendable; subclasses add none.
    let backend: any SQLBackend
    /// Wall clock in epoch milliseconds (injected: tests use a fixed one).
    let now: @Sendable () -> Int64
    /// Moves after every write transaction of this process, and of other processes while
    /// `watchChanges()` runs.
    public let changes = StoreChanges()

    init(backend: any SQLBackend, now: @escaping @Sendable () -> Int64) async throws {
        self.backend = ClosableBackend(backend)
        self.now = now
        try await migrate()
    }

    var dialect: SQLDialect { backend.dialect }

    /// `FOR UPDATE` where row locks exist (PostgreSQL); SQLite has one writer.
    var forUpdate: String { dialect == .postgres ? " FOR UPDATE" : "" }

    // MARK: Migrations

    /// The newest schema version this binary knows.
    public static var schemaVersion: Int { Migration.all.last!.version }

    /// Brings the schema up to ``schemaVersion``. A store already there is only read: opening
    /// it takes no write lock, so it never waits for (or fails behind) a long write of another
    /// process.
    func migrate() async throws {
        if let applied = try? await backend.read({ s in
            try await s.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations", [])[0].int("version")
        }), applied == SQLStore.schemaVersion {
            return
        }
        let clock = now
        try await backend.transaction { [dialect] s in
            if dialect == .postgres {
                try await s.execute("SELECT pg_advisory_xact_lock(7247262)", [])  // one migrator at a time
            }
            try await s.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
                [])
            let applied = try await s.query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations", [])[0].int("version")
            guard applied <= SQLStore.schemaVersion else {
                throw QMTLError(
                    .schemaTooNew,
                    "the database has schema version \(applied), newer than this qmtl's \(SQLStore.schemaVersion); upgrade qmtl",
                    details: ["database": String(applied), "binary": String(SQLStore.schemaVersion)])
            }
            for m in Migration.all where m.version > applied {
                for statement in m.statements(for: dialect) { try await s.execute(statement, []) }
                if m.version == 1 {
                    try await s.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, ?)", [.hash(AuditChain.genesis)])
                }
                try await s.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)",
                    [.int(m.version), .text(m.name), .integer(clock())])
            }
        }
    }

    /// Applied migrations, oldest first.
    public func appliedMigrations() async throws -> [(version: Int, name: String)] {
        try await backend.read { s in
            try await s.query("SELECT version, name FROM schema_migrations ORDER BY version", []).map {
                (Int(try $0.int("version")), try $0.text("name"))
            }
        }
    }

    // MARK: Audit

    /// Records the audit entry of a mutation inside its write transaction (R-SEC-2); the
    /// transaction's entries are chained and written just before it commits (``write(_:)``).
    func audit(
        _ s: any SQLSession, _ ctx: AuditContext, action: String, target: String, before: String? = nil, after: String? = nil
    ) async throws {
        guard let session = s as? AuditingSession else {
            throw QMTLError(.storeRefused, "internal: an audited change outside a write transaction (\(action))")
        }
        session.append(
            AuditEntry(
                seq: 0, atMillis: now(), actor: ctx.actor, role: ctx.role, action: action, target: target, requestID: ctx.requestID,
                before: before, after: after))
    }

    /// A write transaction: `body` runs in one backend transaction whose audit entries are
    /// chained and written at its end (``AuditingSession``).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) async throws -> T) async throws -> T {
        // After the commit (or a failure that may hide one): readers' cached answers are stale.
        defer { changes.bump() }
        return try await backend.transaction { [dialect] s in
            let session = AuditingSession(s, dialect: dialect)
            let result = try await body(session)
            try await session.flushAudit()
            return result
        }
    }

    /// The PostgreSQL channel every committed change is announced on (migration 7's triggers).
    static let changeChannel = "qmtl_changes"

    /// Bumps ``changes`` whenever another process commits, until the task is cancelled:
    /// PostgreSQL `LISTEN qmtl_changes` (and once on every (re)connection, for what a lost
    /// connection missed); an SQLite file's `PRAGMA data_version`, read every `pollInterval`.
    /// Returns at once for an in-memory SQLite store, which no other process can write.
    /// - Parameters:
    ///   - pollInterval: how often an SQLite file is polled.
    ///   - onDecisions: also called when another process may have added to the
    ///     decision stream (PostgreSQL: `LISTEN qmtl_decisions` on the same connection).
    public func watchChanges(pollInterval: Duration = .milliseconds(20), onDecisions: (@Sendable () -> Void)? = nil) async {
        let inner = (backend as? ClosableBackend)?.inner
        if let postgres = inner as? PostgresBackend {
            var channels: [String: @Sendable () -> Void] = [Self.changeChannel: { [changes] in changes.bump() }]
            if let onDecisions { channels[Self.decisionChannel] = onDecisions }
            await postgres.listen(channels)
        } else if let sqlite = inner as? SQLiteBackend, sqlite.isFile {
            var seen = try? await sqlite.dataVersion()
            while !Task.isCancelled {
                try? await Task.sleep(for: pollInterval)
                let version = try? await sqlite.dataVersion()
                if version != seen || version == nil { changes.bump() }  // nil: unreadable, assume the worst
                seen = version
            }
        }
    }

    /// Runs `body` while this process leads `name` — one leader per name among every process
    /// on the store (a world's campaign loop, say); nil, without running `body`, when another
    /// leads. PostgreSQL: `pg_try_advisory_lock` on a connection held for the purpose; SQLite:
    /// an exclusive `flock` on a file beside the database. Either way the leadership ends with
    /// `body`, or with the process if it dies — never by a timeout.
    public func withLeadership<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        switch (backend as? ClosableBackend)?.inner {
        case let postgres as PostgresBackend:
            let hash = BLAKE3.hash("qmtl.leader:" + name).bytes
            let key = hash.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
            return try await postgres.withAdvisoryLock(key, body)
        case let sqlite as SQLiteBackend:
            return try await sqlite.withFileLock(name, body)
        default:
            throw QMTLError(.storeUnavailable, "this store cannot elect a leader")
        }
    }

    /// Audit entries after `seq`, in order, at most `limit`.
    public func auditLog(after seq: Int64, limit: Int) async throws -> [AuditChain.Link] {
        try await backend.read { s in
            try await s.query("SELECT entry, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(seq), .int(limit)]).map {
                AuditChain.Link(entry: try AuditEntry(json: try $0.json("entry")), hash: try $0.hash("hash"))
            }
        }
    }

    /// The separately kept head (last seq and hash), or nil before the first entry.
    public func auditHead() async throws -> AuditChain.Head? {
        try await backend.read { s in
            guard let row = try await s.query("SELECT seq, hash FROM audit_head WHERE id = 1", []).first else { return nil }
            return AuditChain.Head(seq: try row.int("seq"), hash: try row.hash("hash"))
        }
    }

    /// Reads the whole log in pages and checks it against the head.
    public func verifyAudit() async throws -> AuditChain.Verdict {
        var links: [AuditChain.Link] = []
        while true {
            let page = try await auditLog(after: links.last?.entry.seq ?? 0, limit: 10_000)
            links += page
            if page.count < 10_000 { break }
        }
        // Entries are read by seq; a gap or a reorder shows up as a seq mismatch or a broken chain.
        return AuditChain.verify(links, head: try await auditHead())
    }

    /// Closes connections. Further calls fail.
    public func close() async throws {
        try await backend.close()
    }
}
