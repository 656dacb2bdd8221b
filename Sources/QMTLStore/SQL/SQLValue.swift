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

/// One result row, read by column name (the names a query selects, or their `AS` aliases).
struct SQLRow: Sendable {
    /// The result's column names, in order; shared by all its rows.
    var columns: [String]
    var values: [SQLValue]

    /// The value of column `name`.
    /// - Throws: `E_STORE_REFUSED` when the query selected no such column (a bug, or a schema edited by hand).
    func value(_ name: String) throws -> SQLValue {
        guard let i = columns.firstIndex(of: name) else {
            throw QMTLError(.storeRefused, "the query has no column \(name); it has \(columns.joined(separator: ", "))")
        }
        return values[i]
    }

    func failure(_ name: String, _ expected: String) -> QMTLError {
        QMTLError(.storeCorrupt, "column \(name) is not \(expected): \((try? value(name)).map { "\($0)" } ?? "missing")")
    }

    func int(_ name: String) throws -> Int64 {
        switch try value(name) {
        case .integer(let v): return v
        case .real(let d) where d.rounded() == d: return Int64(d)
        default: throw failure(name, "an integer")
        }
    }

    func optionalInt(_ name: String) throws -> Int64? { try value(name) == .null ? nil : try int(name) }

    func double(_ name: String) throws -> Double {
        switch try value(name) {
        case .real(let d): return d
        case .integer(let i): return Double(i)
        default: throw failure(name, "a number")
        }
    }

    func text(_ name: String) throws -> String {
        guard case .text(let s) = try value(name) else { throw failure(name, "text") }
        return s
    }

    func optionalText(_ name: String) throws -> String? { try value(name) == .null ? nil : try text(name) }

    func blob(_ name: String) throws -> [UInt8] {
        guard case .blob(let b) = try value(name) else { throw failure(name, "a blob") }
        return b
    }

    func hash(_ name: String) throws -> Hash256 { try Hash256(bytes: try blob(name)) }
    func nodeID(_ name: String) throws -> NodeID { NodeID(try hash(name)) }
    func optionalHash(_ name: String) throws -> Hash256? { try value(name) == .null ? nil : try hash(name) }
    func bool(_ name: String) throws -> Bool {
        if case .boolean(let b) = try value(name) { return b }
        return try int(name) != 0
    }

    func json(_ name: String) throws -> JSONValue {
        try JSONParser.parseValue(Array(try text(name).utf8), fileName: "column \(name)")
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
