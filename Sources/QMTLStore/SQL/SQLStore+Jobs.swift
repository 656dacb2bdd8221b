import QMTLCore

extension SQLStore {
    static let jobColumns =
        "job_id, kind, world_id, strategy_id, run_id, state, lease_owner, lease_expires_at_ms, attempts, checkpoint, progress, error, created_at_ms, updated_at_ms"

    func jobRecord(_ r: SQLRow) throws -> JobRecord {
        guard let kind = JobRecord.Kind(rawValue: try r.text("kind")), let state = JobRecord.State(rawValue: try r.text("state")) else {
            throw QMTLError(.storeCorrupt, "job \(try r.text("job_id")) has an unknown kind or state")
        }
        var job = JobRecord(
            jobID: try r.text("job_id"), kind: kind, world: try WorldID(parsing: try r.text("world_id")),
            strategy: StrategyID(root: try r.nodeID("strategy_id")), runID: try r.optionalText("run_id"), createdAtMillis: try r.int("created_at_ms"))
        job.state = state
        job.leaseOwner = try r.optionalText("lease_owner")
        job.leaseExpiresAtMillis = try r.optionalInt("lease_expires_at_ms")
        job.attempts = Int(try r.int("attempts"))
        job.checkpoint = try r.value("checkpoint") == .null ? nil : try r.blob("checkpoint")
        job.progress = try r.value("progress") == .null ? nil : try r.json("progress")
        job.error = try r.optionalText("error")
        job.updatedAtMillis = try r.int("updated_at_ms")
        return job
    }

    func fetchJob(_ id: String, _ s: any SQLSession, lock: Bool = false) async throws -> JobRecord? {
        try await s.query("SELECT \(Self.jobColumns) FROM job WHERE job_id = ?\(lock ? forUpdate : "")", [.text(id)]).first.map(jobRecord)
    }

    public func enqueueJob(_ job: JobRecord, audit ctx: AuditContext) async throws -> (JobRecord, created: Bool) {
        let at = now()
        return try await write { s in
            if let existing = try await self.fetchJob(job.jobID, s) { return (existing, false) }
            var queued = JobRecord(
                jobID: job.jobID, kind: job.kind, world: job.world, strategy: job.strategy, runID: job.runID, createdAtMillis: at)
            queued.progress = job.progress
            try await s.execute(
                "INSERT INTO job (\(Self.jobColumns)) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, NULL, ?, NULL, ?, ?)",
                [
                    .text(queued.jobID), .text(queued.kind.rawValue), .text(queued.world.description), .id(queued.strategy.rootNodeID),
                    .optional(queued.runID), .text(queued.state.rawValue), try queued.progress.map { try .json($0) } ?? .null, .integer(at),
                    .integer(at),
                ])
            try await self.audit(s, ctx, action: "job.enqueue", target: queued.jobID, after: queued.kind.rawValue)
            return (queued, true)
        }
    }

    public func claimJob(
        kinds: [JobRecord.Kind], world: WorldID?, owner: String, leaseMillis: Int64, audit ctx: AuditContext
    ) async throws -> JobRecord? {
        guard !kinds.isEmpty else { return nil }
        let at = now()
        return try await write { [dialect] s in
            // Oldest first; a claimed job whose lease ran out is free again (its worker died).
            // PostgreSQL: rows another claimer holds are skipped, not waited for.
            let marks = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
            let skip = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            guard
                var job = try await s.query(
                    """
                    SELECT \(Self.jobColumns) FROM job
                    WHERE (state = 'queued' OR (state = 'claimed' AND lease_expires_at_ms < ?)) AND kind IN (\(marks))\(world == nil ? "" : " AND world_id = ?")
                    ORDER BY created_at_ms, job_id LIMIT 1\(skip)
                    """, [.integer(at)] + kinds.map { .text($0.rawValue) } + (world.map { [.text($0.description)] } ?? [])
                ).first.map(self.jobRecord)
            else { return nil }
            let previous = job.leaseOwner
            job.state = .claimed
            job.leaseOwner = owner
            job.leaseExpiresAtMillis = at + leaseMillis
            job.attempts += 1
            job.updatedAtMillis = at
            try await s.execute(
                "UPDATE job SET state = ?, lease_owner = ?, lease_expires_at_ms = ?, attempts = ?, updated_at_ms = ? WHERE job_id = ?",
                [.text(job.state.rawValue), .text(owner), .integer(at + leaseMillis), .int(job.attempts), .integer(at), .text(job.jobID)])
            try await self.audit(
                s, ctx, action: "job.claim", target: job.jobID, before: previous.map { "lease expired: \($0)" }, after: "attempt \(job.attempts)")
            return job
        }
    }

