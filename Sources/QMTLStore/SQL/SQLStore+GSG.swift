import QMTLCore

extension SQLStore {
    static let nodeColumns = [
        SQLColumn("node_id", "bytea"), SQLColumn("node_type", "text"), SQLColumn("kind", "text"), SQLColumn("interval_s", "int8"),
        SQLColumn("period", "int8"), SQLColumn("schema_id", "text"), SQLColumn("code_hash", "bytea"), SQLColumn("params", "jsonb"),
        SQLColumn("canonical", "text"), SQLColumn("created_at_ms", "int8"),
    ]
    static let edgeColumns = [SQLColumn("src_node_id", "bytea"), SQLColumn("dst_node_id", "bytea")]

    public func upsertNodes(_ nodes: [GSGNode], audit ctx: AuditContext) async throws -> UpsertCount {
        let rows = try Self.upsertRows(nodes)
        let at = now()
        return try await write { s in try await self.upsertNodes(nodes, rows, at: at, ctx, s) }
    }

    /// The node and edge rows of an upsert, after checking each id is the hash of its
    /// canonical text (outside any transaction).
    static func upsertRows(_ nodes: [GSGNode]) throws -> (nodes: [GSGNode], edges: [GSGEdge]) {
        for n in nodes {
            let hash = BLAKE3.hash(n.canonical)
            guard hash == n.nodeID.hash else {
                throw QMTLError(
                    .nodeIDMismatch, "node \(n.nodeID) is not the BLAKE3 of its canonical JSON (\(hash))",
                    details: ["node_id": n.nodeID.description])
            }
        }
        // Rows go in key order: B-tree inserts of sorted keys touch each page once instead of
        // jumping across the whole index (measured with `qmtl-bench gsg`).
        return (
            nodes.sorted { $0.nodeID < $1.nodeID },
            nodes.flatMap { n in n.dependencies.map { GSGEdge(src: $0, dst: n.nodeID) } }.sorted { ($0.src, $0.dst) < ($1.src, $1.dst) }
        )
    }

    /// ``upsertNodes(_:audit:)`` inside the caller's transaction.
    func upsertNodes(
        _ nodes: [GSGNode], _ rows: (nodes: [GSGNode], edges: [GSGEdge]), at: Int64, _ ctx: AuditContext, _ s: any SQLSession
    ) async throws -> UpsertCount {
        let inBatch = Set(nodes.map(\.nodeID))
        try await requireNodes(Array(Set(nodes.flatMap(\.dependencies)).subtracting(inBatch)), in: s)
        let nodeRows: [[SQLValue]] = rows.nodes.map { n in
            [
                .id(n.nodeID), .text(n.nodeType), .text(n.kind.rawValue), .int(n.interval), .int(n.period), .text(n.schemaID),
                .hash(n.codeHash), .text(n.params), .text(n.canonical), .integer(at),
            ]
        }
        let inserted = try await s.insertMany("gsg_node", columns: SQLStore.nodeColumns, rows: nodeRows)
        _ = try await s.insertMany("gsg_edge", columns: SQLStore.edgeColumns, rows: rows.edges.map { [.id($0.src), .id($0.dst)] })
        if inserted > 0 {
            try await audit(s, ctx, action: "gsg.upsert", target: "gsg", after: "\(inserted) nodes, \(rows.edges.count) edges")
        }
        return UpsertCount(inserted: inserted, existing: nodes.count - inserted)
    }

