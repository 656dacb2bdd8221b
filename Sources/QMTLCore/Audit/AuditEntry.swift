/// One entry of the audit log (R-SEC-2): who did what to which target, with the refs of the
/// state before and after. Entries are chained: `hash = BLAKE3(JCS(entry) ‖ prev_hash)`.
public struct AuditEntry: Sendable, Hashable {
    /// Position in the log, from 1, without gaps.
    public var seq: Int64
    /// Wall time of the mutation, epoch milliseconds (supplied by the caller: Core reads no clock).
    public var atMillis: Int64
    public var actor: String
    public var role: String
    /// A stable verb, e.g. `world.create`, `ref.transition`, `decision.approve`.
    public var action: String
    /// What was changed, e.g. `world:eq-us` or `world:eq-us/blake3:…`.
    public var target: String
    public var requestID: String
    /// Ref (hash or id) of the state before the change, if any.
    public var before: String?
    /// Ref of the state after the change, if any.
    public var after: String?

    public init(
        seq: Int64, atMillis: Int64, actor: String, role: String, action: String, target: String, requestID: String,
        before: String? = nil, after: String? = nil
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
    }

    /// The entry as a JSON object (the hashed form).
    public var json: JSONValue {
        var o = JSONObject()
        o["seq"] = .number(Double(seq))
        o["at_ms"] = .number(Double(atMillis))
        o["actor"] = .string(actor)
        o["role"] = .string(role)
        o["action"] = .string(action)
        o["target"] = .string(target)
        o["request_id"] = .string(requestID)
        o["before"] = before.map { .string($0) } ?? .null
        o["after"] = after.map { .string($0) } ?? .null
        return .object(o)
    }

    /// Reads an entry back from its JSON form.
    /// - Throws: ``QMTLError`` `E_AUDIT_FORMAT` naming the bad field.
    public init(json: JSONValue) throws {
        guard let o = json.objectValue else { throw QMTLError(.auditFormat, "an audit entry is an object") }
        func string(_ k: String) throws -> String {
            guard let s = o[k]?.stringValue else { throw QMTLError(.auditFormat, "audit entry field \(k) is missing") }
            return s
        }
        func integer(_ k: String) throws -> Int64 {
            guard let x = o[k]?.numberValue, x.rounded() == x else { throw QMTLError(.auditFormat, "audit entry field \(k) is missing") }
            return Int64(x)
        }
        self.init(
            seq: try integer("seq"), atMillis: try integer("at_ms"), actor: try string("actor"), role: try string("role"),
            action: try string("action"), target: try string("target"), requestID: try string("request_id"),
            before: o["before"]?.stringValue, after: o["after"]?.stringValue)
    }
}
