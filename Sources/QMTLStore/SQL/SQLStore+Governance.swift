import QMTLCore

extension SQLStore {
    // MARK: Campaign state

    public func putCampaignState(_ world: WorldID, strategy: StrategyID, state: JSONValue, audit ctx: AuditContext) async throws {
        let at = now()
        try await write { s in
            _ = try await self.requireWorld(world, s)
            try await s.execute(
                """
                INSERT INTO campaign_state (world_id, strategy_id, state, updated_at_ms) VALUES (?, ?, ?, ?)
                ON CONFLICT (world_id, strategy_id) DO UPDATE SET state = excluded.state, updated_at_ms = excluded.updated_at_ms
                """,
                [.text(world.description), .id(strategy.rootNodeID), try .json(state), .integer(at)])
            try await self.audit(
                s, ctx, action: "campaign.state", target: "\(world)/\(strategy)", after: BLAKE3.hash(try JCS.bytes(state)).description)
        }
    }

    public func campaignState(_ world: WorldID, strategy: StrategyID) async throws -> JSONValue? {
        try await backend.read { s in
            try await s.query(
                "SELECT state FROM campaign_state WHERE world_id = ? AND strategy_id = ?", [.text(world.description), .id(strategy.rootNodeID)]
            ).first?.json("state")
        }
    }

    // MARK: Approvals (R-GOV-6)

    static let approvalColumns =
        "approval_request_id, world_id, strategy_id, run_id, requested_at_ms, decided_at_ms, decided_by, decision, comment, decision_reason"

    func approvalRecord(_ r: SQLRow) throws -> ApprovalRecord {
        guard let decision = ApprovalRecord.Decision(rawValue: try r.text("decision")) else { throw r.failure("decision", "a decision") }
        return ApprovalRecord(
            approvalRequestID: try r.text("approval_request_id"), world: try WorldID(parsing: try r.text("world_id")),
            strategy: StrategyID(root: try r.nodeID("strategy_id")),
            runID: try r.text("run_id"), requestedAtMillis: try r.int("requested_at_ms"), decidedAtMillis: try r.int("decided_at_ms"),
            decidedBy: try r.text("decided_by"),
            decision: decision, comment: try r.text("comment"), decisionReason: try r.text("decision_reason"))
    }

