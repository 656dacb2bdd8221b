import Foundation
import GRDB
import GRDBSQLite
import Glibc
import QMTLCore
import Synchronization

/// SQLite through GRDB: WAL with one writer and concurrent readers for files, one connection
/// in memory. Whole transactions hold ``AsyncLock`` so statements of two writers never mix.
final class SQLiteBackend: SQLBackend {
    let dialect = SQLDialect.sqlite
    private let writer: any DatabaseWriter
    private let reader: (any DatabaseReader)?
    private let lock = AsyncLock()
    /// The database file; nil in memory.
    let path: String?
    /// Leaderships of an in-memory database (one process: a set of names suffices).
    private let memoryLeaders = Mutex<Set<String>>([])

    /// Opens (creating if needed) a database file, or an in-memory database for `path == nil`.
    init(path: String?) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.label = "qmtl"
        // Transactions span several accesses of the writer (one per statement, because the
        // shared store logic is async); `lock` keeps other writers out until COMMIT.
        config.allowsUnsafeTransactions = true
        config.prepareDatabase { db in
            // WAL with NORMAL sync is durable across crashes (not power loss of the last commit);
            // a large page cache keeps bulk inserts into random-key B-trees off the disk.
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY")
        }
        if let path {
            let pool = try DatabasePool(path: path, configuration: config)
            writer = pool
            reader = pool
        } else {
            writer = try DatabaseQueue(configuration: config)
            reader = nil  // one connection: reads take the lock too
        }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await Self.typed { try await self.unmappedTransaction(body) }
    }

    private func unmappedTransaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await lock.withLock {
            let session = WriterSession(writer: writer)
            try await session.execute("BEGIN IMMEDIATE", [])
            // COMMIT and ROLLBACK run in a task of their own: GRDB refuses to start work for a
            // cancelled task, and a transaction left open would refuse every later BEGIN.
            let end = { @Sendable (sql: String) async throws in try await Task { try await session.execute(sql, []) }.value }
            do {
                let result = try await body(session)
                try await end("COMMIT")
                return result
            } catch {
                try? await end("ROLLBACK")
                throw error
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await Self.typed {
            if let reader {
                return try await body(ReaderSession(reader: reader))
            }
            return try await self.lock.withLock { try await body(WriterSession(writer: self.writer)) }
        }
    }

    /// Runs `body` holding an exclusive `flock` on the file `<database>.leader-<name hash>`; nil,
    /// without running `body`, when another open file (another process, or another store in
    /// this one) holds it. The kernel drops the lock when the holder closes the file or dies.
    func withFileLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        guard let path else {
            guard memoryLeaders.withLock({ $0.insert(name).inserted }) else { return nil }
            defer { _ = memoryLeaders.withLock { $0.remove(name) } }
            return try await body()
        }
        let lockPath = path + ".leader-" + BLAKE3.hash(name).hex.prefix(16)
        let fd = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw QMTLError(.storeUnavailable, "cannot open the leader lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { _ = Glibc.close(fd) }  // closing releases the lock
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            if errno == EWOULDBLOCK { return nil }
            throw QMTLError(.storeUnavailable, "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        return try await body()
    }

    /// Whether the database is a file (other processes may open it) rather than in memory.
    var isFile: Bool { reader != nil }

    /// `PRAGMA data_version` of the writer connection: it moves when another connection —
    /// another process — commits, not with this connection's own commits.
    func dataVersion() async throws -> Int64 {
        try await Self.typed { try await writer.writeWithoutTransaction { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } }
    }

    /// Runs `body`, turning SQLite's errors into typed ones.
    static func typed<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw describe(code: error.extendedResultCode.rawValue, message: error.message ?? "\(error.resultCode)")
        }
    }

    /// An SQLite result code as a typed error: busy and locked are `E_STORE_BUSY`; a file that
    /// cannot be opened, read or written (permissions, I/O, a full disk) `E_STORE_UNAVAILABLE`;
    /// a damaged file or one that is not a database `E_STORE_CORRUPT`; anything else
    /// `E_STORE_REFUSED`.
    static func describe(code: Int32, message: String) -> QMTLError {
        let details = ["sqlite_code": String(code), "sqlite_message": message]
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            return QMTLError(.storeBusy, "the SQLite store is locked by another writer: \(message)", details: details)
        case SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_AUTH, SQLITE_IOERR, SQLITE_FULL:
            return QMTLError(.storeUnavailable, "the SQLite store cannot be used: \(message)", details: details)
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return QMTLError(.storeCorrupt, "the SQLite store is damaged or not a database: \(message)", details: details)
        default:
            return QMTLError(.storeRefused, "SQLite refused the statement: \(message)", details: details)
        }
    }

    func close() async throws {
        try await lock.withLock {
            if let pool = writer as? DatabasePool { try pool.close() }
            if let queue = writer as? DatabaseQueue { try queue.close() }
        }
    }

    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(
            binds.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: nil
                case .integer(let i): i
                case .real(let d): d
                case .text(let s), .jsonText(let s): s
                case .blob(let b): Data(b)
                case .boolean(let b): b ? 1 : 0
                }
            })
    }

    static func rows(_ db: Database, _ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        let columns = statement.columnNames
        return try Row.fetchAll(statement, arguments: arguments(binds)).map { row in
            SQLRow(
                columns: columns,
                values: (0..<row.count).map { i in
                    switch row[i] as DatabaseValue {
                    case let v where v.isNull: .null
                    case let v:
                        switch v.storage {
                        case .int64(let i): .integer(i)
                        case .double(let d): .real(d)
                        case .string(let s): .text(s)
                        case .blob(let d): .blob(Array(d))
                        case .null: .null
                        }
                    }
                })
        }
    }

    /// Statements on the writer connection (inside the transaction the lock protects).
    struct WriterSession: SQLSession {
        let writer: any DatabaseWriter

        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            try await writer.writeWithoutTransaction { db in
                if binds.isEmpty {
                    try db.execute(sql: sql)
                } else {
                    try db.cachedStatement(sql: sql).execute(arguments: SQLiteBackend.arguments(binds))
                }
            }
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try await writer.writeWithoutTransaction { db in try SQLiteBackend.rows(db, sql, binds) }
        }

        func insertMany(_ table: String, columns: [SQLColumn], rows: [[SQLValue]]) async throws -> Int {
            let names = columns.map(\.name).joined(separator: ", ")
            let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let sql = "INSERT INTO \(table) (\(names)) VALUES (\(marks)) ON CONFLICT DO NOTHING"
            return try await writer.writeWithoutTransaction { db in try BulkInsert.run(db, sql: sql, rows: rows) }
        }
    }

    /// Queries on a reader connection of the WAL pool.
    struct ReaderSession: SQLSession {
        let reader: any DatabaseReader

        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            throw QMTLError(.storeReadOnly, "a read cannot execute \(sql.prefix(30))…")
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            try await reader.read { db in try SQLiteBackend.rows(db, sql, binds) }
        }

        func insertMany(_ table: String, columns: [SQLColumn], rows: [[SQLValue]]) async throws -> Int {
            throw QMTLError(.storeReadOnly, "a read cannot insert into \(table)")
        }
    }
}
