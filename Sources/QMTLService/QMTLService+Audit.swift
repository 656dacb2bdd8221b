import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func auditLog(after seq: Int64, limit: Int) async throws -> [AuditEntryInfo] {
        _ = try authorize("audit.list", needs: .viewer)
        guard seq >= 0, (1...10_000).contains(limit) else {
            throw QMTLError(.usage, "after must be ≥ 0 and limit 1 to 10000, got \(seq) and \(limit)")
        }
        return try await store.auditLog(after: seq, limit: limit).map { link in
            let e = link.entry
            return AuditEntryInfo(
                seq: e.seq, atMillis: e.atMillis, actor: e.actor, role: e.role, action: e.action, target: e.target, requestID: e.requestID,
                before: e.before, after: e.after, hash: link.hash.description)
        }
    }

    public func verifyAudit() async throws -> AuditVerdictInfo {
        _ = try authorize("audit.verify", needs: .viewer)
        switch try await store.verifyAudit() {
        case .intact(let entries): return AuditVerdictInfo(intact: true, entries: entries, seq: nil, reason: nil)
        case .broken(let seq, let reason): return AuditVerdictInfo(intact: false, entries: nil, seq: seq, reason: reason)
        }
    }
}
