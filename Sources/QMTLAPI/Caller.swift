/// The roles of R-SEC-1, each allowed what the one before it is, and more.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads everything.
    case viewer
    /// + submits strategies, registers data, evaluates.
    case submitter
    /// + decisions, approvals and applies, policy publishing.
    case `operator`
    /// + worlds and tokens.
    case admin

    public static func < (a: Role, b: Role) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Who calls the WorldService: recorded as the actor of every audit entry, and checked against
/// the role each operation needs (R-SEC-1).
public struct Caller: Sendable, Hashable, Codable {
    /// `user:<name>` (embedded: the OS user), `token:<id>` (server) or `system:<component>`.
    public var actor: String
    /// The role the caller acts with.
    public var role: Role

    /// A caller.
    public init(actor: String, role: Role) {
        self.actor = actor
        self.role = role
    }
}
