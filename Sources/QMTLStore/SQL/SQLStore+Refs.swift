import Foundation
import QMTLCore

extension SQLStore {
    static let refColumns = "world_id, node_id, lifecycle, overlay, execution_domain, last_eval_key, annotations, updated_at_ms"

    func refRecord(_ r: SQLRow) throws -> WorldNodeRef {
        guard let lifecycle = NodeStatus(rawValue: try r.text("lifecycle")) else { throw r.failure("lifecycle", "a status") }
        let overlay = try r.optionalText("overlay").map { _ in try DecisionOverlay(json: try r.json("overlay")) }
        guard let domain = ExecutionDomain(rawValue: try r.text("execution_domain")) else {
            throw r.failure("execution_domain", "an execution domain")
        }
        return WorldNodeRef(
            world: try WorldID(parsing: try r.text("world_id")), nodeID: try r.nodeID("node_id"),
            state: try WorldNodeState(lifecycle: lifecycle, overlay: overlay), executionDomain: domain,
            lastEvalKey: try r.optionalHash("last_eval_key").map(EvalKey.init(hash:)), annotations: try r.json("annotations"),
            updatedAtMillis: try r.int("updated_at_ms"))
    }

    func fetchRef(_ world: WorldID, _ node: NodeID, _ s: any SQLSession, lock: Bool = false) async throws -> WorldNodeRef? {
        try await s.query(
            "SELECT \(SQLStore.refColumns) FROM wvg_world_node_ref WHERE world_id = ? AND node_id = ?" + (lock ? forUpdate : ""),
            [.text(world.description), .id(node)]
        ).first.map(refRecord)
    }

    static func overlayJSON(_ o: DecisionOverlay?) throws -> SQLValue {
        guard let o else { return .null }
        return try .json(o.json)
    }

    public func bind(_ world: WorldID, strategy: StrategyID, nodes: [NodeID], audit ctx: AuditContext) async throws -> Bool {
        let at = now()
        return try await write { s in try await self.bind(world, strategy: strategy, nodes: nodes, at: at, ctx, s) }
    }

    /// ``bind(_:strategy:nodes:audit:)`` inside the caller's transaction; `nodesChecked` when the
    /// transaction has just upserted the nodes.
    func bind(
        _ world: WorldID, strategy: StrategyID, nodes: [NodeID], at: Int64, _ ctx: AuditContext, _ s: any SQLSession,
        nodesChecked: Bool = false
    ) async throws -> Bool {
        let all = Array(Set(nodes + [strategy.rootNodeID])).sorted()
        let w = try await self.requireWorld(world, s)
        guard w.state == .active else {
            throw QMTLError(.worldNotActive, "world \(world) is \(w.state.rawValue); it accepts no new bindings")
        }
        if !nodesChecked { try await self.requireNodes(all, in: s) }
        let created = try await s.insertMany(
            "wsb", columns: [SQLColumn("world_id", "text"), SQLColumn("strategy_id", "bytea"), SQLColumn("created_at_ms", "int8")],
            rows: [[.text(world.description), .id(strategy.rootNodeID), .integer(at)]])
        let fresh = WorldNodeState()
        let refs = try await s.insertMany(
            "wvg_world_node_ref",
            columns: [
                SQLColumn("world_id", "text"), SQLColumn("node_id", "bytea"), SQLColumn("status", "text"), SQLColumn("lifecycle", "text"),
                SQLColumn("execution_domain", "text"), SQLColumn("annotations", "jsonb"), SQLColumn("updated_at_ms", "int8"),
            ],
            rows: all.map {
                [
                    .text(world.description), .id($0), .text(fresh.status.rawValue), .text(fresh.lifecycle.rawValue),
                    .text(ExecutionDomain.backtest.rawValue), .text("{}"), .integer(at),
                ]
            })
        if created > 0 || refs > 0 {
            try await self.audit(s, ctx, action: "wsb.bind", target: "\(world)/\(strategy)", after: "\(refs) refs")
        }
        return created > 0
    }