    /// Stores the nodes, binds the strategy to `worlds` and keeps `name` if it is the first one
    /// the strategy is submitted under (see the `Store` requirement).
    public func submitStrategy(
        _ nodes: [GSGNode], strategy: StrategyID, name: String?, worlds: [WorldID], audit ctx: AuditContext
    ) async throws -> StrategySubmission {
        let rows = try Self.upsertRows(nodes)
        let at = now()
        let ids = nodes.map(\.nodeID)
        guard ids.contains(strategy.rootNodeID) else {
            throw QMTLError(.gsgMissingNode, "the strategy's root \(strategy.rootNodeID) is not among the submitted nodes")
        }
        return try await write { s in
            let count = try await self.upsertNodes(nodes, rows, at: at, ctx, s)
            if let name, !name.isEmpty {
                try await s.execute(
                    "INSERT INTO strategy_name (strategy_id, name, created_at_ms) VALUES (?, ?, ?) ON CONFLICT (strategy_id) DO NOTHING",
                    [.id(strategy.rootNodeID), .text(String(name.prefix(200))), .integer(at)])
            }
            var bindings: [StrategySubmission.Binding] = []
            for world in worlds {
                // The nodes were just written in this transaction: no need to look for them again.
                let created = try await self.bind(world, strategy: strategy, nodes: ids, at: at, ctx, s, nodesChecked: true)
                guard let root = try await self.fetchRef(world, strategy.rootNodeID, s) else {
                    throw QMTLError(.storeCorrupt, "binding \(strategy) to \(world) left no root ref")
                }
                bindings.append(StrategySubmission.Binding(world: world, created: created, rootRef: root))
            }
            return StrategySubmission(nodes: count, bindings: bindings)
        }
    }

