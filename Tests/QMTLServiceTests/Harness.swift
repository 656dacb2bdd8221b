import Foundation
import Logging
import QMTLAPI
import QMTLClient
import QMTLCore
import QMTLServer
import QMTLService
import QMTLStore
import QMTLTestSupport
import Testing

/// How a test reaches the WorldService: the in-process ``QMTLService``, or a ``QMTLClient``
/// over loopback HTTP to a real listening ``QMTLServer`` on the same store.
enum Transport: String, Sendable, CaseIterable {
    case inProcess = "in-process"
    case http
}

/// One store and one transport: the WorldService suite runs on every pair.
struct Backend: Sendable, CustomTestStringConvertible {
    let store: StoreKind
    let transport: Transport

    var testDescription: String { "\(store.rawValue) \(transport.rawValue)" }

    static var all: [Backend] {
        StoreKind.available.flatMap { kind in Transport.allCases.map { Backend(store: kind, transport: $0) } }
    }
}

/// The service of one test: ``api`` acts as the service's own caller, ``acting(as:)`` as
/// another. Over HTTP each caller is a real bearer token, created before the test runs (so
/// tests that compare audit heads see only their own writes) and named after the caller's
/// actor, which the server records as the actor.
struct Harness: Sendable {
    let store: SQLStore
    let api: any WorldServiceAPI
    let base: QMTLService
    let baseURL: String?
    let tokens: [Caller: String]

    /// Every caller the suite acts as. Over HTTP, acting as another one is a test error.
    static let personas: [Caller] = [
        WorldServiceTests.admin, Caller(actor: "user:olga", role: .operator), Caller(actor: "user:risk", role: .operator),
        Caller(actor: "user:sam", role: .submitter), Caller(actor: "user:v", role: .submitter), Caller(actor: "user:v", role: .viewer),
        Caller(actor: "user:vic", role: .viewer), Caller(actor: "system:ci", role: .submitter),
    ]

    /// The service acting as `caller`.
    func acting(as caller: Caller) throws -> any WorldServiceAPI {
        guard let baseURL else { return base.acting(as: caller) }
        guard let token = tokens[caller] else {
            Issue.record("\(caller) is not one of Harness.personas")
            throw QMTLError(.unauthorized, "no token for \(caller.actor)")
        }
        return try QMTLClient(baseURL: baseURL, token: token, observe: Self.checkAnswer)
    }

    /// Test servers log only what is critical (stopping them is expected).
    static var quiet: Logger {
        var logger = Logger(label: "qmtl.test.server")
        logger.logLevel = .critical
        return logger
    }

    /// The schemas of `/openapi.json`.
    static let validator = Result { SchemaValidator(schemas: try OpenAPIDocument.schemas()) }

    /// Every answer the suite gets over HTTP must be what `/openapi.json` says: the route's
    /// response schema, or the error envelope.
    static let checkAnswer: @Sendable (APIRoute, Int, Data) -> Void = { route, status, body in
        guard status != 304 else { return }
        let name = status >= 400 ? "ErrorEnvelope" : route.response
        guard let validator = try? validator.get() else {
            Issue.record("the OpenAPI schemas cannot be inferred")
            return
        }
        guard let value = try? JSONParser.parseValue(Array(body), fileName: "response") else {
            Issue.record("\(route) answered \(status) with a body that is not JSON")
            return
        }
        let errors = validator.errors(value, ["$ref": .string("#/components/schemas/\(name)")])
        if !errors.isEmpty {
            Issue.record("\(route) answered \(status) outside /openapi.json (\(name)):\n\(errors.prefix(10).joined(separator: "\n"))")
        }
    }
}

/// Runs `body` on a fresh store of `backend.store`, with the service `make` builds over it,
/// reached in process or through a server listening on a free loopback port (stopped after).
func withService<T: Sendable>(
    _ backend: Backend, _ make: @escaping @Sendable (SQLStore) -> QMTLService = { WorldServiceTests.service($0) },
    _ body: @Sendable (Harness) async throws -> T
) async throws -> T {
    try await withStore(backend.store) { store in
        let base = make(store)
        guard backend.transport == .http else {
            return try await body(Harness(store: store, api: base, base: base, baseURL: nil, tokens: [:]))
        }
        var tokens: [Caller: String] = [:]
        let ctx = AuditContext(actor: "system:test", role: "admin", requestID: "harness")
        for caller in Harness.personas + [base.caller] where tokens[caller] == nil {
            tokens[caller] = try await store.issueToken(name: caller.actor, role: caller.role.rawValue, audit: ctx).secret
        }
        let server = QMTLServer(store: store, service: base, configuration: .init(host: "127.0.0.1", port: 0), logger: Harness.quiet)
        let running = try await server.start()
        let url = "http://127.0.0.1:\(running.port)"
        let harness = Harness(
            store: store, api: try QMTLClient(baseURL: url, token: tokens[base.caller], observe: Harness.checkAnswer), base: base, baseURL: url,
            tokens: tokens)
        do {
            let result = try await body(harness)
            try await bounded("stopping the server") { await running.stop() }
            return result
        } catch {
            try? await bounded("stopping the server") { await running.stop() }
            throw error
        }
    }
}
