/// Who is making a change, recorded in the audit log entry of every mutation (R-SEC-2).
public struct AuditContext: Sendable, Hashable {
    /// Who: `user:<name>`, `token:<id>` or `system:<component>`.
    public var actor: String
    /// The role the actor acted with (viewer, submitter, operator, admin).
    public var role: String
    /// The request the change belongs to, to correlate logs and audit entries.
    public var requestID: String

    /// The context of one mutation.
    public init(actor: String, role: String, requestID: String) {
        self.actor = actor
        self.role = role
        self.requestID = requestID
    }
}
