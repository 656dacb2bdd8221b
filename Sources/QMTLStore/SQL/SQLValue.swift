import QMTLCore

/// A value bound to, or read from, SQL — the common ground of SQLite and PostgreSQL.
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case boolean(Bool)
    /// JSON text, bound as `jsonb` on PostgreSQL and as text on SQLite.
    case jsonText(String)

    static func hash(_ h: Hash256) -> SQLValue { .blob(h.bytes) }
    static func id(_ n: NodeID) -> SQLValue { .blob(n.hash.bytes) }
    static func int(_ i: Int) -> SQLValue { .integer(Int64(i)) }
    static func bool(_ b: Bool) -> SQLValue { .boolean(b) }
    static func json(_ v: JSONValue) throws -> SQLValue { .jsonText(try JCS.string(v)) }
    static func optional(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }
}

/// One result row, read by column position.
struct SQLRow: Sendable {
    var values: [SQLValue]

    func failure(_ i: Int, _ expected: String) -> QMTLError {
        QMTLError(.storeCorrupt, "column \(i) is not \(expected): \(values[i])")
    }

    func int(_ i: Int) throws -> Int64 {
        switch values[i] {
        case .integer(let v): return v
        case .real(let d) where d.rounded() == d: return Int64(d)
        default: throw failure(i, "an integer")
        }
    }

    func optionalInt(_ i: Int) throws -> Int64? { values[i] == .null ? nil : try int(i) }

    func text(_ i: Int) throws -> String {
        guard case .text(let s) = values[i] else { throw failure(i, "text") }
        return s
    }

    func optionalText(_ i: Int) throws -> String? { values[i] == .null ? nil : try text(i) }

    func blob(_ i: Int) throws -> [UInt8] {
        guard case .blob(let b) = values[i] else { throw failure(i, "a blob") }
        return b
    }

    func hash(_ i: Int) throws -> Hash256 { try Hash256(bytes: try blob(i)) }
    func nodeID(_ i: Int) throws -> NodeID { NodeID(try hash(i)) }
    func optionalHash(_ i: Int) throws -> Hash256? { values[i] == .null ? nil : try hash(i) }
    func bool(_ i: Int) throws -> Bool {
        if case .boolean(let b) = values[i] { return b }
        return try int(i) != 0
    }

    func json(_ i: Int) throws -> JSONValue {
        try JSONParser.parseValue(Array(try text(i).utf8), fileName: "column \(i)")
    }
}

/// One connection inside a transaction (or a read).
protocol SQLSession {
    /// Runs a statement with `?` placeholders.
    func execute(_ sql: String, _ binds: [SQLValue]) async throws
    /// Runs a query with `?` placeholders.
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Inserts many rows with `INSERT … ON CONFLICT DO NOTHING`; returns how many were new.
    /// SQLite runs one prepared statement per row; PostgreSQL sends column arrays to `unnest`.
    func insertMany(_ table: String, columns: [SQLColumn], rows: [[SQLValue]]) async throws -> Int
}

/// A column of a bulk insert, with its PostgreSQL type for `unnest`.
struct SQLColumn: Sendable {
    var name: String
    var postgresType: String

    init(_ name: String, _ postgresType: String) {
        self.name = name
        self.postgresType = postgresType
    }
}

/// The database under a ``SQLStore``.
protocol SQLBackend: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in one transaction: committed if it returns, rolled back if it throws.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T
    /// Runs read-only work (concurrently with writers where the backend allows it).
    func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T
    func close() async throws
}

enum SQLDialect: String, Sendable {
    case sqlite, postgres
}
