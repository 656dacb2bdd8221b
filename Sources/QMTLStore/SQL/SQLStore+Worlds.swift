import QMTLCore

extension SQLStore {
    static let worldColumns = "w.world_id, w.state, w.policy_version, w.created_at_ms, w.updated_at_ms, w.snapshot_hash, s.config"

    func worldRecord(_ r: SQLRow) throws -> WorldRecord {
        let id = try WorldID(parsing: try r.text("world_id"))
        guard let state = WorldState(rawValue: try r.text("state")) else { throw r.failure("state", "a world state") }
        let config = try r.json("config")
        let ref = try WorldRef(world: id, snapshot: config)
        guard ref.snapshotHash == (try r.hash("snapshot_hash")) else {
            throw QMTLError(.storeCorrupt, "the snapshot of \(id) does not match its hash")
        }
        return WorldRecord(
            id: id, config: config, ref: ref, state: state, policyVersion: Int(try r.int("policy_version")),
            createdAtMillis: try r.int("created_at_ms"),
            updatedAtMillis: try r.int("updated_at_ms"))
    }

    func fetchWorld(_ id: WorldID, _ s: any SQLSession) async throws -> WorldRecord? {
        try await s.query(
            "SELECT \(SQLStore.worldColumns) FROM world w JOIN world_snapshot s ON s.world_id = w.world_id AND s.snapshot_hash = w.snapshot_hash WHERE w.world_id = ?",
            [.text(id.description)]
        ).first.map(worldRecord)
    }

    func requireWorld(_ id: WorldID, _ s: any SQLSession) async throws -> WorldRecord {
        guard let w = try await fetchWorld(id, s) else {
            throw QMTLError(.worldNotFound, "no world \(id)", details: ["world_id": id.description])
        }
        return w
    }

    static func checkConfig(_ config: JSONValue) throws {
        guard case .object = config else { throw QMTLError(.worldConfig, "a world's config is a JSON object") }
    }

    public func createWorld(_ id: WorldID, config: JSONValue, audit ctx: AuditContext) async throws -> WorldRecord {
        try Self.checkConfig(config)
        let ref = try WorldRef(world: id, snapshot: config)
        let at = now()
        return try await write { s in
            if try await self.fetchWorld(id, s) != nil {
                throw QMTLError(.worldExists, "world \(id) already exists", details: ["world_id": id.description])
            }
            try await s.execute(
                "INSERT INTO world (world_id, snapshot_hash, state, policy_version, created_at_ms, updated_at_ms) VALUES (?, ?, ?, 0, ?, ?)",
                [.text(id.description), .hash(ref.snapshotHash), .text(WorldState.active.rawValue), .integer(at), .integer(at)])
            try await s.execute(
                "INSERT INTO world_snapshot (world_id, snapshot_hash, config, created_at_ms) VALUES (?, ?, ?, ?)",
                [.text(id.description), .hash(ref.snapshotHash), try .json(config), .integer(at)])
            try await self.audit(s, ctx, action: "world.create", target: id.description, after: ref.description)
            return try await self.requireWorld(id, s)
        }
    }

