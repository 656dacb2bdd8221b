import QMTLCore

extension SQLStore {
    static let runColumns = """
        world_id, strategy_id, run_id, stage, state, revision, body, metrics, details, pending_live_approval, created_at_ms, updated_at_ms
        """

    func runRecord(_ r: SQLRow) throws -> EvaluationRun {
        guard let stage = RunStage(rawValue: try r.text("stage")) else { throw r.failure("stage", "a stage") }
        guard let state = RunState(rawValue: try r.text("state")) else { throw r.failure("state", "a run state") }
        return EvaluationRun(
            world: try WorldID(parsing: try r.text("world_id")), strategy: StrategyID(root: try r.nodeID("strategy_id")), runID: try r.text("run_id"),
            stage: stage,
            state: state, revision: Int(try r.int("revision")), body: try r.json("body"),
            metrics: try r.value("metrics") == .null ? nil : try r.json("metrics"),
            details: try r.json("details"), pendingLiveApproval: try r.bool("pending_live_approval"), createdAtMillis: try r.int("created_at_ms"),
            updatedAtMillis: try r.int("updated_at_ms"))
    }

    func fetchRun(_ world: WorldID, _ strategy: StrategyID, _ runID: String, _ s: any SQLSession, lock: Bool = false) async throws -> EvaluationRun? {
        try await s.query(
            "SELECT \(SQLStore.runColumns) FROM evaluation_run WHERE world_id = ? AND strategy_id = ? AND run_id = ?" + (lock ? forUpdate : ""),
            [.text(world.description), .id(strategy.rootNodeID), .text(runID)]
        ).first.map(runRecord)
    }

    func appendRunHistory(_ run: EvaluationRun, reason: String, _ s: any SQLSession) async throws {
        try await appendRunHistory([(run, reason)], s)
    }

