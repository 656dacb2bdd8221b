import Foundation
import Logging
import NIOCore
import PostgresNIO
import QMTLCore
import Synchronization

/// PostgreSQL through PostgresNIO's connection pool. `?` placeholders become `$n`; bulk
/// inserts send one array per column to `unnest`.
final class PostgresBackend: SQLBackend {
    let dialect = SQLDialect.postgres
    let client: PostgresClient
    private let runner: Task<Void, Never>
    let logger: Logger
    /// `host:port`, for messages.
    let endpoint: String
    /// A single connection outside the pool, to tell at once whether the server answers.
    let probeConfiguration: PostgresConnection.Configuration

    /// Connects to `postgres://user[:password]@host[:port]/database` (TLS off: loopback and
    /// private networks; put a TLS-terminating proxy in front otherwise).
    init(url: String, logger: Logger = Logger(label: "qmtl.store.postgres")) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme), let host = components.host, let user = components.user
        else {
            throw QMTLError(.storeURL, "expected postgres://user[:password]@host[:port]/database, got \(Self.redacted(url))")
        }
        let database = String(components.path.drop { $0 == "/" })
        var config = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        config.options.maximumConnections = 8
        config.options.connectTimeout = .seconds(5)
        endpoint = "\(host):\(components.port ?? 5432)"
        var direct = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        direct.options.connectTimeout = .seconds(5)
        probeConfiguration = direct
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        // `Task.immediate` runs `run()` up to its first suspension before returning, so the
        // client counts as running before any lease (a plain Task may start after the first query).
        runner = Task.immediate { await client.run() }
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var c = URLComponents(string: url), c.password != nil else { return url }
        c.password = "***"
        return c.string ?? "postgres://…"
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await mapErrors {
            try await client.withTransaction(logger: logger) { connection in
                try await body(Session(connection: connection, logger: logger))
            }
        }
    }

    func read<T: Sendable>(_ body: @Sendable (any SQLSession) async throws -> T) async throws -> T {
        try await mapErrors {
            try await client.withConnection { connection in
                try await body(Session(connection: connection, logger: logger))
            }
        }
    }

    /// Fails with `E_STORE_UNAVAILABLE` unless the server accepts a connection: the pool keeps
    /// retrying a dead server, which is right for a running service but not for opening a store.
    func checkReachable() async throws {
        do {
            let connection = try await PostgresConnection.connect(
                on: PostgresClient.defaultEventLoopGroup.any(), configuration: probeConfiguration, id: 0, logger: logger
            ).get()
            try await connection.close()
        } catch {
            let described = Self.describe(error)
            if let reason = described.details["server_message"] {  // e.g. no such database, login refused
                throw QMTLError(.storeUnavailable, "PostgreSQL at \(endpoint) refused the connection: \(reason)", details: described.details)
            }
            throw QMTLError(.storeUnavailable, "PostgreSQL at \(endpoint) is unreachable")
        }
    }

    /// Calls each channel's handler for every notification on it — all channels on one pooled
    /// connection held for the purpose, so a server listening to several keeps the rest of the
    /// pool for queries — until the task is cancelled; a lost connection is replaced after a second.
    func listen(_ channels: [String: @Sendable () -> Void]) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (channel, onNotify) in channels {
                            group.addTask {
                                try await connection.listen(on: channel) { notifications in
                                    onNotify()  // listening now: anything before this is read by the caller's first poll
                                    for try await _ in notifications { onNotify() }
                                }
                            }
                        }
                        try await group.next()  // one ended: the connection went; listen again
                        group.cancelAll()
                    }
                }
            } catch {
                if Task.isCancelled { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Runs `body` holding the session advisory lock `key` on a connection kept for it; nil,
    /// without running `body`, when another session holds it. The lock goes when the body ends
    /// — or with the connection, when the process dies.
    func withAdvisoryLock<T: Sendable>(_ key: Int64, _ body: @Sendable () async throws -> T) async throws -> T? {
        // The driver's errors are typed; the body's own errors pass through as they are.
        let outcome: Result<T, any Error>? = try await mapErrors {
            try await client.withConnection { connection in
                let session = Session(connection: connection, logger: logger)
                guard try await session.query("SELECT pg_try_advisory_lock(?) AS got", [.integer(key)]).first?.bool("got") == true else {
                    return nil
                }
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                try await session.execute("SELECT pg_advisory_unlock(?)", [.integer(key)])
                return result
            }
        }
        return try outcome?.get()
    }

    /// How long ``close()`` waits for the pool to stop.
    static let closeWait: Duration = .seconds(10)

    /// Cancels the pool (its connections are closed at once) and waits for it to stop — at most
    /// ``closeWait``: the pool stops only when every lease came back, and a task stuck holding
    /// one (seen in CI: the pool never stopped after two replicas shut down) must not hang a
    /// process's exit. A pool that does not stop in time is logged and left to the process's end.
    func close() async throws {
        runner.cancel()
        let runner = runner
        let stopped = await Self.waits(for: runner, atMost: Self.closeWait)
        if !stopped {
            logger.warning("the PostgreSQL pool did not stop within \(Self.closeWait) of close(); its connections are closed, going on")
        }
    }

    /// Whether `task` ends within `limit` (it is left running otherwise).
    static func waits(for task: Task<Void, Never>, atMost limit: Duration) async -> Bool {
        let first = OnceFlag()
        return await withCheckedContinuation { (c: CheckedContinuation<Bool, Never>) in
            Task {
                await task.value
                if first.claim() { c.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: limit)
                if first.claim() { c.resume(returning: false) }
            }
        }
    }

    /// Typed errors pass through; driver errors are typed by ``describe(_:)`` (SQL and its
    /// arguments are never put in the message).
    private func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as QMTLError {
            throw error
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? QMTLError { throw inner }
            throw Self.describe(error.closureError ?? error.beginError ?? error.commitError ?? error)
        } catch {
            throw Self.describe(error)
        }
    }

    /// A driver error as a typed error, by SQLSTATE class: connection, login and missing
    /// database (08, 28, 3D, 57P) are `E_STORE_UNAVAILABLE`; serialization failures and lock
    /// timeouts (40, 55P03) `E_STORE_BUSY`; anything else the server refuses `E_STORE_REFUSED`.
    static func describe(_ error: any Error) -> QMTLError {
        if let e = error as? QMTLError { return e }
        guard let psql = error as? PSQLError else {
            return QMTLError(.storeRefused, "PostgreSQL driver error: \(String(describing: type(of: error)))")
        }
        guard let message = psql.serverInfo?[.message] else {
            return QMTLError(.storeUnavailable, "PostgreSQL is unreachable (\(psql.code))")
        }
        let state = psql.serverInfo?[.sqlState] ?? ""
        let details = ["sqlstate": state, "server_message": message]
        if ["08", "28", "3D", "57P"].contains(where: state.hasPrefix) {
            return QMTLError(.storeUnavailable, "PostgreSQL refused the connection: \(message)", details: details)
        }
        if state.hasPrefix("40") || state == "55P03" {
            return QMTLError(.storeBusy, "PostgreSQL could not complete the transaction: \(message); retry", details: details)
        }
        return QMTLError(.storeRefused, "PostgreSQL refused the statement: \(message)", details: details)
    }

    /// `?` → `$1`, `$2`, … (statements here never contain a literal question mark).
    static func numbered(_ sql: String) -> String {
        var out = ""
        var n = 0
        for ch in sql {
            if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    static func bindings(_ binds: [SQLValue]) -> PostgresBindings {
        var b = PostgresBindings(capacity: binds.count)
        for v in binds {
            switch v {
            case .null: b.appendNull()
            case .integer(let i): b.append(i)
            case .real(let d): b.append(d)
            case .text(let s): b.append(s)
            case .blob(let bytes): b.append(ByteBuffer(bytes: bytes))
            case .boolean(let x): b.append(x)
            case .jsonText(let s): b.append(JSONB(text: s))
            }
        }
        return b
    }

    /// JSON text sent as a binary `jsonb` value (version byte 1, then the text).
    struct JSONB: PostgresNonThrowingEncodable {
        var text: String

        static var psqlType: PostgresDataType { .jsonb }
        static var psqlFormat: PostgresFormat { .binary }

        func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
            buffer.writeInteger(UInt8(1))
            buffer.writeString(text)
        }
    }

    struct Session: SQLSession {
        let connection: PostgresConnection
        let logger: Logger

        func run(_ sql: String, _ binds: [SQLValue]) async throws -> PostgresRowSequence {
            try await connection.query(
                PostgresQuery(unsafeSQL: PostgresBackend.numbered(sql), binds: PostgresBackend.bindings(binds)), logger: logger)
        }

        func execute(_ sql: String, _ binds: [SQLValue]) async throws {
            for try await _ in try await run(sql, binds) {}
        }

        func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
            var rows: [SQLRow] = []
            var columns: [String]?
            for try await row in try await run(sql, binds) {
                if columns == nil { columns = row.map(\.columnName) }
                rows.append(SQLRow(columns: columns!, values: try row.map(Session.value)))
            }
            return rows
        }

        static func value(_ cell: PostgresCell) throws -> SQLValue {
            guard var bytes = cell.bytes else { return .null }
            switch cell.dataType {
            case .int8, .int4, .int2: return .integer(try cell.decode(Int64.self))
            case .float8, .float4, .numeric: return .real(try cell.decode(Double.self))
            case .bool: return .boolean(try cell.decode(Bool.self))
            case .bytea: return .blob(bytes.readBytes(length: bytes.readableBytes) ?? [])
            case .jsonb:
                if cell.format == .binary { bytes.moveReaderIndex(forwardBy: 1) }  // jsonb version byte
                return .text(bytes.readString(length: bytes.readableBytes) ?? "")
            default: return .text(try cell.decode(String.self))
            }
        }

        func insertMany(_ table: String, columns: [SQLColumn], rows: [[SQLValue]]) async throws -> Int {
            var inserted = 0
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(start + 20_000, rows.count)]
                start += chunk.count
                var binds = PostgresBindings(capacity: columns.count)
                for (c, column) in columns.enumerated() {
                    switch column.postgresType {
                    case "bytea":
                        binds.append(
                            try chunk.map { row -> ByteBuffer in
                                guard case .blob(let b) = row[c] else { throw QMTLError(.storeRefused, "\(column.name) must be bytes") }
                                return ByteBuffer(bytes: b)
                            })
                    case "int8":
                        binds.append(
                            try chunk.map { row -> Int64 in
                                guard case .integer(let i) = row[c] else { throw QMTLError(.storeRefused, "\(column.name) must be an integer") }
                                return i
                            })
                    case "float8":
                        binds.append(
                            try chunk.map { row -> Double in
                                guard case .real(let d) = row[c] else { throw QMTLError(.storeRefused, "\(column.name) must be a number") }
                                return d
                            })
                    default:
                        binds.append(
                            try chunk.map { row -> String in
                                switch row[c] {
                                case .text(let s), .jsonText(let s): return s
                                default: throw QMTLError(.storeRefused, "\(column.name) must be text")
                                }
                            })
                    }
                }
                let names = columns.map(\.name).joined(separator: ", ")
                let casts = columns.map { $0.postgresType == "jsonb" ? "\($0.name)::jsonb" : $0.name }.joined(separator: ", ")
                let arrays = columns.enumerated().map { i, col in
                    "$\(i + 1)::\(col.postgresType == "jsonb" ? "text" : col.postgresType)[]"
                }.joined(separator: ", ")
                let sql = """
                    WITH ins AS (INSERT INTO \(table) (\(names)) SELECT \(casts) FROM unnest(\(arrays)) AS u(\(names)) \
                    ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*) FROM ins
                    """
                for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger) {
                    inserted += Int(try row.decode(Int64.self))
                }
            }
            return inserted
        }
    }
}

/// True for the first caller of ``claim()`` only.
final class OnceFlag: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { c in
            defer { c = true }
            return !c
        }
    }
}
