import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore
import ServiceLifecycle

/// The WorldService over HTTP (SPEC §1 server mode): every route of `APIRoute/all` on
/// Hummingbird 2, each request authenticated by a bearer token (R-SEC-1) and served by the
/// in-process `QMTLService` acting as the token's caller.
///
/// Every answer is JSON; every failure is the error envelope with the code's status, and no
/// malformed input yields a 5xx (R-SEC-3).
public struct QMTLServer: Sendable {
    /// Where and how the server listens.
    public struct Configuration: Sendable {
        /// The address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
        public var host: String
        /// The port; 0 picks a free one (reported by ``run(onListening:)``).
        public var port: Int
        /// The largest request body accepted; larger ones get 413 `E_BODY_TOO_LARGE`.
        public var maxBodyBytes: Int
        /// The longest a cached answer (of `decide`, `activation`, `status`) or token lookup is
        /// served without recomputing it, even when no change was announced — the bound on
        /// staleness should a change notification be lost. `.zero` turns the caches off.
        public var cacheMaxAge: Duration

        /// A configuration (loopback, port 8080, 64 MiB bodies, caches of at most 1 s by default).
        public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 64 << 20, cacheMaxAge: Duration = .seconds(1)) {
            self.host = host
            self.port = port
            self.maxBodyBytes = maxBodyBytes
            self.cacheMaxAge = cacheMaxAge
        }
    }

    /// The store the service keeps its state in; closed when the server stops.
    public let store: SQLStore
    /// The listening configuration.
    public let configuration: Configuration
    let service: QMTLService
    let logger: Logger
    let metrics: ServerMetrics
    /// Wakes the decision streams: bumped by this server's decision routes and by PostgreSQL
    /// notifications of every replica's.
    let decisionWake = Wake()
    /// Answers of ``cachedRoutes`` by route, path and query, while the store is unchanged.
    let answers = GenerationCache<String, APIReply>(capacity: 10_000)
    /// Callers by the hash of their bearer token, while the store is unchanged.
    let callers = GenerationCache<Hash256, Caller>(capacity: 10_000)

    /// A server over `store`.
    /// - Parameters:
    ///   - store: the store every request reads and writes.
    ///   - service: the in-process service requests run on, acting as each request's
    ///     caller (by default one over `store` with the system clock and random ids).
    ///   - configuration: host, port, body limit and cache age.
    ///   - logger: where the JSON logs go.
    public init(
        store: SQLStore, service: QMTLService? = nil, configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "qmtl.server")
    ) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.service = service ?? QMTLService(store: store, caller: Caller(actor: "system:server", role: .viewer))
        self.metrics = ServerMetrics(store: store)
        precondition(
            APIRoute.all.allSatisfy { (APIHandlers.table[$0] != nil) != Self.serviceRoutes.contains($0) },
            "a route has no handler")
    }

    static let serviceRoutes: Set<APIRoute> = [.health, .ready, .openAPI, .metrics]

    /// The hot read routes (strategies poll them): answered from memory until the store
    /// changes, a decision expires or ``Configuration/cacheMaxAge`` passes (docs/decisions.md).
    static let cachedRoutes: Set<APIRoute> = [.decide, .activation, .status]

    /// `/openapi.json`, generated once.
    static let openAPIDocument: Result<ByteBuffer, QMTLError> = Result {
        ByteBuffer(string: try JCS.string(try OpenAPIDocument.make(version: QMTLVersion.current)))
    }.mapError { QMTLError(.internalError, "the OpenAPI document could not be generated: \($0)") }

    /// Creates an admin token when the store has none (the first start) and returns its secret,
    /// to be shown once; nil when tokens exist. The secret is never logged.
    public func bootstrapAdminToken() async throws -> String? {
        guard try await store.tokens().isEmpty else { return nil }
        let ctx = AuditContext(actor: "system:server", role: Role.admin.rawValue, requestID: UUID().uuidString.lowercased())
        return try await store.issueToken(name: "admin (first start)", role: Role.admin.rawValue, audit: ctx).secret
    }

    /// The router with every route, the error envelope for unknown routes and the body limit.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.addMiddleware { ErrorEnvelopeMiddleware(logger: logger, metrics: metrics) }
        for route in APIRoute.all {
            router.on(RouterPath(route.path), method: HTTPRequest.Method(rawValue: route.method.rawValue)!) { request, context in
                await respond(route, request, context)
            }
        }
        return router
    }

    /// Listens until SIGTERM or SIGINT (or until the task is cancelled), then lets in-flight
    /// requests finish. The store stays open: its owner closes it.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "qmtl"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app), .init(service: ShutdownWatcher(wake: decisionWake), successTerminationBehavior: .ignore)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let wake = decisionWake
        let store = store
        // One connection listens for both: the pool keeps the rest for requests.
        let listener = Task { await store.watchChanges(onDecisions: { wake.bump() }) }
        // Applies a crash interrupted (here or in another replica) are finished once their lease
        // runs out (R-GOV-8): at start, then every few seconds.
        let service = service
        let recovery = Task {
            while !Task.isCancelled {
                _ = try? await service.recoverApplies()
                try? await Task.sleep(for: .seconds(5))
            }
        }
        // The background tasks' connections go back to the pool before the server counts as
        // stopped, so the store's owner never closes it under a lease still held.
        func stopBackground() async {
            listener.cancel()
            recovery.cancel()
            await listener.value
            await recovery.value
        }
        do {
            try await group.run()
        } catch {
            await stopBackground()
            throw error
        }
        await stopBackground()
    }

    /// A server listening in a background task (tests, benchmarks, embedding).
    public struct Running: Sendable {
        /// The bound port.
        public let port: Int
        let task: Task<Void, any Error>

        /// Shuts down gracefully (in-flight requests finish, streams end) and waits for it.
        public func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// Starts listening in a background task; returns once connections are accepted.
    /// - Throws: why it stopped before listening (e.g. the port is taken).
    public func start() async throws -> Running {
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let task = Task {
            defer { listening.finish() }
            try await run { listening.yield($0) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            if case .failure(let error) = await task.result { throw error }
            throw QMTLError(.serverUnreachable, "the server stopped before it listened")
        }
        return Running(port: port, task: task)
    }

    // MARK: Requests

    func respond(_ route: APIRoute, _ request: Request, _ context: BasicRequestContext) async -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            let reply = try await handle(route, request, context)
            var headers = reply.headers
            if reply.status != .notModified && headers[.contentType] == nil { headers[.contentType] = "application/json" }
            response = Response(status: reply.status, headers: headers, body: reply.stream ?? .init(byteBuffer: reply.body))
        } catch {
            response = ErrorEnvelopeMiddleware.response(for: error, route: route, logger: logger)
        }
        metrics.request(route.description, status: response.status.code, elapsed: ContinuousClock.now - start)
        return response
    }

    func handle(_ route: APIRoute, _ request: Request, _ context: BasicRequestContext) async throws -> APIReply {
        switch route {
        case .health: return try .json(Health(status: "ok"), route)
        case .ready: return try await readiness()
        case .openAPI: return APIReply(status: .ok, body: try Self.openAPIDocument.get())
        case .metrics:
            return APIReply(
                status: .ok, body: ByteBuffer(bytes: await metrics.render()), headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"])
        default: break
        }
        let caller = try await authenticate(request)
        if let needed = route.role, caller.role < needed {
            throw QMTLError(
                .forbidden, "\(route.operation) needs the \(needed.rawValue) role; \(caller.actor) acts as \(caller.role.rawValue)",
                details: ["needs": needed.rawValue, "role": caller.role.rawValue])
        }
        var body: ByteBuffer?
        if route.body != nil || request.method != .get {
            do {
                body = try await request.body.collect(upTo: configuration.maxBodyBytes)
            } catch is NIOTooManyBytesError {
                throw QMTLError(
                    .bodyTooLarge, "the body is larger than \(configuration.maxBodyBytes) bytes",
                    details: ["limit": String(configuration.maxBodyBytes)])
            }
        }
        var parameters: [String: String] = [:]
        for name in route.parameters {
            // Most segments have no escapes; Foundation's decoding is costly on the hot path.
            guard let raw = context.parameters.get(name),
                let value = raw.utf8.contains(UInt8(ascii: "%")) ? raw.removingPercentEncoding : String(raw)
            else {
                throw QMTLError(.badQuery, "\(route): the path parameter \(name) is not valid percent-encoding")
            }
            parameters[name] = value
        }
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        let call = APICall(
            route: route, service: service.acting(as: caller), parameters: parameters, query: query, body: body, headers: request.headers,
            metrics: metrics, wake: decisionWake)
        guard let handler = APIHandlers.table[route] else { throw QMTLError(.routeNotFound, "no handler for \(route)") }
        let reply: APIReply
        if route.isMutating, let key = request.headers[Self.idempotencyKey] {
            reply = try await idempotent(key: key, caller: caller, path: request.uri.path, body: body, call: call, handler: handler)
        } else if Self.cachedRoutes.contains(route) && configuration.cacheMaxAge > .zero {
            reply = try await cached(call, path: request.uri.path, handler: handler)
        } else {
            reply = try await handler(call)
        }
        // Decision routes may have grown the stream: wake this server's subscribers at once.
        if route.isMutating && route.path.hasPrefix("/decision") { decisionWake.bump() }
        return reply.headers[.eTag] == nil ? reply : Self.conditional(reply, ifNoneMatch: request.headers[.ifNoneMatch])
    }

    /// A read of ``cachedRoutes``: the answer computed at the store's current change generation
    /// if there is one and it has not expired, else a fresh one (kept when it is a 200).
    func cached(_ call: APICall, path: String, handler: @escaping APIHandlers.Handler) async throws -> APIReply {
        let query = call.route.query.compactMap { q in call.query[q.name].map { "\(q.name)=\($0)" } }.joined(separator: "&")
        let key = "\(call.route.operation) \(path)?\(query)"
        let generation = store.changes.generation  // before computing: a commit meanwhile makes the answer stale
        let (service, maxAge) = (service, configuration.cacheMaxAge)
        let (reply, source) = try await answers.value(for: key, generation: generation) {
            let reply = try await handler(call)
            guard reply.status == .ok && reply.stream == nil else { return (reply, .zero) }
            return (reply, try await service.untilNextDecisionExpiry().map { min($0, maxAge) } ?? maxAge)
        }
        metrics.cacheLookup(source)
        return reply
    }

    /// `reply`, or 304 without a body when it is a 200 whose `ETag` the client names in
    /// `If-None-Match` (or `*`).
    static func conditional(_ reply: APIReply, ifNoneMatch: String?) -> APIReply {
        guard reply.status == .ok, let etag = reply.headers[.eTag], let ifNoneMatch,
            ifNoneMatch.split(separator: ",").contains(where: {
                let tag = $0.trimmingCharacters(in: .whitespaces)
                return tag == etag || tag == "*"
            })
        else { return reply }
        return APIReply(status: .notModified, body: ByteBuffer(), headers: [.eTag: etag])
    }

    /// A mutation under an `Idempotency-Key`: the first answer (below 500) is stored; a repeat
    /// with the same body gets it again without running twice, another body is 409
    /// `E_IDEMPOTENCY_CONFLICT`. Keys are scoped by caller, method and path.
    func idempotent(
        key: String, caller: Caller, path: String, body: ByteBuffer?, call: APICall, handler: APIHandlers.Handler
    ) async throws -> APIReply {
        guard (1...255).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw QMTLError(.badHeader, "Idempotency-Key must be 1 to 255 visible ASCII characters", details: ["header": "Idempotency-Key"])
        }
        let scope = "\(caller.actor) \(call.route.method.rawValue) \(path)"
        let hash = BLAKE3.hash(body.map { Array($0.readableBytesView) } ?? [])
        if let stored = try await store.idempotency(scope: scope, key: key) {
            guard stored.requestHash == hash else {
                throw QMTLError(.idempotencyConflict, "Idempotency-Key \(key) was used for another request body", details: ["key": key])
            }
            return try Self.replay(stored.response)
        }
        let reply = try await handler(call)
        guard reply.status.code < 500, let json = try? JSONParser.parseValue(Array(reply.body.readableBytesView), fileName: "response") else {
            return reply
        }
        let record = IdempotencyRecord(
            scope: scope, key: key, requestHash: hash, response: ["status": .number(Double(reply.status.code)), "body": json],
            createdAtMillis: Int64(Date().timeIntervalSince1970 * 1000))
        let (first, _) = try await store.putIdempotency(record)
        return try Self.replay(first.response)
    }

    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    static func replay(_ stored: JSONValue) throws -> APIReply {
        guard let o = stored.objectValue, let status = o["status"]?.numberValue, let body = o["body"] else {
            throw QMTLError(.storeCorrupt, "a stored idempotent response is malformed")
        }
        var reply = APIReply(status: .init(code: Int(status)), body: ByteBuffer(string: try JCS.string(body)))
        reply.headers[Self.replayed] = "true"
        return reply
    }

    /// The caller a bearer token names (`token:<id>` with the token's role), or `E_UNAUTHORIZED`.
    func authenticate(_ request: Request) async throws -> Caller {
        guard let header = request.headers[.authorization] else {
            throw QMTLError(.unauthorized, "this route needs `Authorization: Bearer <token>`")
        }
        // `Bearer <token>`, the scheme in any case (RFC 9110), compared without allocating.
        let bytes = header.utf8
        guard bytes.count > 7, bytes.prefix(6).elementsEqual("bearer".utf8, by: { $0 | 0x20 == $1 }),
            bytes.dropFirst(6).first == UInt8(ascii: " ")
        else {
            throw QMTLError(.unauthorized, "the Authorization header must be `Bearer <token>`")
        }
        let hash = BLAKE3.hash(String(Substring(bytes.dropFirst(7))))
        let generation = store.changes.generation
        if configuration.cacheMaxAge > .zero, let caller = callers.value(for: hash, generation: generation, now: .now) { return caller }
        guard let token = try await store.token(secretHash: hash), let role = Role(rawValue: token.role) else {
            throw QMTLError(.unauthorized, "the bearer token is unknown or revoked")
        }
        let caller = Caller(actor: Self.actor(of: token), role: role)
        // Known tokens only: unknown ones cannot fill the cache. A revocation is a commit.
        if configuration.cacheMaxAge > .zero { callers.insert(caller, for: hash, generation: generation, expires: .now + configuration.cacheMaxAge) }
        return caller
    }

    /// The audit actor of a token: its name when the name is a person's or a component's
    /// (`user:olga`, `system:ci`), else `token:<id>` (docs/decisions.md).
    static func actor(of token: TokenRecord) -> String {
        token.name.wholeMatch(of: /(user|system):[A-Za-z0-9._@-]{1,64}/) != nil ? token.name : "token:\(token.tokenID)"
    }

    /// 200 when the store answers and its schema is this binary's; 503 otherwise.
    func readiness() async throws -> APIReply {
        do {
            let version = try await store.appliedMigrations().last?.version ?? 0
            guard version == SQLStore.schemaVersion else {
                return try .json(
                    Health(status: "unavailable", reason: "schema version \(version), this qmtl needs \(SQLStore.schemaVersion)"),
                    status: .serviceUnavailable)
            }
            return try .json(Health(status: "ok"), status: .ok)
        } catch {
            return try .json(Health(status: "unavailable", reason: "the store does not answer"), status: .serviceUnavailable)
        }
    }
}

/// Ends the server's long-lived streams when a graceful shutdown begins (a signal, or the
/// cancellation of ``QMTLServer/run(onListening:)``), so in-flight requests can finish.
struct ShutdownWatcher: Service {
    let wake: Wake

    func run() async throws {
        try? await gracefulShutdown()
        wake.stop()
    }
}
