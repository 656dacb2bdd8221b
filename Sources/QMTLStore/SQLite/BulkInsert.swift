import GRDB
import GRDBSQLite
import QMTLCore

/// The bulk insert hot loop: one prepared statement, values bound with the SQLite C API
/// (no per-row argument boxing), one step per row. Measured by `qmtl-bench gsg`.
enum BulkInsert {
    /// SQLite copies bound text and blobs before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Runs `sql` once per row; returns the number of rows changed.
    static func run(_ db: Database, sql: String, rows: [[SQLValue]]) throws -> Int {
        let statement = try db.makeStatement(sql: sql)
        let stmt = statement.sqliteStatement
        let connection = db.sqliteConnection
        var inserted = 0
        defer { sqlite3_reset(stmt) }
        for row in rows {
            sqlite3_reset(stmt)
            for (i, value) in row.enumerated() {
                let index = Int32(i + 1)
                let rc: Int32
                switch value {
                case .null: rc = sqlite3_bind_null(stmt, index)
                case .integer(let v): rc = sqlite3_bind_int64(stmt, index, v)
                case .real(let v): rc = sqlite3_bind_double(stmt, index, v)
                case .boolean(let b): rc = sqlite3_bind_int64(stmt, index, b ? 1 : 0)
                case .text(let s), .jsonText(let s):
                    var text = s
                    rc = text.withUTF8 {
                        sqlite3_bind_text(
                            stmt, index, $0.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, Int32($0.count), transient)
                    }
                case .blob(let b):
                    rc = b.withUnsafeBytes { sqlite3_bind_blob(stmt, index, $0.baseAddress, Int32($0.count), transient) }
                }
                guard rc == SQLITE_OK else { throw failure(connection, rc) }
            }
            let rc = sqlite3_step(stmt)
            guard rc == SQLITE_DONE else { throw failure(connection, rc) }
            inserted += Int(sqlite3_changes(connection))
        }
        return inserted
    }

    static func failure(_ connection: OpaquePointer?, _ rc: Int32) -> QMTLError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error \(rc)"
        return SQLiteBackend.describe(code: rc, message: "SQLite refused a bulk insert: \(message)")
    }
}