    public func strategyNames(_ ids: [StrategyID]) async throws -> [StrategyID: String] {
        guard !ids.isEmpty else { return [:] }
        return try await backend.read { s in
            var names: [StrategyID: String] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                let marks = chunk.map { _ in "?" }.joined(separator: ", ")
                let rows = try await s.query(
                    "SELECT strategy_id, name FROM strategy_name WHERE strategy_id IN (\(marks))", chunk.map { .id($0.rootNodeID) })
                for row in rows { names[StrategyID(root: try row.nodeID("strategy_id"))] = try row.text("name") }
            }
            return names
        }
    }

    /// Fails with `E_GSG_MISSING_NODE` naming the first id that is not stored.
    func requireNodes(_ ids: [NodeID], in s: any SQLSession) async throws {
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let found = Set(
                try await s.query("SELECT node_id FROM gsg_node WHERE node_id IN (\(marks))", chunk.map { .id($0) }).map {
                    try $0.nodeID("node_id")
                })
            if let missing = chunk.first(where: { !found.contains($0) }) {
                throw QMTLError(.gsgMissingNode, "node \(missing) is not in the GSG", details: ["node_id": missing.description])
            }
        }
    }

    public func importEdges(_ edges: [GSGEdge], audit ctx: AuditContext) async throws -> UpsertCount {
        try await write { s in
            try await self.requireNodes(Array(Set(edges.flatMap { [$0.src, $0.dst] })), in: s)
            let existing = try await s.query("SELECT src_node_id, dst_node_id FROM gsg_edge", []).map {
                GSGEdge(src: try $0.nodeID("src_node_id"), dst: try $0.nodeID("dst_node_id"))
            }
            if let cycle = GraphCycle.find(in: existing + edges) {
                throw QMTLError(
                    .gsgCycle, "the edges form a cycle: " + cycle.map(\.description).joined(separator: " → "),
                    details: ["cycle": cycle.map(\.description).joined(separator: ",")])
            }
            let inserted = try await s.insertMany(
                "gsg_edge", columns: SQLStore.edgeColumns, rows: edges.map { [.id($0.src), .id($0.dst)] })
            if inserted > 0 { try await self.audit(s, ctx, action: "gsg.import_edges", target: "gsg", after: "\(inserted) edges") }
            return UpsertCount(inserted: inserted, existing: edges.count - inserted)
        }
    }

    static let nodeSelect = "n.node_id, n.node_type, n.kind, n.interval_s, n.period, n.schema_id, n.code_hash, n.params, n.canonical"

    func gsgNode(_ r: SQLRow, dependencies: [NodeID]) throws -> GSGNode {
        guard let kind = NodeKind(rawValue: try r.text("kind")) else { throw r.failure("kind", "a node kind") }
        return GSGNode(
            nodeID: try r.nodeID("node_id"), nodeType: try r.text("node_type"), kind: kind, interval: Int(try r.int("interval_s")),
            period: Int(try r.int("period")), schemaID: try r.text("schema_id"), codeHash: try r.hash("code_hash"),
            params: try JCS.string(try r.json("params")), canonical: try r.text("canonical"), dependencies: dependencies.sorted())
    }

    public func node(_ id: NodeID) async throws -> GSGNode? {
        try await backend.read { s in
            guard let r = try await s.query("SELECT \(SQLStore.nodeSelect) FROM gsg_node n WHERE n.node_id = ?", [.id(id)]).first else {
                return nil
            }
            let deps = try await s.query("SELECT src_node_id FROM gsg_edge WHERE dst_node_id = ?", [.id(id)]).map { try $0.nodeID("src_node_id") }
            return try self.gsgNode(r, dependencies: deps)
        }
    }

    public func nodeCanonicals(after: NodeID?, limit: Int) async throws -> [(id: NodeID, canonical: String)] {
        try await backend.read { s in
            let rows =
                if let after {
                    try await s.query(
                        "SELECT node_id, canonical FROM gsg_node WHERE node_id > ? ORDER BY node_id LIMIT ?", [.id(after), .int(limit)])
                } else {
                    try await s.query("SELECT node_id, canonical FROM gsg_node ORDER BY node_id LIMIT ?", [.int(limit)])
                }
            return try rows.map { (try $0.nodeID("node_id"), try $0.text("canonical")) }
        }
    }

    public func subgraph(from root: NodeID) async throws -> [GSGNode] {
        try await backend.read { s in
            // Every node the root reaches through its inputs, in two queries whatever the depth.
            let start = self.dialect == .postgres ? "CAST(? AS bytea)" : "?"
            let reach = """
                WITH RECURSIVE sub(id) AS (SELECT \(start) UNION SELECT e.src_node_id FROM gsg_edge e JOIN sub ON e.dst_node_id = sub.id)
                """
            var deps: [NodeID: [NodeID]] = [:]
            for r in try await s.query("\(reach) SELECT e.src_node_id, e.dst_node_id FROM gsg_edge e JOIN sub ON e.dst_node_id = sub.id", [.id(root)])
            {
                deps[try r.nodeID("dst_node_id"), default: []].append(try r.nodeID("src_node_id"))
            }
            let nodes = try await s.query("\(reach) SELECT \(SQLStore.nodeSelect) FROM gsg_node n JOIN sub ON n.node_id = sub.id", [.id(root)])
            return try nodes.map { r in try self.gsgNode(r, dependencies: deps[try r.nodeID("node_id")] ?? []) }.sorted { $0.nodeID < $1.nodeID }
        }
    }

    public func gsgCounts() async throws -> (nodes: Int, edges: Int) {
        try await backend.read { s in
            let n = try await s.query("SELECT COUNT(*) AS n FROM gsg_node", [])[0].int("n")
            let e = try await s.query("SELECT COUNT(*) AS n FROM gsg_edge", [])[0].int("n")
            return (Int(n), Int(e))
        }
    }

    public func inputs(of id: NodeID) async throws -> [NodeID] {
        try await backend.read { s in
            try await s.query("SELECT src_node_id FROM gsg_edge WHERE dst_node_id = ?", [.id(id)]).map { try $0.nodeID("src_node_id") }.sorted()
        }
    }
}

/// Cycle detection for imported edges (content-addressed dependencies cannot form cycles;
/// edges imported from elsewhere can).
enum GraphCycle {
    /// The nodes of one cycle, first node repeated at the end, or nil.
    static func find(in edges: [GSGEdge]) -> [NodeID]? {
        var next: [NodeID: [NodeID]] = [:]
        for e in edges { next[e.src, default: []].append(e.dst) }
        var color: [NodeID: Int] = [:]  // 1 on the stack, 2 done
        for start in next.keys.sorted() where color[start] == nil {
            var stack: [(NodeID, Int)] = [(start, 0)]
            var path: [NodeID] = [start]
            color[start] = 1
            while let (node, i) = stack.last {
                let succ = next[node] ?? []
                if i < succ.count {
                    stack[stack.count - 1].1 += 1
                    let m = succ[i]
                    if color[m] == 1 { return Array(path[path.firstIndex(of: m)!...]) + [m] }
                    if color[m] == nil {
                        color[m] = 1
                        stack.append((m, 0))
                        path.append(m)
                    }
                } else {
                    color[node] = 2
                    stack.removeLast()
                    path.removeLast()
                }
            }
        }
        return nil
    }
}
