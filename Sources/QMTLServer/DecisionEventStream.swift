import Foundation
import HTTPTypes
import Hummingbird
import QMTLAPI
import QMTLCore
import ServiceLifecycle
import Synchronization

/// `GET /events/decisions`: the decision stream as Server-Sent Events. Each message is
/// `id: <seq>`, `event: decision.events.v1`, `data: <DecisionInfo JSON>`; a subscriber that
/// reconnects with `Last-Event-ID` gets exactly what came after. The stream is read from the
/// store, so a decision posted to any replica on the same database reaches subscribers of
/// every replica. A comment line every 15 s keeps idle connections open; the stream ends when
/// the server shuts down.
enum DecisionEventStream {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    static let poll: Duration = .seconds(1)
    static let keepAlive: Duration = .seconds(15)
    /// A stream ends after this long; SSE clients reconnect with `Last-Event-ID` and miss nothing.
    static let maxLifetime: Duration = .seconds(300)

    static func reply(_ c: APICall) async throws -> APIReply {
        var after = try c.integer("after") ?? 0
        if let header = c.headers[lastEventID] {
            guard let id = Int64(header.trimmingCharacters(in: .whitespaces)), id >= 0 else {
                throw QMTLError(.badHeader, "Last-Event-ID must be a stream position (an integer ≥ 0)", details: ["header": "Last-Event-ID"])
            }
            after = id
        }
        let world = c.query["world_id"]
        // Errors (unknown world, bad position) are answered before the stream starts.
        let first = try await c.service.decisionEvents(after: after, world: world, limit: 500)
        let service = c.service
        let wake = c.wake
        let body = ResponseBody { writer in
            let stopping = Mutex(false)
            var page = first
            var seen = wake.current
            var lastWrite = ContinuousClock.now
            try await withGracefulShutdownHandler {
                let opened = ContinuousClock.now
                // Ends when the server stops, and after `maxLifetime` (the client reconnects with Last-Event-ID).
                while !stopping.withLock({ $0 }) && !wake.isStopped && ContinuousClock.now - opened < maxLifetime {
                    if !page.entries.isEmpty {
                        try await writer.write(ByteBuffer(string: try page.entries.map(message).joined()))
                        lastWrite = .now
                    } else if ContinuousClock.now - lastWrite >= keepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        lastWrite = .now
                    }
                    if page.entries.count < 500 {
                        // A decision written here or on another replica (NOTIFY) wakes the stream at once;
                        // otherwise it reads the store every `poll` (expiries, other processes on SQLite).
                        seen = try await wake.wait(after: seen, fallback: poll)
                    }
                    page = try await service.decisionEvents(after: page.through, world: world, limit: 500)
                }
            } onGracefulShutdown: {
                stopping.withLock { $0 = true }
            }
            try await writer.finish(nil)
        }
        return APIReply(
            status: .ok, body: ByteBuffer(), headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], stream: body)
    }

    /// One SSE message.
    static func message(_ entry: DecisionStreamEntry) throws -> String {
        let data = String(decoding: try APIReply.encoder.encode(entry.event), as: UTF8.self)
        return "id: \(entry.seq)\nevent: \(DecisionStreamEntry.topic)\ndata: \(data)\n\n"
    }
}
