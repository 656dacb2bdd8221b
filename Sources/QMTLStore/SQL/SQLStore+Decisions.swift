import QMTLCore

extension SQLStore {
    static let decisionColumns = """
        event_id, world_id, node_id, decision, reason_code, scope, propagation_rule, target_world_ids, ttl, at_ms, actor, state, \
        resolved_world_ids, approved_by, approved_at_ms, applied_seq
        """

    func decisionRecord(_ r: SQLRow) throws -> DecisionEventRecord {
        var record = try decisionFields(r)
        record.appliedSeq = try r.int("applied_seq")
        return record
    }

    private func decisionFields(_ r: SQLRow) throws -> DecisionEventRecord {
        func worlds(_ column: String) throws -> [WorldID] {
            try (try r.json(column).arrayValue ?? []).map { try WorldID(parsing: $0.stringValue ?? "") }
        }
        guard let decision = DecisionEventRecord.Decision(rawValue: try r.text("decision")),
            let reason = DecisionEventRecord.ReasonCode(rawValue: try r.text("reason_code")),
            let scope = DecisionEventRecord.Scope(rawValue: try r.text("scope")),
            let propagation = DecisionEventRecord.Propagation(rawValue: try r.text("propagation_rule")),
            let state = DecisionEventRecord.State(rawValue: try r.text("state"))
        else { throw QMTLError(.storeCorrupt, "decision event \(try r.text("event_id")) has an unknown enum value") }
        return DecisionEventRecord(
            eventID: try r.text("event_id"), world: try r.optionalText("world_id").map { try WorldID(parsing: $0) }, nodeID: try r.nodeID("node_id"),
            decision: decision, reasonCode: reason, scope: scope, propagation: propagation, targetWorlds: try worlds("target_world_ids"),
            ttl: try r.text("ttl"), atMillis: try r.int("at_ms"), actor: try r.text("actor"), state: state,
            resolvedWorlds: try worlds("resolved_world_ids"),
            approvedBy: try r.optionalText("approved_by"), approvedAtMillis: try r.optionalInt("approved_at_ms"))
    }

    func decisionValues(_ e: DecisionEventRecord) throws -> [SQLValue] {
        [
            .text(e.eventID), .optional(e.world?.description), .id(e.nodeID), .text(e.decision.rawValue), .text(e.reasonCode.rawValue),
            .text(e.scope.rawValue), .text(e.propagation.rawValue), try .json(.array(e.targetWorlds.map { .string($0.description) })),
            .text(e.ttl), .integer(e.atMillis), .text(e.actor), .text(e.state.rawValue),
            try .json(.array(e.resolvedWorlds.map { .string($0.description) })), .optional(e.approvedBy),
            e.approvedAtMillis.map { .integer($0) } ?? .null, .integer(e.appliedSeq),
        ]
    }

    /// The next applied order, inside the caller's transaction (PostgreSQL: the table is locked
    /// against concurrent appliers first; SQLite writers are serialized anyway).
    func nextAppliedSeq(_ s: any SQLSession) async throws -> Int64 {
        if dialect == .postgres { try await s.execute("LOCK TABLE decision_event IN SHARE ROW EXCLUSIVE MODE", []) }
        return try await s.query("SELECT COALESCE(MAX(applied_seq), 0) + 1 AS next FROM decision_event", [])[0].int("next")
    }

    /// Equal apart from the store-assigned applied order.
    static func sameDecision(_ a: DecisionEventRecord, _ b: DecisionEventRecord) -> Bool {
        var b = b
        b.appliedSeq = a.appliedSeq
        return a == b
    }

    func fetchDecision(_ id: String, _ s: any SQLSession, lock: Bool = false) async throws -> DecisionEventRecord? {
        try await s.query("SELECT \(SQLStore.decisionColumns) FROM decision_event WHERE event_id = ?" + (lock ? forUpdate : ""), [.text(id)])
            .first.map(decisionRecord)
    }

    public func putDecision(_ e: DecisionEventRecord, audit ctx: AuditContext) async throws -> DecisionEventRecord {
        try await write { s in try await self.insertDecision(e, ctx, s) }
    }

    /// Inserts a decision inside the caller's transaction; the same id and body again is a no-op.
    func insertDecision(_ e: DecisionEventRecord, _ ctx: AuditContext, _ s: any SQLSession) async throws -> DecisionEventRecord {
        if e.scope == .worldLocal && e.world == nil {
            throw QMTLError(.decisionWorldRequired, "a world-local decision needs world_id")
        }
        try await requireNodes([e.nodeID], in: s)
        if let world = e.world { _ = try await requireWorld(world, s) }
        if let existing = try await fetchDecision(e.eventID, s) {
            guard Self.sameDecision(existing, e) else {
                throw QMTLError(.decisionExists, "decision \(e.eventID) exists with another body", details: ["event_id": e.eventID])
            }
            return existing  // same id, same body: idempotent
        }
        var e = e
        e.appliedSeq = e.state == .applied ? try await nextAppliedSeq(s) : 0
        let marks = Array(repeating: "?", count: 16).joined(separator: ", ")
        try await s.execute("INSERT INTO decision_event (\(SQLStore.decisionColumns)) VALUES (\(marks))", try decisionValues(e))
        if e.state == .applied { try await appendDecisionLog(e, s) }
        try await audit(s, ctx, action: "decision.\(e.decision.rawValue)", target: e.eventID, after: e.state.rawValue)
        return e
    }