    /// Appends revisions in one statement.
    func appendRunHistory(_ revisions: [(run: EvaluationRun, reason: String)], _ s: any SQLSession) async throws {
        guard !revisions.isEmpty else { return }
        let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: revisions.count).joined(separator: ", ")
        try await s.execute(
            "INSERT INTO run_history (world_id, strategy_id, run_id, revision, state, at_ms, reason) VALUES \(rows)",
            revisions.flatMap { r in
                [
                    .text(r.run.world.description), .id(r.run.strategy.rootNodeID), .text(r.run.runID), .int(r.run.revision),
                    .text(r.run.state.rawValue), .integer(r.run.updatedAtMillis), .text(r.reason),
                ] as [SQLValue]
            })
    }

    public func createRun(
        _ world: WorldID, strategy: StrategyID, runID: String, stage: RunStage, body: JSONValue, audit ctx: AuditContext
    ) async throws -> (EvaluationRun, created: Bool) {
        try Self.checkRunInput(runID, body)
        let at = now()
        return try await write { s in
            try await self.createRun(world, strategy, runID, stage, body, at: at, ctx, s)
        }
    }

    /// A run id is a lowercase UUID and a body an object (`E_BAD_RUN_ID`, `E_RUN_BODY`).
    static func checkRunInput(_ runID: String, _ body: JSONValue) throws {
        try RunID.check(runID)
        guard case .object = body else { throw QMTLError(.runBody, "a run's body is a JSON object") }
    }

    /// ``createRun(_:strategy:runID:stage:body:audit:)`` inside the caller's transaction.
    func createRun(
        _ world: WorldID, _ strategy: StrategyID, _ runID: String, _ stage: RunStage, _ body: JSONValue, at: Int64, _ ctx: AuditContext,
        _ s: any SQLSession
    ) async throws -> (EvaluationRun, created: Bool) {
        if let existing = try await fetchRun(world, strategy, runID, s) {
            guard existing.body == body && existing.stage == stage else {
                throw QMTLError(.runConflict, "run \(runID) exists with another body", details: ["run_id": runID, "world_id": world.description])
            }
            return (existing, false)
        }
        let bound = try await s.query(
            "SELECT 1 FROM wsb WHERE world_id = ? AND strategy_id = ?", [.text(world.description), .id(strategy.rootNodeID)])
        guard !bound.isEmpty else {
            throw QMTLError(.notBound, "strategy \(strategy) is not bound to \(world)", details: ["world_id": world.description])
        }
        let run = EvaluationRun(
            world: world, strategy: strategy, runID: runID, stage: stage, state: .submitted, revision: 1, body: body, metrics: nil,
            details: .object(JSONObject()), pendingLiveApproval: false, createdAtMillis: at, updatedAtMillis: at)
        try await s.execute(
            """
            INSERT INTO evaluation_run (world_id, strategy_id, run_id, stage, state, revision, body_hash, body, metrics, details,
              pending_live_approval, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
            """,
            [
                .text(world.description), .id(strategy.rootNodeID), .text(runID), .text(stage.rawValue), .text(run.state.rawValue),
                .int(1), .hash(BLAKE3.hash(try JCS.bytes(body))), try .json(body), try .json(run.details), .bool(false), .integer(at),
                .integer(at),
            ])
        try await appendRunHistory(run, reason: "submitted", s)
        try await audit(s, ctx, action: "run.create", target: "\(world)/\(strategy)/\(runID)", after: run.state.rawValue)
        return (run, true)
    }

    public func beginRun(
        _ world: WorldID, strategy: StrategyID, runID: String, stage: RunStage, body: JSONValue, reason: String, refEvent: RefEvent,
        evalKey: EvalKey, audit ctx: AuditContext
    ) async throws -> EvaluationRun {
        try Self.checkRunInput(runID, body)
        let at = now()
        let running: RunState = stage == .backtest ? .backtestRunning : .paperRunning
        return try await write { s in
            // Starts in one world are serialized, so two starts of one evaluation see each other.
            _ = try await s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)])
            let inFlight = try await s.query(
                "SELECT \(SQLStore.runColumns) FROM evaluation_run WHERE world_id = ? AND strategy_id = ? AND stage = ? AND state = ?",
                [.text(world.description), .id(strategy.rootNodeID), .text(stage.rawValue), .text(running.rawValue)]
            ).map(self.runRecord)
            if let same = inFlight.first(where: { $0.body.objectValue?["eval_key"]?.stringValue == evalKey.description }) {
                return same  // the same evaluation is already running: share it
            }
            let (created, isNew) = try await self.createRun(world, strategy, runID, stage, body, at: at, ctx, s)
            guard isNew else {
                throw QMTLError(.runConflict, "run \(runID) exists; a run begins once", details: ["run_id": runID, "world_id": world.description])
            }
            let run = try await self.transitionRun(
                world, strategy, runID, to: running, reason: reason, update: RunUpdate(), at: at, ctx, s, current: created)
            // The start event for the ref as it is now (another start may have moved it since the caller looked).
            let ref = try await self.fetchRef(world, refEvent.node, s, lock: true)
            var event = refEvent.event
            if case .startValidation = event, let ref { event = WorldNodeState.validationStart(from: ref.state) }
            if case .evalKeyChanged = event, let ref { event = WorldNodeState.validationStart(from: ref.state) }
            // A run that activates the ref in a domain it already runs in (a paper run started
            // again after one failed) leaves it as it is.
            if case .activate = event, let ref, ref.state.lifecycle == .running, ref.state.overlay == nil, ref.executionDomain == refEvent.domain {
                return run
            }
            _ = try await self.applyRefEvent(world, refEvent.node, event, evalKey: evalKey, domain: refEvent.domain, ctx, s, current: ref)
            return run
        }
    }

    public func transitionRun(
        _ world: WorldID, strategy: StrategyID, runID: String, to state: RunState, reason: String, update: RunUpdate,
        audit ctx: AuditContext
    ) async throws -> EvaluationRun {
        let at = now()
        return try await write { s in
            try await self.transitionRun(world, strategy, runID, to: state, reason: reason, update: update, at: at, ctx, s)
        }
    }

    /// One run transition inside the caller's transaction: the machine decides, the history and
    /// audit entries are appended. `via` moves through an intermediate state first (its own
    /// history revision and audit entry, one UPDATE for both); `current` is the run when the
    /// caller has already read it under lock.
    func transitionRun(
        _ world: WorldID, _ strategy: StrategyID, _ runID: String, to state: RunState, reason: String, update: RunUpdate, at: Int64,
        _ ctx: AuditContext, _ s: any SQLSession, via: (state: RunState, reason: String)? = nil, current: EvaluationRun? = nil
    ) async throws -> EvaluationRun {
        guard var run = try await current.asyncOr({ try await self.fetchRun(world, strategy, runID, s, lock: true) }) else {
            throw QMTLError(.runNotFound, "no run \(runID) of \(strategy) in \(world)", details: ["run_id": runID])
        }
        var revisions: [(run: EvaluationRun, reason: String)] = []
        var moves: [(before: RunState, after: RunState)] = []
        for (target, why) in (via.map { [($0.state, $0.reason)] } ?? []) + [(state, reason)] {
            let before = run.state
            run.state = try run.state.moving(to: target)
            run.revision += 1
            run.updatedAtMillis = at
            revisions.append((run, why))
            moves.append((before, target))
        }
        if let m = update.metrics { run.metrics = m }
        if let d = update.details { run.details = d }
        if let p = update.pendingLiveApproval { run.pendingLiveApproval = p }
        try await s.execute(
            """
            UPDATE evaluation_run SET state = ?, revision = ?, metrics = ?, details = ?, pending_live_approval = ?, updated_at_ms = ?
            WHERE world_id = ? AND strategy_id = ? AND run_id = ?
            """,
            [
                .text(run.state.rawValue), .int(run.revision), try run.metrics.map(SQLValue.json) ?? .null, try .json(run.details),
                .bool(run.pendingLiveApproval), .integer(at), .text(world.description), .id(strategy.rootNodeID), .text(runID),
            ])
        try await appendRunHistory(revisions, s)
        for m in moves {
            try await audit(
                s, ctx, action: "run.transition", target: "\(world)/\(strategy)/\(runID)", before: m.before.rawValue, after: m.after.rawValue)
        }
        return run
    }

    public func completeEvaluation(
        _ world: WorldID, strategy: StrategyID, runID: String, to state: RunState, reason: String, update: RunUpdate, refEvents: [RefEvent],
        validation: ValidationRecord, expiring: [String], audit ctx: AuditContext
    ) async throws -> EvaluationRun {
        let at = now()
        return try await write { s in
            try await self.completeEvaluation(
                world, strategy, runID,
                EvaluationOutcome(state: state, reason: reason, update: update, refEvents: refEvents, validation: validation, expiring: expiring),
                at: at, ctx, s)
        }
    }

    /// ``completeEvaluation(_:strategy:runID:to:reason:update:refEvents:validation:expiring:audit:)``
    /// inside the caller's transaction.
    func completeEvaluation(
        _ world: WorldID, _ strategy: StrategyID, _ runID: String, _ o: EvaluationOutcome, at: Int64, _ ctx: AuditContext, _ s: any SQLSession,
        refChecked: Bool = false, current: EvaluationRun? = nil, lockedRefs: [WorldNodeRef] = []
    ) async throws -> EvaluationRun {
        let run = try await transitionRun(
            world, strategy, runID, to: o.state, reason: o.reason, update: o.update, at: at, ctx, s, via: (.evaluating, "metrics reported"),
            current: current)
        var refs = Dictionary(lockedRefs.map { ($0.nodeID, $0) }, uniquingKeysWith: { a, _ in a })
        for e in o.refEvents {
            refs[e.node] = try await applyRefEvent(
                world, e.node, e.event, evalKey: e.evalKey ?? o.validation?.evalKey, domain: e.domain, ctx, s, current: refs[e.node])
        }
        if let v = o.validation { _ = try await putValidation(v, ctx, s, refChecked: refChecked && v.world == world) }
        for older in o.expiring {
            _ = try await transitionRun(
                world, strategy, older, to: .expired, reason: "superseded by run \(runID)", update: RunUpdate(), at: at, ctx, s)
        }
        return run
    }

    /// Evaluates a run in one transaction, serialized per world (see the `Store` requirement).
    public func evaluateRun(
        _ world: WorldID, strategy: StrategyID, runID: String, audit ctx: AuditContext,
        metricsUsed: @escaping @Sendable (PolicyRecord?) throws -> Set<String>?,
        decide: @escaping @Sendable (EvaluationInputs) throws -> EvaluationOutcome?
    ) async throws -> EvaluationRun {
        let at = now()
        return try await write { s in
            // One evaluation per world at a time: the candidates it ranks against stay put.
            _ = try await s.query("SELECT world_id FROM world WHERE world_id = ?" + self.forUpdate, [.text(world.description)])
            guard let run = try await self.fetchRun(world, strategy, runID, s, lock: true) else {
                throw QMTLError(.runNotFound, "no run \(runID) of \(strategy) in \(world)", details: ["run_id": runID])
            }
            let policy = try await self.fetchPolicy(world, version: nil, s)
            let rootRef = try await self.fetchRef(world, strategy.rootNodeID, s, lock: true)
            let inputs = EvaluationInputs(
                run: run, rootRef: rootRef, policy: policy,
                candidates: try await self.fetchRunMetrics(world, stage: run.stage, state: .evaluated, only: try metricsUsed(policy), s))
            guard let outcome = try decide(inputs) else { return run }
            // The world row is locked and the root ref was read above: the validation's checks are done.
            let checked = inputs.rootRef != nil && outcome.validation?.nodeID == strategy.rootNodeID
            return try await self.completeEvaluation(
                world, strategy, runID, outcome, at: at, ctx, s, refChecked: checked, current: run, lockedRefs: rootRef.map { [$0] } ?? [])
        }
    }

    public func reportRunProgress(
        _ world: WorldID, strategy: StrategyID, runID: String, metrics: JSONValue, firstBar: String, lastBar: String
    ) async throws -> EvaluationRun {
        let at = now()
        return try await write { s in
            guard var run = try await self.fetchRun(world, strategy, runID, s, lock: true) else {
                throw QMTLError(.runNotFound, "no run \(runID) of \(strategy) in \(world)", details: ["run_id": runID])
            }
            guard run.state == .paperRunning else {
                throw QMTLError(
                    .runNotRunning, "run \(runID) is \(run.state.rawValue): progress goes to a paper_running run",
                    details: ["run_id": runID, "state": run.state.rawValue])
            }
            var details = run.details.objectValue ?? JSONObject()
            details["first_bar"] = .string(firstBar)
            details["last_bar"] = .string(lastBar)
            run.metrics = metrics
            run.details = .object(details)
            run.updatedAtMillis = at
            try await s.execute(
                "UPDATE evaluation_run SET metrics = ?, details = ?, updated_at_ms = ? WHERE world_id = ? AND strategy_id = ? AND run_id = ?",
                [try .json(metrics), try .json(run.details), .integer(at), .text(world.description), .id(strategy.rootNodeID), .text(runID)])
            return run
        }
    }

    public func runMetrics(_ world: WorldID, stage: RunStage, state: RunState, only names: Set<String>?) async throws -> [RunMetrics] {
        try await backend.read { s in try await self.fetchRunMetrics(world, stage: stage, state: state, only: names, s) }
    }

    /// The runs' metrics: all of them, or only `names`, extracted by the database (no JSON is
    /// parsed here then).
    func fetchRunMetrics(
        _ world: WorldID, stage: RunStage, state: RunState, only names: Set<String>?, _ s: any SQLSession
    ) async throws
        -> [RunMetrics]
    {
        let postgres = dialect == .postgres
        let bar = { (key: String) in postgres ? "details->>'\(key)'" : "json_extract(details, '$.\(key)')" }
        let wanted = names.map { $0.sorted() }
        let columns =
            wanted.map { list in list.indices.map { i in postgres ? ", metrics->>? AS m\(i)" : ", json_extract(metrics, ?) AS m\(i)" }.joined() }
            ?? ", metrics"
        let binds: [SQLValue] = (wanted ?? []).map { .text(postgres ? $0 : "$.\($0)") }
        return try await s.query(
            """
            SELECT strategy_id, run_id\(columns), \(bar("first_bar")) AS first_bar, \(bar("last_bar")) AS last_bar FROM evaluation_run
            WHERE world_id = ? AND stage = ? AND state = ?
            """,
            binds + [.text(world.description), .text(stage.rawValue), .text(state.rawValue)]
        ).map { r in
            var metrics: [String: Double] = [:]
            if let wanted {
                for (i, name) in wanted.enumerated() {
                    switch try r.value("m\(i)") {
                    case .real(let x): metrics[name] = x
                    case .integer(let x): metrics[name] = Double(x)
                    case .text(let t), .jsonText(let t): if let x = Double(t), x.isFinite { metrics[name] = x }
                    default: break
                    }
                }
            } else if let text = try r.optionalText("metrics") {
                if let flat = JSONParser.numberObject(text) {
                    metrics = flat  // the stores write metrics as a flat object of numbers
                } else if let o = try r.json("metrics").objectValue {
                    for (k, v) in zip(o.keys, o.values) { if let x = v.numberValue { metrics[k] = x } }
                }
            }
            return RunMetrics(
                strategy: StrategyID(root: try r.nodeID("strategy_id")), runID: try r.text("run_id"), metrics: metrics,
                firstBar: try r.optionalText("first_bar"), lastBar: try r.optionalText("last_bar"))
        }.sorted { ($0.strategy, $0.runID) < ($1.strategy, $1.runID) }
    }

    public func queueRuns(
        _ world: WorldID, runs: [QueuedRun], superseding: [(strategy: StrategyID, runID: String)], reason: String, refEvents: [RefEvent],
        audit ctx: AuditContext
    ) async throws {
        for r in runs { try Self.checkRunInput(r.runID, r.body) }
        let at = now()
        try await write { s in
            for old in superseding {
                _ = try await self.transitionRun(world, old.strategy, old.runID, to: .failed, reason: reason, update: RunUpdate(), at: at, ctx, s)
            }
            for r in runs {
                let (_, created) = try await self.createRun(world, r.strategy, r.runID, .backtest, r.body, at: at, ctx, s)
                guard created else {
                    throw QMTLError(.runConflict, "run \(r.runID) exists; a run is queued once", details: ["run_id": r.runID])
                }
            }
            for e in refEvents {
                _ = try await self.applyRefEvent(world, e.node, e.event, evalKey: e.evalKey, domain: e.domain, ctx, s)
            }
        }
    }

    public func run(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> EvaluationRun? {
        try await backend.read { s in try await self.fetchRun(world, strategy, runID, s) }
    }

    public func runs(_ world: WorldID, strategy: StrategyID, stage: RunStage?, limit: Int) async throws -> [EvaluationRun] {
        try await backend.read { s in
            var sql = "SELECT \(SQLStore.runColumns) FROM evaluation_run WHERE world_id = ? AND strategy_id = ?"
            var binds: [SQLValue] = [.text(world.description), .id(strategy.rootNodeID)]
            if let stage {
                sql += " AND stage = ?"
                binds.append(.text(stage.rawValue))
            }
            binds.append(.int(max(0, limit)))
            return try await s.query(sql + " ORDER BY created_at_ms DESC, run_id DESC LIMIT ?", binds).map(self.runRecord)
        }
    }

    public func runs(_ world: WorldID, stage: RunStage, state: RunState) async throws -> [EvaluationRun] {
        try await backend.read { s in
            try await s.query(
                "SELECT \(SQLStore.runColumns) FROM evaluation_run WHERE world_id = ? AND stage = ? AND state = ?",
                [.text(world.description), .text(stage.rawValue), .text(state.rawValue)]
            ).map(self.runRecord).sorted { ($0.strategy, $0.createdAtMillis, $0.runID) < ($1.strategy, $1.createdAtMillis, $1.runID) }
        }
    }

    public func runHistory(_ world: WorldID, strategy: StrategyID, runID: String) async throws -> [RunRevision] {
        try await backend.read { s in
            try await s.query(
                "SELECT revision, state, at_ms, reason FROM run_history WHERE world_id = ? AND strategy_id = ? AND run_id = ? ORDER BY revision",
                [.text(world.description), .id(strategy.rootNodeID), .text(runID)]
            ).map { r in
                guard let state = RunState(rawValue: try r.text("state")) else { throw r.failure("state", "a run state") }
                return RunRevision(revision: Int(try r.int("revision")), state: state, atMillis: try r.int("at_ms"), reason: try r.text("reason"))
            }
        }
    }
}

extension Optional {
    /// The wrapped value, or what `fallback` gives.
    func asyncOr(_ fallback: () async throws -> Wrapped?) async throws -> Wrapped? {
        if let self { return self }
        return try await fallback()
    }
}
