import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

/// The WorldService in process (SPEC §1): ``WorldServiceAPI`` over a ``Store``, acting as one
/// ``Caller``. The server makes one per request with ``acting(as:)``; the embedded CLI makes one
/// for the local user. Request ids come from an injected source, so tests are reproducible.
public struct QMTLService: WorldServiceAPI {
    /// The store the service keeps its state in.
    public let store: any Store
    /// Who the calls act as.
    public let caller: Caller
    /// Makes a fresh request id for each mutation's audit entry.
    let requestIDs: @Sendable () -> String

    /// A service over `store` acting as `caller`.
    /// - Parameter requestIDs: a source of request ids (random UUIDs by default).
    public init(store: any Store, caller: Caller, requestIDs: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }) {
        self.store = store
        self.caller = caller
        self.requestIDs = requestIDs
    }

    /// The same service acting as another caller.
    public func acting(as caller: Caller) -> QMTLService {
        QMTLService(store: store, caller: caller, requestIDs: requestIDs)
    }

    /// Checks the caller's role for `action` (R-SEC-1) and returns the audit context of the call.
    func authorize(_ action: String, needs role: Role) throws -> AuditContext {
        guard caller.role >= role else {
            throw QMTLError(
                .forbidden, "\(action) needs the \(role.rawValue) role; \(caller.actor) acts as \(caller.role.rawValue)",
                details: ["needs": role.rawValue, "role": caller.role.rawValue])
        }
        return AuditContext(actor: caller.actor, role: caller.role.rawValue, requestID: requestIDs())
    }

    static func iso(_ millis: Int64) -> String { UTCTimestamp.format(millis >= 0 ? millis / 1000 : (millis - 999) / 1000) }
}