    public func updateWorldConfig(_ id: WorldID, config: JSONValue, audit ctx: AuditContext) async throws -> WorldRecord {
        try Self.checkConfig(config)
        let ref = try WorldRef(world: id, snapshot: config)
        let at = now()
        return try await write { s in
            let before = try await self.requireWorld(id, s)
            guard before.ref != ref else { return before }
            try await s.execute(
                "INSERT INTO world_snapshot (world_id, snapshot_hash, config, created_at_ms) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.text(id.description), .hash(ref.snapshotHash), try .json(config), .integer(at)])
            try await s.execute(
                "UPDATE world SET snapshot_hash = ?, updated_at_ms = ? WHERE world_id = ?",
                [.hash(ref.snapshotHash), .integer(at), .text(id.description)])
            try await self.audit(s, ctx, action: "world.update", target: id.description, before: before.ref.description, after: ref.description)
            return try await self.requireWorld(id, s)
        }
    }

    public func setWorldState(_ id: WorldID, state: WorldState, audit ctx: AuditContext) async throws -> WorldRecord {
        let at = now()
        return try await write { s in
            let before = try await self.requireWorld(id, s)
            guard before.state != state else { return before }
            if before.state == .archived {
                throw QMTLError(
                    .illegalTransition, "world \(id) is archived; it cannot become \(state.rawValue)",
                    details: ["from": before.state.rawValue, "to": state.rawValue, "allowed": ""])
            }
            try await s.execute(
                "UPDATE world SET state = ?, updated_at_ms = ? WHERE world_id = ?", [.text(state.rawValue), .integer(at), .text(id.description)])
            try await self.audit(s, ctx, action: "world.state", target: id.description, before: before.state.rawValue, after: state.rawValue)
            return try await self.requireWorld(id, s)
        }
    }

    public func world(_ id: WorldID) async throws -> WorldRecord? {
        try await backend.read { s in try await self.fetchWorld(id, s) }
    }

    public func worlds() async throws -> [WorldRecord] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.worldColumns) FROM world w JOIN world_snapshot s ON s.world_id = w.world_id AND s.snapshot_hash = w.snapshot_hash ORDER BY w.world_id",
                []
            ).map(self.worldRecord)
        }
    }

    public func worldSnapshot(_ ref: WorldRef) async throws -> JSONValue? {
        try await backend.read { s in
            try await s.query(
                "SELECT config FROM world_snapshot WHERE world_id = ? AND snapshot_hash = ?", [.text(ref.world.description), .hash(ref.snapshotHash)]
            ).first?.json("config")
        }
    }

    public func publishPolicy(_ world: WorldID, policy: JSONValue, contractID: ContractID, audit ctx: AuditContext) async throws -> PolicyRecord {
        guard try ContractID(policy: policy) == contractID else {
            throw QMTLError(.contractMismatch, "contract id \(contractID) is not the hash of the policy given")
        }
        let at = now()
        return try await write { s in
            let w = try await self.requireWorld(world, s)
            // Lock the world row so two publishers cannot take the same version.
            _ = try await s.query("SELECT policy_version FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)])
            // The default may have been set back to an older version: the next one follows the newest.
            let version =
                Int(
                    try await s.query(
                        "SELECT COALESCE(MAX(version), 0) AS v FROM world_policy WHERE world_id = ?", [.text(world.description)])[0].int("v")) + 1
            try await s.execute(
                "INSERT INTO world_policy (world_id, version, contract_id, policy, created_at_ms) VALUES (?, ?, ?, ?, ?)",
                [.text(world.description), .int(version), .hash(contractID.hash), try .json(policy), .integer(at)])
            try await s.execute(
                "UPDATE world SET policy_version = ?, updated_at_ms = ? WHERE world_id = ?", [.int(version), .integer(at), .text(world.description)])
            try await self.audit(
                s, ctx, action: "policy.publish", target: world.description, before: String(w.policyVersion), after: contractID.description)
            return PolicyRecord(world: world, version: version, contractID: contractID, policy: policy, createdAtMillis: at)
        }
    }

    public func policy(_ world: WorldID, version: Int?) async throws -> PolicyRecord? {
        try await backend.read { s in try await self.fetchPolicy(world, version: version, s) }
    }

    /// A version (the default for nil) inside the caller's session.
    func fetchPolicy(_ world: WorldID, version: Int?, _ s: any SQLSession) async throws -> PolicyRecord? {
        let rows: [SQLRow]
        if let version {
            rows = try await s.query(
                "SELECT version, contract_id, policy, created_at_ms FROM world_policy WHERE world_id = ? AND version = ?",
                [.text(world.description), .int(version)])
        } else {
            rows = try await s.query(
                """
                SELECT p.version, p.contract_id, p.policy, p.created_at_ms FROM world_policy p JOIN world w
                ON w.world_id = p.world_id AND w.policy_version = p.version WHERE p.world_id = ?
                """,
                [.text(world.description)])
        }
        guard let r = rows.first else { return nil }
        let policy = try r.json("policy")
        let contract = try ContractID(policy: policy)
        guard contract.hash == (try r.hash("contract_id")) else {
            throw QMTLError(.storeCorrupt, "policy of \(world) does not match its contract id")
        }
        return PolicyRecord(
            world: world, version: Int(try r.int("version")), contractID: contract, policy: policy, createdAtMillis: try r.int("created_at_ms"))
    }

    public func setDefaultPolicy(_ world: WorldID, version: Int, audit ctx: AuditContext) async throws -> PolicyRecord {
        let at = now()
        try await write { s in
            let w = try await self.requireWorld(world, s)
            _ = try await s.query("SELECT policy_version FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)])
            guard
                try await !s.query("SELECT 1 FROM world_policy WHERE world_id = ? AND version = ?", [.text(world.description), .int(version)])
                    .isEmpty
            else {
                throw QMTLError(.policyVersionNotFound, "\(world) has no policy version \(version)", details: ["version": String(version)])
            }
            guard w.policyVersion != version else { return }
            try await s.execute(
                "UPDATE world SET policy_version = ?, updated_at_ms = ? WHERE world_id = ?", [.int(version), .integer(at), .text(world.description)])
            try await self.audit(s, ctx, action: "policy.default", target: world.description, before: String(w.policyVersion), after: String(version))
        }
        guard let record = try await policy(world, version: version) else { throw QMTLError(.storeCorrupt, "policy v\(version) vanished") }
        return record
    }

    public func policies(_ world: WorldID) async throws -> [PolicyRecord] {
        try await backend.read { s in
            try await s.query(
                "SELECT version, contract_id, created_at_ms FROM world_policy WHERE world_id = ? ORDER BY version", [.text(world.description)]
            ).map { r in
                PolicyRecord(
                    world: world, version: Int(try r.int("version")), contractID: ContractID(hash: try r.hash("contract_id")), policy: .null,
                    createdAtMillis: try r.int("created_at_ms"))
            }
        }
    }
}
