/// One audit log entry as stored (R-SEC-2): exactly the fields its hash covers, and the hash,
/// so anyone can re-verify the chain from these.
public struct AuditEntryInfo: Sendable, Hashable, Codable {
    /// Position in the log, from 1.
    public var seq: Int64
    /// Wall time of the mutation, epoch milliseconds.
    public var atMillis: Int64
    /// Who acted.
    public var actor: String
    /// With which role.
    public var role: String
    /// What was done, e.g. `world.create`.
    public var action: String
    /// What it was done to.
    public var target: String
    /// The request it belonged to.
    public var requestID: String
    /// The state before, if any.
    public var before: String?
    /// The state after, if any.
    public var after: String?
    /// `blake3(JCS(entry) ‖ previous hash)`.
    public var hash: String

    /// An entry.
    public init(
        seq: Int64, atMillis: Int64, actor: String, role: String, action: String, target: String, requestID: String, before: String?,
        after: String?, hash: String
    ) {
        self.seq = seq
        self.atMillis = atMillis
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.requestID = requestID
        self.before = before
        self.after = after
        self.hash = hash
    }

    enum CodingKeys: String, CodingKey {
        case seq, actor, role, action, target, before, after, hash
        case atMillis = "at_ms"
        case requestID = "request_id"
    }
}

/// The verdict of `verify`: intact with its entry count, or the first broken entry and why.
public struct AuditVerdictInfo: Sendable, Hashable, Codable {
    /// Whether the whole chain checks out against its head.
    public var intact: Bool
    /// Entries checked, when intact.
    public var entries: Int64?
    /// The first bad entry, when broken.
    public var seq: Int64?
    /// Why it is bad, when broken.
    public var reason: String?

    /// A verdict.
    public init(intact: Bool, entries: Int64?, seq: Int64?, reason: String?) {
        self.intact = intact
        self.entries = entries
        self.seq = seq
        self.reason = reason
    }
}
