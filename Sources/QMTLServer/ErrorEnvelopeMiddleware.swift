import Foundation
import Hummingbird
import Logging
import NIOCore
import QMTLAPI
import QMTLCore

/// Turns whatever escapes a route — an unknown path, a Hummingbird error — into the error
/// envelope, so every failure has the same shape (R-SEC-3).
struct ErrorEnvelopeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let logger: Logger
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            return try await next(request, context)
        } catch {
            let response = Self.response(for: error, route: nil, logger: logger)
            metrics.request("unmatched", status: response.status.code, elapsed: ContinuousClock.now - start)
            return response
        }
    }

    /// The envelope of `error`: typed errors with their code's status; Hummingbird's with the
    /// closest code; anything else is `E_INTERNAL` (logged, never shown).
    static func response(for error: any Error, route: APIRoute?, logger: Logger) -> Response {
        let typed: QMTLError
        switch error {
        case let e as QMTLError:
            typed = e
        case let e as HTTPError where e.status == .notFound || e.status == .methodNotAllowed:
            typed = QMTLError(.routeNotFound, "no route matches this method and path; see /openapi.json")
        case is NIOTooManyBytesError:
            typed = QMTLError(.bodyTooLarge, "the body is larger than the server accepts")
        case let e as HTTPError where e.status == .contentTooLarge:
            typed = QMTLError(.bodyTooLarge, "the body is larger than the server accepts")
        case let e as HTTPError where e.status.code < 500:
            typed = QMTLError(.badBody, e.body ?? "the request is malformed (\(e.status.code))")
        default:
            logger.error("unexpected error", metadata: ["route": "\(route?.description ?? "-")", "error": "\(String(describing: error))"])
            typed = QMTLError(.internalError, "the server failed on an unexpected error")
        }
        let body = (try? APIReply.encoder.encode(ErrorEnvelope(typed))) ?? Data("{}".utf8)
        return Response(
            status: .init(code: typed.code.httpStatus), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(data: body)))
    }
}
