import QMTLCore

extension SQLStore {
    static let decisionColumns = """
        event_id, world_id, node_id, decision, reason_code, scope, propagation_rule, target_world_ids, ttl, at_ms, actor, state, \
        resolved_world_ids, approved_by, approved_at_ms
        """

    func decisionRecord(_ r: SQLRow) throws -> DecisionEventRecord {
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
            e.approvedAtMillis.map { .integer($0) } ?? .null,
        ]
    }

    func fetchDecision(_ id: String, _ s: any SQLSession, lock: Bool = false) async throws -> DecisionEventRecord? {
        try await s.query("SELECT \(SQLStore.decisionColumns) FROM decision_event WHERE event_id = ?" + (lock ? forUpdate : ""), [.text(id)])
            .first.map(decisionRecord)
    }

    public func putDecision(_ e: DecisionEventRecord, audit ctx: AuditContext) async throws -> DecisionEventRecord {
        if e.scope == .worldLocal && e.world == nil {
            throw QMTLError(.decisionWorldRequired, "a world-local decision needs world_id")
        }
        return try await backend.transaction { s in
            try await self.requireNodes([e.nodeID], in: s)
            if let world = e.world { _ = try await self.requireWorld(world, s) }
            if let existing = try await self.fetchDecision(e.eventID, s) {
                guard existing == e else {
                    throw QMTLError(.decisionExists, "decision \(e.eventID) exists with another body", details: ["event_id": e.eventID])
                }
                return existing  // same id, same body: idempotent
            }
            let marks = Array(repeating: "?", count: 15).joined(separator: ", ")
            try await s.execute("INSERT INTO decision_event (\(SQLStore.decisionColumns)) VALUES (\(marks))", try self.decisionValues(e))
            try await self.audit(s, ctx, action: "decision.\(e.decision.rawValue)", target: e.eventID, after: e.state.rawValue)
            return e
        }
    }

    public func updateDecision(_ e: DecisionEventRecord, audit ctx: AuditContext) async throws -> DecisionEventRecord {
        try await backend.transaction { s in
            guard let before = try await self.fetchDecision(e.eventID, s, lock: true) else {
                throw QMTLError(.decisionNotFound, "no decision \(e.eventID)")
            }
            // Only the outcome may change; what was decided is immutable.
            guard before.world == e.world, before.nodeID == e.nodeID, before.decision == e.decision, before.scope == e.scope,
                before.propagation == e.propagation, before.atMillis == e.atMillis, before.actor == e.actor
            else {
                throw QMTLError(.decisionImmutable, "only state, resolved worlds and approval of \(e.eventID) can change")
            }
            try await s.execute(
                "UPDATE decision_event SET state = ?, resolved_world_ids = ?, approved_by = ?, approved_at_ms = ? WHERE event_id = ?",
                [
                    .text(e.state.rawValue), try .json(.array(e.resolvedWorlds.map { .string($0.description) })), .optional(e.approvedBy),
                    e.approvedAtMillis.map { .integer($0) } ?? .null, .text(e.eventID),
                ])
            try await self.audit(s, ctx, action: "decision.state", target: e.eventID, before: before.state.rawValue, after: e.state.rawValue)
            return e
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
            return try await s.query(sql + " ORDER BY at_ms, event_id", binds).map(self.decisionRecord)
        }
    }
}