    public func bindings(_ world: WorldID) async throws -> [StrategyID] {
        try await backend.read { s in
            try await s.query("SELECT strategy_id FROM wsb WHERE world_id = ? ORDER BY strategy_id", [.text(world.description)]).map {
                StrategyID(root: try $0.nodeID("strategy_id"))
            }
        }
    }

    public func ref(_ world: WorldID, _ node: NodeID) async throws -> WorldNodeRef? {
        try await backend.read { s in try await self.fetchRef(world, node, s) }
    }

    public func refs(_ world: WorldID, status: NodeStatus?) async throws -> [WorldNodeRef] {
        try await backend.read { s in
            if let status {
                return try await s.query(
                    "SELECT \(SQLStore.refColumns) FROM wvg_world_node_ref WHERE world_id = ? AND status = ? ORDER BY node_id",
                    [.text(world.description), .text(status.rawValue)]
                ).map(self.refRecord)
            }
            return try await s.query(
                "SELECT \(SQLStore.refColumns) FROM wvg_world_node_ref WHERE world_id = ? ORDER BY node_id", [.text(world.description)]
            ).map(self.refRecord)
        }
    }

    public func statusCounts(_ world: WorldID) async throws -> [NodeStatus: Int] {
        try await backend.read { s in
            var counts: [NodeStatus: Int] = [:]
            for r in try await s.query(
                "SELECT status, COUNT(*) AS n FROM wvg_world_node_ref WHERE world_id = ? GROUP BY status", [.text(world.description)])
            {
                guard let status = NodeStatus(rawValue: try r.text("status")) else { throw r.failure("status", "a status") }
                counts[status] = Int(try r.int("n"))
            }
            return counts
        }
    }

    public func transition(
        _ world: WorldID, _ node: NodeID, _ event: WorldNodeState.Event, evalKey: EvalKey?, domain: ExecutionDomain?,
        audit ctx: AuditContext
    ) async throws -> WorldNodeRef {
        try await write { s in
            try await self.applyRefEvent(world, node, event, evalKey: evalKey, domain: domain, ctx, s)
        }
    }

    /// One ref event inside the caller's transaction: the machine decides, a refused event
    /// throws before anything is written.
    func applyRefEvent(
        _ world: WorldID, _ node: NodeID, _ event: WorldNodeState.Event, evalKey: EvalKey?, domain: ExecutionDomain?,
        _ ctx: AuditContext, _ s: any SQLSession, current: WorldNodeRef? = nil
    ) async throws -> WorldNodeRef {
        // `current`: the ref as this transaction already read it with a lock.
        guard var ref = try await current.asyncOr({ try await self.fetchRef(world, node, s, lock: true) }) else {
            throw QMTLError(.refNotFound, "node \(node) is not bound in \(world)", details: ["world_id": world.description])
        }
        let before = ref.state
        ref.state = try ref.state.applying(event)
        if let evalKey { ref.lastEvalKey = evalKey }
        if let domain { ref.executionDomain = domain }
        ref.updatedAtMillis = now()
        try await s.execute(
            """
            UPDATE wvg_world_node_ref SET status = ?, lifecycle = ?, overlay = ?, execution_domain = ?, last_eval_key = ?, updated_at_ms = ?
            WHERE world_id = ? AND node_id = ?
            """,
            [
                .text(ref.status.rawValue), .text(ref.state.lifecycle.rawValue), try SQLStore.overlayJSON(ref.state.overlay),
                .text(ref.executionDomain.rawValue), ref.lastEvalKey.map { .hash($0.hash) } ?? .null, .integer(ref.updatedAtMillis),
                .text(world.description), .id(node),
            ])
        try await audit(s, ctx, action: "ref.\(event.name)", target: "\(world)/\(node)", before: before.status.rawValue, after: ref.status.rawValue)
        return ref
    }
}

extension JSONEncoder {
    /// Keys sorted, so stored JSON is stable.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
