import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import QMTLAPI
import QMTLCore

/// The WorldService of a `qmtl serve` at ``baseURL``, over HTTP: the same `WorldServiceAPI`
/// as the in-process service, built from the same route table (`APIRoute`), so every CLI
/// command runs remotely unchanged.
///
/// Server errors come back as the same `QMTLError` codes; a server that does not answer is
/// `E_SERVER_UNREACHABLE` naming the URL.
public struct QMTLClient: WorldServiceAPI {
    /// The server's URL, e.g. `http://127.0.0.1:8080`.
    public let baseURL: String
    /// The bearer token sent with every request, if any.
    public let token: String?
    let http: HTTPClient
    let timeout: TimeAmount
    /// Sees every answer (route, status, body) before it is decoded: tests check them against
    /// `/openapi.json`.
    let observe: (@Sendable (APIRoute, Int, Data) -> Void)?

    /// A client of the server at `baseURL` (trailing slashes are ignored).
    /// - Throws: `E_USAGE` when `baseURL` is not an `http://` or `https://` URL.
    /// - Parameters:
    ///   - baseURL: the server, e.g. `http://127.0.0.1:8080`.
    ///   - token: the bearer token (nil: only the routes anyone may call work).
    ///   - timeout: how long one request may take.
    ///   - observe: sees every answer (route, status, body) before it is decoded.
    public init(
        baseURL: String, token: String?, timeout: Duration = .seconds(60), observe: (@Sendable (APIRoute, Int, Data) -> Void)? = nil
    ) throws {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw QMTLError(.usage, "--server must be an http:// or https:// URL, got \(baseURL)")
        }
        self.baseURL = url
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.http = Self.sharedHTTP
        self.observe = observe
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    // MARK: Transport

    /// One HTTP client for the process, never shut down (like `HTTPClient.shared`), that fails
    /// at once when nothing listens instead of retrying the connection until the deadline.
    static let sharedHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Sends one request and decodes the answer as `T`, or throws the server's error.
    func call<T: Decodable>(
        _ route: APIRoute, _ parameters: [String: String] = [:], query: [String: String?] = [:], body: (some Encodable)? = Optional<Empty>.none,
        headers: [(String, String)] = []
    ) async throws -> T {
        let (status, bytes) = try await send(route, parameters, query: query, body: body, headers: headers)
        observe?(route, status, bytes)
        guard (200..<300).contains(status) else { throw Self.error(status: status, body: bytes, route: route) }
        do {
            return try WireJSON.decoder().decode(T.self, from: bytes)
        } catch {
            throw QMTLError(
                .serverResponse, "\(route) answered \(status) with a body this client cannot read as \(T.self)",
                details: ["url": baseURL])
        }
    }

    func send(
        _ route: APIRoute, _ parameters: [String: String], query: [String: String?], body: (some Encodable)?, headers: [(String, String)]
    ) async throws -> (Int, Data) {
        var url = baseURL + route.path(parameters)
        let pairs = query.compactMap { k, v in v.map { (k, $0) } }.sorted { $0.0 < $1.0 }
        if !pairs.isEmpty {
            url += "?" + pairs.map { "\($0.0)=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: route.method.rawValue)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try WireJSON.encoder().encode(body)))
        } else if route.method != .get {
            request.body = .bytes(ByteBuffer())
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw QMTLError(.serverUnreachable, "no qmtl server answers at \(baseURL) (\(Self.reason(error)))", details: ["url": baseURL])
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: 1 << 30)
        } catch {
            throw QMTLError(.serverUnreachable, "the connection to \(baseURL) broke during the answer", details: ["url": baseURL])
        }
        return (Int(response.status.code), Data(buffer.readableBytesView))
    }

    /// The server's error envelope as a typed error; anything else is `E_SERVER_RESPONSE`.
    static func error(status: Int, body: Data, route: APIRoute) -> QMTLError {
        if let envelope = try? WireJSON.decoder().decode(ErrorEnvelope.self, from: body), let code = QMTLError.Code(rawValue: envelope.error.code) {
            return QMTLError(code, envelope.error.message, details: envelope.error.details)
        }
        return QMTLError(.serverResponse, "\(route) answered \(status) without a qmtl error envelope")
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("Timeout") || text.contains("timeout") { return "timed out" }
        return text.count > 120 ? String(text.prefix(120)) + "…" : text
    }

    static func encodeQuery(_ value: String) -> String {
        APIRoute.encodeSegment(value)
    }

    /// The absent body.
    struct Empty: Encodable {}
}
