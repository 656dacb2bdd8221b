import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

/// The WorldService in process (SPEC §1): `WorldServiceAPI` over a `Store`, acting as one
/// `Caller`. The server makes one per request with ``acting(as:)``; the embedded CLI makes one
/// for the local user. Request ids come from an injected source, so tests are reproducible.
public struct QMTLService: WorldServiceAPI {
    /// The store the service keeps its state in.
    public let store: any Store
    /// Who the calls act as.
    public let caller: Caller
    /// Makes fresh lowercase UUIDs: request ids of audit entries and run ids.
    let ids: @Sendable () -> String
    /// The wall clock in epoch seconds (policy `data_currency`, TTLs).
    let now: @Sendable () -> Int64
    /// How long an apply's lease lasts between stages, milliseconds (R-GOV-8): a crashed
    /// apply is recovered once it runs out.
    public var applyLeaseMillis: Int64 = 30_000
    /// Called after each apply stage is persisted (fault injection: `qmtl` SIGKILLs itself
    /// here under `QMTL_CRASH_AT=apply:<stage>`).
    public var applyStageHook: (@Sendable (ApplyStage) -> Void)?

    /// A service over `store` acting as `caller`.
    /// - Parameters:
    ///   - store: the store it reads and writes.
    ///   - caller: who calls, with the role checked on every operation.
    ///   - ids: a source of lowercase UUIDs (random by default).
    ///   - now: the clock in epoch seconds (the system's by default).
    public init(
        store: any Store, caller: Caller, ids: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.store = store
        self.caller = caller
        self.ids = ids
        self.now = now
    }

    /// The same service acting as another caller.
    public func acting(as caller: Caller) -> QMTLService {
        var s = QMTLService(store: store, caller: caller, ids: ids, now: now)
        s.applyLeaseMillis = applyLeaseMillis
        s.applyStageHook = applyStageHook
        return s
    }

    /// Checks the caller's role for `action` (R-SEC-1) and returns the audit context of the call.
    func authorize(_ action: String, needs role: Role) throws -> AuditContext {
        guard caller.role >= role else {
            throw QMTLError(
                .forbidden, "\(action) needs the \(role.rawValue) role; \(caller.actor) acts as \(caller.role.rawValue)",
                details: ["needs": role.rawValue, "role": caller.role.rawValue])
        }
        return AuditContext(actor: caller.actor, role: caller.role.rawValue, requestID: ids())
    }

    static func iso(_ millis: Int64) -> String { UTCTimestamp.format(millis >= 0 ? millis / 1000 : (millis - 999) / 1000) }
}
