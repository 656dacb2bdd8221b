import Foundation
import Hummingbird
import QMTLAPI
import QMTLCore
import QMTLService

/// One request as a route handler sees it: the service acting as the authenticated caller, the
/// path's parameters (percent-decoded), the query and the body.
struct APICall: Sendable {
    let route: APIRoute
    let service: QMTLService
    let parameters: [String: String]
    let query: [String: String]
    let body: ByteBuffer?
    let headers: HTTPFields
    let metrics: ServerMetrics
    /// Bumped when the decision stream may have grown.
    let wake: Wake

    /// A path parameter; the router only matches paths that have it.
    func param(_ name: String) -> String { parameters[name] ?? "" }

    /// A query parameter, or `E_BAD_QUERY` when it is missing and required.
    func query(_ name: String) throws -> String {
        guard let value = query[name], !value.isEmpty else {
            throw QMTLError(.badQuery, "\(route) needs the query parameter \(name)", details: ["parameter": name])
        }
        return value
    }

    /// An optional integer query parameter, or `E_BAD_QUERY` when it is not one.
    func integer(_ name: String) throws -> Int64? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else {
            throw QMTLError(.badQuery, "\(route): \(name) must be an integer, got \(text.prefix(40))", details: ["parameter": name])
        }
        return value
    }

    /// The body decoded as `T`, or `E_BAD_BODY` naming the field that is wrong.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard let body, body.readableBytes > 0 else {
            throw QMTLError(.badBody, "\(route) needs a JSON body (\(route.body ?? String(describing: T.self)))")
        }
        do {
            return try WireJSON.decoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw Self.describe(error, route: route)
        } catch let error as QMTLError {
            throw error
        } catch {
            throw QMTLError(.badBody, "the body of \(route) is not valid JSON")
        }
    }

    /// A decoding error as `E_BAD_BODY` with the JSON path of the field.
    static func describe(_ error: DecodingError, route: APIRoute) -> QMTLError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty
                ? "the body"
                : String(keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().dropFirst(keys[0].intValue == nil ? 1 : 0))
        }
        let message: String
        var field = ""
        switch error {
        case .keyNotFound(let key, let context):
            field = path(context.codingPath + [key])
            message = "\(field) is missing"
        case .typeMismatch(let type, let context):
            field = path(context.codingPath)
            message = "\(field) must be \(Self.typeName(type))"
        case .valueNotFound(let type, let context):
            field = path(context.codingPath)
            message = "\(field) must be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context):
            field = path(context.codingPath)
            message = context.codingPath.isEmpty ? "the body is not valid JSON" : "\(field): \(context.debugDescription)"
        @unknown default:
            message = "the body does not match \(route.body ?? "the route's schema")"
        }
        return QMTLError(.badBody, "\(route): \(message)", details: field.isEmpty ? [:] : ["field": field])
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

/// A handler's answer: a status, a JSON body (or none) and extra headers.
struct APIReply: Sendable {
    var status: HTTPResponse.Status
    var body: ByteBuffer
    var headers: HTTPFields = [:]
    /// A streamed body instead of `body` (Server-Sent Events).
    var stream: ResponseBody?

    /// `value` as JSON with the route's success status.
    static func json<T: Encodable>(_ value: T, _ route: APIRoute) throws -> APIReply {
        try json(value, status: .init(code: route.status))
    }

    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status) throws -> APIReply {
        APIReply(status: status, body: ByteBuffer(data: try APIReply.encoder.encode(value)))
    }

    static let encoder = WireJSON.encoder()
}
