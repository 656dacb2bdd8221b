import QMTLCore

extension SQLStore {
    func validationRecord(_ r: SQLRow) throws -> ValidationRecord {
        guard let result = ValidationRecord.Result(rawValue: try r.text("result")) else { throw r.failure("result", "a validation result") }
        return ValidationRecord(
            evalKey: EvalKey(hash: try r.hash("eval_key")), world: try WorldID(parsing: try r.text("world_id")), nodeID: try r.nodeID("node_id"),
            result: result,
            metrics: try r.json("metrics"), atMillis: try r.int("at_ms"))
    }

    static let validationColumns = "eval_key, world_id, node_id, result, metrics, at_ms"

    public func putValidation(_ v: ValidationRecord, audit ctx: AuditContext) async throws -> (ValidationRecord, created: Bool) {
        try await write { s in try await self.putValidation(v, ctx, s) }
    }

    /// ``putValidation(_:audit:)`` inside the caller's transaction; `refChecked` when the caller
    /// has already read the world and the ref in it (an evaluation).
    func putValidation(
        _ v: ValidationRecord, _ ctx: AuditContext, _ s: any SQLSession, refChecked: Bool = false
    ) async throws -> (ValidationRecord, created: Bool) {
        guard case .object = v.metrics else { throw QMTLError(.validationMetrics, "validation metrics are a JSON object") }
        if !refChecked {
            _ = try await requireWorld(v.world, s)
            guard try await fetchRef(v.world, v.nodeID, s) != nil else {
                throw QMTLError(.refNotFound, "node \(v.nodeID) is not bound in \(v.world)")
            }
        }
        let inserted = try await s.insertMany(
            "validation",
            columns: [
                SQLColumn("eval_key", "bytea"), SQLColumn("world_id", "text"), SQLColumn("node_id", "bytea"), SQLColumn("result", "text"),
                SQLColumn("metrics", "jsonb"), SQLColumn("at_ms", "int8"),
            ],
            rows: [
                [
                    .hash(v.evalKey.hash), .text(v.world.description), .id(v.nodeID), .text(v.result.rawValue), try .json(v.metrics),
                    .integer(v.atMillis),
                ]
            ])
        if inserted > 0 {
            try await audit(s, ctx, action: "validation.put", target: "\(v.world)/\(v.nodeID)", after: v.evalKey.description)
            return (v, true)
        }
        // Already cached: the first result stands.
        let stored = try await s.query("SELECT \(SQLStore.validationColumns) FROM validation WHERE eval_key = ?", [.hash(v.evalKey.hash)])
        let record = try validationRecord(stored[0])
        guard record.world == v.world && record.nodeID == v.nodeID else {
            throw QMTLError(.evalKeyConflict, "EvalKey \(v.evalKey) is already cached for another world or node")
        }
        return (record, false)
    }

    public func validation(_ key: EvalKey) async throws -> ValidationRecord? {
        try await backend.read { s in
            try await s.query("SELECT \(SQLStore.validationColumns) FROM validation WHERE eval_key = ?", [.hash(key.hash)]).first.map(
                self.validationRecord)
        }
    }

    public func validations(_ world: WorldID, node: NodeID) async throws -> [ValidationRecord] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.validationColumns) FROM validation WHERE world_id = ? AND node_id = ? ORDER BY at_ms DESC",
                [.text(world.description), .id(node)]
            ).map(self.validationRecord)
        }
    }

    public func setEdgeOverride(_ o: EdgeOverride, audit ctx: AuditContext) async throws {
        try await write { s in
            _ = try await self.requireWorld(o.world, s)
            try await self.requireNodes([o.src, o.dst], in: s)
            let edge = try await s.query(
                "SELECT 1 FROM gsg_edge WHERE src_node_id = ? AND dst_node_id = ?", [.id(o.src), .id(o.dst)])
            guard !edge.isEmpty else {
                throw QMTLError(.gsgMissingEdge, "there is no edge \(o.src) → \(o.dst) in the GSG")
            }
            try await s.execute(
                """
                INSERT INTO wvg_edge_override (world_id, src_node_id, dst_node_id, active, reason) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (world_id, src_node_id, dst_node_id) DO UPDATE SET active = excluded.active, reason = excluded.reason
                """,
                [.text(o.world.description), .id(o.src), .id(o.dst), .bool(o.active), .text(o.reason.rawValue)])
            try await self.audit(
                s, ctx, action: "edge_override.set", target: "\(o.world)/\(o.src)->\(o.dst)", after: o.active ? "active" : "inactive")
        }
    }

    public func edgeOverrides(_ world: WorldID) async throws -> [EdgeOverride] {
        try await backend.read { s in
            try await s.query(
                "SELECT src_node_id, dst_node_id, active, reason FROM wvg_edge_override WHERE world_id = ? ORDER BY src_node_id, dst_node_id",
                [.text(world.description)]
            ).map { r in
                guard let reason = EdgeOverride.Reason(rawValue: try r.text("reason")) else { throw r.failure("reason", "a reason") }
                return EdgeOverride(
                    world: world, src: try r.nodeID("src_node_id"), dst: try r.nodeID("dst_node_id"), active: try r.bool("active"), reason: reason)
            }
        }
    }
}
