/// Who is making a change, recorded in the audit log entry of every mutation (R-SEC-2).
public struct AuditContext: Sendable, Hashable {
    public var actor: String
    public var role: String
    public var requestID: String

    public init(actor: String, role: String, requestID: String) {
        self.actor = actor
        self.role = role
        self.requestID = requestID
    }
}