    public func putApproval(_ a: ApprovalRecord, audit ctx: AuditContext) async throws -> (ApprovalRecord, created: Bool) {
        try await write { s in
            // The world row, locked: concurrent decisions on one request are taken one at a time
            // (the second finds the first instead of colliding on the key).
            _ = try await s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(a.world.description)])
            if let existing = try await s.query(
                "SELECT \(SQLStore.approvalColumns) FROM approval WHERE approval_request_id = ?", [.text(a.approvalRequestID)]
            ).first.map(self.approvalRecord) {
                // The same decision again is the stored record (idempotent, R-GOV-6).
                guard existing.decision == a.decision, existing.world == a.world, existing.strategy == a.strategy, existing.runID == a.runID
                else {
                    throw QMTLError(
                        .approvalConflict,
                        "approval request \(a.approvalRequestID) was already \(existing.decision.rawValue) by \(existing.decidedBy)",
                        details: ["decision": existing.decision.rawValue, "decided_by": existing.decidedBy])
                }
                return (existing, false)
            }
            guard try await self.fetchRun(a.world, a.strategy, a.runID, s) != nil else {
                throw QMTLError(.runNotFound, "no run \(a.runID) of \(a.strategy) in \(a.world)")
            }
            try await s.execute(
                "INSERT INTO approval (\(SQLStore.approvalColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(a.approvalRequestID), .text(a.world.description), .id(a.strategy.rootNodeID), .text(a.runID),
                    .integer(a.requestedAtMillis), .integer(a.decidedAtMillis), .text(a.decidedBy), .text(a.decision.rawValue),
                    .text(a.comment), .text(a.decisionReason),
                ])
            // The run is no longer pending (R-GOV-4: the flag lives on the run).
            try await s.execute(
                "UPDATE evaluation_run SET pending_live_approval = ? WHERE world_id = ? AND strategy_id = ? AND run_id = ?",
                [.bool(false), .text(a.world.description), .id(a.strategy.rootNodeID), .text(a.runID)])
            try await self.audit(
                s, ctx, action: "approval.\(a.decision.rawValue)", target: "\(a.world)/\(a.strategy)/\(a.runID)", after: a.approvalRequestID)
            return (a, true)
        }
    }

    public func approvals(_ world: WorldID, strategy: StrategyID?) async throws -> [ApprovalRecord] {
        try await backend.read { s in
            var sql = "SELECT \(SQLStore.approvalColumns) FROM approval WHERE world_id = ?"
            var binds: [SQLValue] = [.text(world.description)]
            if let strategy {
                sql += " AND strategy_id = ?"
                binds.append(.id(strategy.rootNodeID))
            }
            return try await s.query(sql + " ORDER BY decided_at_ms, approval_request_id", binds).map(self.approvalRecord)
        }
    }

    // MARK: Applies (R-GOV-8)

    static let applyColumns = "world_id, apply_id, plan, stage, lease_owner, lease_expires_at_ms, created_at_ms, updated_at_ms"

    func applyRecord(_ r: SQLRow) throws -> ApplyRecord {
        guard let stage = ApplyStage(rawValue: try r.text("stage")) else { throw r.failure("stage", "an apply stage") }
        return ApplyRecord(
            world: try WorldID(parsing: try r.text("world_id")), applyID: try r.text("apply_id"), plan: try r.json("plan"), stage: stage,
            leaseOwner: try r.optionalText("lease_owner"), leaseExpiresAtMillis: try r.optionalInt("lease_expires_at_ms"),
            createdAtMillis: try r.int("created_at_ms"),
            updatedAtMillis: try r.int("updated_at_ms"))
    }

    func fetchApply(_ world: WorldID, _ applyID: String, _ s: any SQLSession, lock: Bool = false) async throws -> ApplyRecord? {
        try await s.query(
            "SELECT \(SQLStore.applyColumns) FROM apply_op WHERE world_id = ? AND apply_id = ?" + (lock ? forUpdate : ""),
            [.text(world.description), .text(applyID)]
        ).first.map(applyRecord)
    }

    public func beginApply(
        _ world: WorldID, applyID: String, plan: JSONValue, leaseOwner: String, leaseUntil: Int64, maxLiveSlots: Int? = nil,
        audit ctx: AuditContext
    ) async throws -> (ApplyRecord, created: Bool) {
        guard let object = plan.objectValue, !object.isEmpty else {
            throw QMTLError(.applyNoPlan, "an apply needs a plan")
        }
        guard !applyID.isEmpty, applyID.count <= 128 else { throw QMTLError(.badApplyID, "apply_id must be 1…128 characters") }
        let at = now()
        return try await write { s in
            // Lock the world row: one apply decision per world at a time.
            _ = try await self.requireWorld(world, s)
            _ = try await s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)])
            if let existing = try await self.fetchApply(world, applyID, s) {
                guard existing.plan == plan else {
                    throw QMTLError(.applyConflict, "apply \(applyID) exists with another plan", details: ["apply_id": applyID])
                }
                return (existing, false)
            }
            let busy = try await s.query(
                "SELECT apply_id FROM apply_op WHERE world_id = ? AND stage NOT IN ('completed', 'rolled_back')", [.text(world.description)])
            if let other = busy.first {
                throw QMTLError(
                    .applyInFlight, "apply \(try other.text("apply_id")) is still in flight in \(world)",
                    details: ["apply_id": try other.text("apply_id"), "world_id": world.description])
            }
            if let maxLiveSlots {
                // Counted under the world's lock with no other apply in flight: concurrent
                // requests see one another's switches, so the slots are never exceeded.
                let live = Set(try await self.liveStrategies(world, s))
                let after = live.subtracting(try Self.planStrategies(plan, "deactivate")).union(try Self.planStrategies(plan, "activate"))
                if after.count > maxLiveSlots {
                    throw QMTLError(
                        .maxLiveSlots, "the apply would make \(after.count) strategies live in \(world); max_live_slots is \(maxLiveSlots)",
                        details: ["live": String(live.count), "after": String(after.count), "max_live_slots": String(maxLiveSlots)])
                }
            }
            let record = ApplyRecord(
                world: world, applyID: applyID, plan: plan, stage: .requested, leaseOwner: leaseOwner, leaseExpiresAtMillis: leaseUntil,
                createdAtMillis: at, updatedAtMillis: at)
            try await s.execute(
                "INSERT INTO apply_op (\(SQLStore.applyColumns), plan_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(world.description), .text(applyID), try .json(plan), .text(record.stage.rawValue), .text(leaseOwner),
                    .integer(leaseUntil), .integer(at), .integer(at), .hash(BLAKE3.hash(try JCS.bytes(plan))),
                ])
            try await self.audit(s, ctx, action: "apply.requested", target: "\(world)/\(applyID)", after: record.stage.rawValue)
            return (record, true)
        }
    }

    public func advanceApply(
        _ world: WorldID, applyID: String, to stage: ApplyStage, leaseOwner: String, leaseUntil: Int64?, refEvents: [RefEvent],
        audit ctx: AuditContext
    ) async throws -> ApplyRecord {
        let at = now()
        return try await write { s in
            guard var record = try await self.fetchApply(world, applyID, s, lock: true) else {
                throw QMTLError(.applyNotFound, "no apply \(applyID) in \(world)")
            }
            if let owner = record.leaseOwner, owner != leaseOwner, let expires = record.leaseExpiresAtMillis, expires > at {
                throw QMTLError(
                    .applyLease, "apply \(applyID) is leased by \(owner) for another \((expires - at + 999) / 1000) s",
                    details: ["owner": owner])
            }
            let before = record.stage
            record.stage = try record.stage.moving(to: stage)
            for e in refEvents {
                _ = try await self.applyRefEvent(world, e.node, e.event, evalKey: nil, domain: e.domain, ctx, s)
            }
            record.leaseOwner = record.stage.isFinished ? nil : leaseOwner
            record.leaseExpiresAtMillis = record.stage.isFinished ? nil : (leaseUntil ?? record.leaseExpiresAtMillis)
            record.updatedAtMillis = at
            try await s.execute(
                "UPDATE apply_op SET stage = ?, lease_owner = ?, lease_expires_at_ms = ?, updated_at_ms = ? WHERE world_id = ? AND apply_id = ?",
                [
                    .text(record.stage.rawValue), .optional(record.leaseOwner), record.leaseExpiresAtMillis.map { .integer($0) } ?? .null,
                    .integer(at), .text(world.description), .text(applyID),
                ])
            try await self.audit(
                s, ctx, action: "apply.\(stage.rawValue)", target: "\(world)/\(applyID)", before: before.rawValue, after: stage.rawValue)
            return record
        }
    }

    /// The strategies whose root ref is running in the live domain (paused ones keep their slot).
    func liveStrategies(_ world: WorldID, _ s: any SQLSession) async throws -> [NodeID] {
        try await s.query(
            """
            SELECT r.node_id FROM wvg_world_node_ref r JOIN wsb b ON b.world_id = r.world_id AND b.strategy_id = r.node_id
            WHERE r.world_id = ? AND r.lifecycle = 'running' AND r.execution_domain = 'live' ORDER BY r.node_id
            """, [.text(world.description)]
        ).map { try $0.nodeID("node_id") }
    }

    /// Strategies live in the world now.
    public func liveStrategies(_ world: WorldID) async throws -> [StrategyID] {
        try await backend.read { s in try await self.liveStrategies(world, s).map { StrategyID(root: $0) } }
    }

    /// The strategy ids of a plan's `activate` or `deactivate` list (`[{strategy_id, …}]`).
    static func planStrategies(_ plan: JSONValue, _ key: String) throws -> Set<NodeID> {
        Set(
            try (plan.objectValue?[key]?.arrayValue ?? []).map { entry in
                guard let text = entry.objectValue?["strategy_id"]?.stringValue else {
                    throw QMTLError(.applyNoPlan, "every \(key) entry of a plan names a strategy_id")
                }
                return try StrategyID(parsing: text).rootNodeID
            })
    }

    /// The store's clock, epoch milliseconds (leases are checked against it).
    public var clockMillis: Int64 { now() }

    /// A world's applies, newest first.
    public func applies(_ world: WorldID, limit: Int) async throws -> [ApplyRecord] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.applyColumns) FROM apply_op WHERE world_id = ? ORDER BY created_at_ms DESC, apply_id DESC LIMIT ?",
                [.text(world.description), .int(limit)]
            ).map(self.applyRecord)
        }
    }

    public func applyStageCounts() async throws -> [ApplyStage: Int] {
        try await backend.read { s in
            var counts: [ApplyStage: Int] = [:]
            for row in try await s.query("SELECT stage, COUNT(*) AS n FROM apply_op GROUP BY stage", []) {
                if let stage = ApplyStage(rawValue: try row.text("stage")) { counts[stage] = Int(try row.int("n")) }
            }
            return counts
        }
    }

    /// Finishes every unfinished apply whose lease has run out (R-GOV-8): one interrupted
    /// before its switch committed is rolled back (nothing changed yet), one after it rolls
    /// forward to `completed` — never half. Returns the applies it finished.
    @discardableResult
    public func recoverApplies(owner: String, audit ctx: AuditContext) async throws -> [ApplyRecord] {
        let at = now()
        var finished: [ApplyRecord] = []
        for apply in try await unfinishedApplies() where (apply.leaseExpiresAtMillis ?? 0) <= at {
            var record = apply
            do {
                while let target = record.stage.recoveryTarget {
                    let next: ApplyStage = record.stage == .switchover ? .unfreeze : target
                    record = try await advanceApply(
                        record.world, applyID: record.applyID, to: next, leaseOwner: owner, leaseUntil: at + 30_000, refEvents: [], audit: ctx)
                }
                finished.append(record)
            } catch let error as QMTLError where error.code == .applyLease || error.code == .illegalTransition {
                continue  // another recoverer (or the owner, back) got there first
            }
        }
        return finished
    }

    public func apply(_ world: WorldID, applyID: String) async throws -> ApplyRecord? {
        try await backend.read { s in try await self.fetchApply(world, applyID, s) }
    }

    public func unfinishedApplies() async throws -> [ApplyRecord] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.applyColumns) FROM apply_op WHERE stage NOT IN ('completed', 'rolled_back') ORDER BY world_id, apply_id", []
            ).map(self.applyRecord)
        }
    }

    // MARK: Risk hub (R-GOV-1)

    /// Stores a snapshot: version 0 takes the next version of the world. The same version
    /// with the same hash is a no-op returning the stored one (`created: false`); with another
    /// hash, `E_RISK_SNAPSHOT_CONFLICT`.
    public func putRiskSnapshot(_ snapshot: RiskSnapshotRecord, audit ctx: AuditContext) async throws -> (RiskSnapshotRecord, created: Bool) {
        guard case .object = snapshot.content else { throw QMTLError(.riskSnapshotFormat, "snapshot content is a JSON object") }
        return try await write { s in
            _ = try await self.requireWorld(snapshot.world, s)
            // The world row, locked: versions are taken one at a time.
            _ = try await s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(snapshot.world.description)])
            var r = snapshot
            if r.version == 0 {
                let last = try await s.query(
                    "SELECT COALESCE(MAX(version), 0) AS v FROM risk_snapshot WHERE world_id = ?", [.text(r.world.description)])
                r.version = Int(try last[0].int("v")) + 1
            }
            let hash = try r.hash()
            if let existing = try await s.query(
                "SELECT \(Self.snapshotColumns) FROM risk_snapshot WHERE world_id = ? AND version = ?", [.text(r.world.description), .int(r.version)]
            ).first.map({ try self.snapshotRecord($0, r.world) }) {
                guard try existing.hash() == hash else {
                    throw QMTLError(
                        .riskSnapshotConflict, "snapshot version \(r.version) of \(r.world) exists with another hash",
                        details: ["version": String(r.version)])
                }
                return (existing, false)
            }
            try await s.execute(
                """
                INSERT INTO risk_snapshot (world_id, version, hash, as_of_ms, produced_at_ms, ttl_sec, dataset_fingerprint, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(r.world.description), .int(r.version), .hash(hash), .integer(r.asOfMillis), .integer(r.producedAtMillis),
                    .int(r.ttlSeconds), .hash(r.datasetFingerprint.hash), try .json(r.body),
                ])
            try await self.audit(s, ctx, action: "risk_hub.push", target: "\(r.world)/v\(r.version)", after: hash.description)
            return (r, true)
        }
    }

    static let snapshotColumns = "version, as_of_ms, produced_at_ms, ttl_sec, dataset_fingerprint, body, hash"

    func snapshotRecord(_ row: SQLRow, _ world: WorldID) throws -> RiskSnapshotRecord {
        var content = try row.json("body").objectValue ?? JSONObject()
        for key in ["world_id", "version", "as_of_ms", "produced_at_ms", "ttl_sec", "dataset_fingerprint"] { content[key] = nil }
        let record = RiskSnapshotRecord(
            world: world, version: Int(try row.int("version")), asOfMillis: try row.int("as_of_ms"),
            producedAtMillis: try row.int("produced_at_ms"), ttlSeconds: Int(try row.int("ttl_sec")),
            datasetFingerprint: DatasetFingerprint(hash: try row.hash("dataset_fingerprint")), content: .object(content))
        guard try record.hash() == (try row.hash("hash")) else {
            throw QMTLError(.storeCorrupt, "risk snapshot \(world) v\(record.version) does not match its hash")
        }
        return record
    }

    /// The world's newest snapshot (highest version), or nil.
    public func latestRiskSnapshot(_ world: WorldID) async throws -> RiskSnapshotRecord? {
        try await riskSnapshots(world, version: nil, asOfAtMost: nil, limit: 1).first
    }

    /// Snapshots, newest version first: one `version`, or those whose data time is at most
    /// `asOfAtMost` (epoch ms), or all; at most `limit`.
    public func riskSnapshots(_ world: WorldID, version: Int?, asOfAtMost: Int64?, limit: Int) async throws -> [RiskSnapshotRecord] {
        try await backend.read { s in
            var sql = "SELECT \(Self.snapshotColumns) FROM risk_snapshot WHERE world_id = ?"
            var binds: [SQLValue] = [.text(world.description)]
            if let version {
                sql += " AND version = ?"
                binds.append(.int(version))
            }
            if let asOfAtMost {
                sql += " AND as_of_ms <= ?"
                binds.append(.integer(asOfAtMost))
            }
            return try await s.query(sql + " ORDER BY version DESC LIMIT ?", binds + [.int(limit)]).map { try self.snapshotRecord($0, world) }
        }
    }
}