    /// Publishes a decision's new state on the stream, inside the caller's transaction: the
    /// next `seq` in commit order (PostgreSQL: the log is locked against concurrent writers;
    /// SQLite writers are serialized anyway).
    func appendDecisionLog(_ e: DecisionEventRecord, _ s: any SQLSession) async throws {
        if dialect == .postgres { try await s.execute("LOCK TABLE decision_log IN EXCLUSIVE MODE", []) }
        let seq = try await s.query("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM decision_log", [])[0].int("next")
        try await s.execute(
            "INSERT INTO decision_log (seq, event_id, state, at_ms) VALUES (?, ?, ?, ?)",
            [.integer(seq), .text(e.eventID), .text(e.state.rawValue), .integer(now())])
        if dialect == .postgres {  // delivered at commit to every listening replica
            try await s.execute("SELECT pg_notify(?, ?)", [.text(Self.decisionChannel), .text(String(seq))])
        }
    }

    /// The PostgreSQL channel notified when the decision stream grows.
    static let decisionChannel = "qmtl_decisions"

    public func decisionLog(after seq: Int64, limit: Int) async throws -> [DecisionLogEntry] {
        try await backend.read { s in
            let rows = try await s.query(
                "SELECT seq, event_id, state, at_ms FROM decision_log WHERE seq > ? ORDER BY seq LIMIT ?", [.integer(seq), .int(limit)])
            var records: [String: DecisionEventRecord] = [:]
            for id in Set(try rows.map { try $0.text("event_id") }) {
                records[id] = try await self.fetchDecision(id, s)
            }
            return try rows.map { r in
                let id = try r.text("event_id")
                guard var record = records[id], let state = DecisionEventRecord.State(rawValue: try r.text("state")) else {
                    throw QMTLError(.storeCorrupt, "decision log entry \(try r.int("seq")) names a missing decision or state")
                }
                record.state = state
                return DecisionLogEntry(seq: try r.int("seq"), atMillis: try r.int("at_ms"), decision: record)
            }
        }
    }

    public func updateDecision(_ e: DecisionEventRecord, audit ctx: AuditContext) async throws -> DecisionEventRecord {
        try await write { s in try await self.updateDecision(e, ctx, s) }
    }

    /// Records a decision's new outcome inside the caller's transaction.
    func updateDecision(_ e: DecisionEventRecord, _ ctx: AuditContext, _ s: any SQLSession) async throws -> DecisionEventRecord {
        guard let before = try await fetchDecision(e.eventID, s, lock: true) else {
            throw QMTLError(.decisionNotFound, "no decision \(e.eventID)")
        }
        // Only the outcome may change; what was decided is immutable.
        guard before.world == e.world, before.nodeID == e.nodeID, before.decision == e.decision, before.scope == e.scope,
            before.propagation == e.propagation, before.atMillis == e.atMillis, before.actor == e.actor
        else {
            throw QMTLError(.decisionImmutable, "only state, resolved worlds and approval of \(e.eventID) can change")
        }
        if Self.sameDecision(before, e) { return before }
        var e = e
        e.appliedSeq = e.state == .applied && before.state != .applied ? try await nextAppliedSeq(s) : before.appliedSeq
        try await s.execute(
            "UPDATE decision_event SET state = ?, resolved_world_ids = ?, approved_by = ?, approved_at_ms = ?, applied_seq = ? WHERE event_id = ?",
            [
                .text(e.state.rawValue), try .json(.array(e.resolvedWorlds.map { .string($0.description) })), .optional(e.approvedBy),
                e.approvedAtMillis.map { .integer($0) } ?? .null, .integer(e.appliedSeq), .text(e.eventID),
            ])
        // Published: becoming applied, and leaving applied (revoked, expired, quarantined).
        if (e.state == .applied) != (before.state == .applied) { try await appendDecisionLog(e, s) }
        try await audit(s, ctx, action: "decision.state", target: e.eventID, before: before.state.rawValue, after: e.state.rawValue)
        return e
    }

    public func recordDecisions(
        _ events: [DecisionEventRecord], refEvents: [WorldID: [RefEvent]], audit ctx: AuditContext
    ) async throws -> [DecisionEventRecord] {
        try await write { s in
            var out: [DecisionEventRecord] = []
            for e in events {
                if try await self.fetchDecision(e.eventID, s) == nil {
                    out.append(try await self.insertDecision(e, ctx, s))
                } else {
                    out.append(try await self.updateDecision(e, ctx, s))
                }
            }
            // Worlds in id order, refs in node order: concurrent writers lock in one order.
            for world in refEvents.keys.sorted(by: { $0.description < $1.description }) {
                for e in (refEvents[world] ?? []).sorted(by: { $0.node < $1.node }) {
                    _ = try await self.applyRefEvent(world, e.node, e.event, evalKey: e.evalKey, domain: e.domain, ctx, s)
                }
            }
            return out
        }
    }

    public func worlds(binding node: NodeID) async throws -> [WorldID] {
        try await backend.read { s in
            try await s.query("SELECT world_id FROM wvg_world_node_ref WHERE node_id = ? ORDER BY world_id", [.id(node)]).map {
                try WorldID(parsing: try $0.text("world_id"))
            }
        }
    }

    public func decision(_ id: String) async throws -> DecisionEventRecord? {
        try await backend.read { s in try await self.fetchDecision(id, s) }
    }

    public func decisions(world: WorldID?, states: [DecisionEventRecord.State]?) async throws -> [DecisionEventRecord] {
        try await backend.read { s in
            var sql = "SELECT \(SQLStore.decisionColumns) FROM decision_event"
            var binds: [SQLValue] = []
            var conditions: [String] = []
            if let world {
                conditions.append("world_id = ?")
                binds.append(.text(world.description))
            }
            if let states, !states.isEmpty {
                conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
                binds += states.map { .text($0.rawValue) }
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            return try await s.query(sql + " ORDER BY at_ms, applied_seq, event_id", binds).map(self.decisionRecord)
        }
    }
}