    public func heartbeatJob(
        _ id: String, owner: String, leaseMillis: Int64, checkpoint: [UInt8]?, progress: JSONValue?, runID: String?
    ) async throws -> JobRecord {
        let at = now()
        return try await write { s in
            var job = try await self.ownedJob(id, owner: owner, s)
            job.leaseExpiresAtMillis = at + leaseMillis
            if let checkpoint { job.checkpoint = checkpoint }
            if let progress { job.progress = progress }
            if let runID { job.runID = runID }
            job.updatedAtMillis = at
            try await s.execute(
                "UPDATE job SET lease_expires_at_ms = ?, checkpoint = ?, progress = ?, run_id = ?, updated_at_ms = ? WHERE job_id = ?",
                [
                    .integer(at + leaseMillis), job.checkpoint.map { .blob($0) } ?? .null, try job.progress.map { try .json($0) } ?? .null,
                    .optional(job.runID), .integer(at), .text(id),
                ])
            return job
        }
    }

    public func finishJob(_ id: String, owner: String, error: String?, audit ctx: AuditContext) async throws -> JobRecord {
        let at = now()
        return try await write { s in
            var job = try await self.ownedJob(id, owner: owner, s)
            job.state = error == nil ? .done : .failed
            job.error = error
            job.leaseOwner = nil
            job.leaseExpiresAtMillis = nil
            job.updatedAtMillis = at
            try await s.execute(
                "UPDATE job SET state = ?, error = ?, lease_owner = NULL, lease_expires_at_ms = NULL, updated_at_ms = ? WHERE job_id = ?",
                [.text(job.state.rawValue), .optional(error), .integer(at), .text(id)])
            try await self.audit(s, ctx, action: "job.\(job.state.rawValue)", target: id, before: owner, after: error)
            return job
        }
    }

    /// The job, locked, if `owner` still holds it; else `E_JOB_LEASE_LOST` (another worker
    /// claimed it after the lease ran out, or it is finished) or `E_JOB_NOT_FOUND`.
    func ownedJob(_ id: String, owner: String, _ s: any SQLSession) async throws -> JobRecord {
        guard let job = try await fetchJob(id, s, lock: true) else { throw QMTLError(.jobNotFound, "no job \(id)") }
        guard job.state == .claimed, job.leaseOwner == owner else {
            throw QMTLError(
                .jobLeaseLost, "job \(id) is no longer held by \(owner): it is \(job.state.rawValue)" + (job.leaseOwner.map { " by \($0)" } ?? ""),
                details: ["job_id": id, "state": job.state.rawValue])
        }
        return job
    }

    public func latestJobCheckpoint(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> [UInt8]? {
        try await backend.read { s in
            try await s.query(
                """
                SELECT checkpoint FROM job WHERE world_id = ? AND strategy_id = ? AND run_id = ? AND checkpoint IS NOT NULL
                ORDER BY updated_at_ms DESC, job_id LIMIT 1
                """, [.text(world.description), .id(strategy.rootNodeID), .text(runID)]
            ).first.map { try $0.blob("checkpoint") }
        }
    }

    public func job(_ id: String) async throws -> JobRecord? {
        try await backend.read { s in try await self.fetchJob(id, s) }
    }

    public func jobs(states: [JobRecord.State]?, limit: Int) async throws -> [JobRecord] {
        try await backend.read { s in
            let states = states ?? JobRecord.State.allCases
            guard !states.isEmpty else { return [] }
            let marks = Array(repeating: "?", count: states.count).joined(separator: ", ")
            return try await s.query(
                "SELECT \(Self.jobColumns) FROM job WHERE state IN (\(marks)) ORDER BY created_at_ms, job_id LIMIT ?",
                states.map { .text($0.rawValue) } + [.int(limit)]
            ).map(self.jobRecord)
        }
    }
}
