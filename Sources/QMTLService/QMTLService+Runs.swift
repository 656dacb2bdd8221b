import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func startRun(world: String, strategy: String) async throws -> RunTicket {
        let ctx = try authorize("run.start", needs: .submitter)
        // Independent reads, concurrently (PostgreSQL answers them on several connections);
        // errors in the order a user reads them: the world, its dataset, the binding.
        let worldID = try WorldID(parsing: world)
        async let worldRecord = requireWorld(world)
        async let bound = requireBinding(worldID, strategy)
        let w = try await worldRecord
        let spec = try Self.spec(w.config)
        guard let dataset = spec.dataset else {
            throw QMTLError(.worldConfig, "world \(w.id) has no dataset yet; set one with qmtl world update \(w.id.slug) --data CSV --symbol S")
        }
        let strategyID = try await bound
        async let subgraph = collectInputs(from: strategyID.rootNodeID)
        async let policy = currentPolicy(w.id)
        async let queuedRuns = store.runs(w.id, stage: .backtest, state: .submitted)
        async let rootRef = store.ref(w.id, strategyID.rootNodeID)
        async let overrides = store.edgeOverrides(w.id)
        async let lastCompleted = lastEvaluation(w.id, strategyID)
        let (inputs, nodes) = try await subgraph
        if let why = Self.notEvaluatedReason(w.id, strategyID, inputs: inputs, overrides: try await overrides) {
            throw QMTLError(.edgeInactive, why, details: ["world_id": w.id.description, "strategy_id": strategyID.description])
        }
        let parts = try evalKeyParts(w, spec: spec, dataset: dataset, strategy: strategyID, nodes: nodes, contract: try await policy.contractID)
        let evalKey = parts.key
        var ticket = RunTicket(
            world: w.id.description, worldRef: w.ref.description, strategyID: strategyID.description, runID: nil,
            evalKey: evalKey.description, dataset: dataset, marketConfig: spec.marketConfig, cached: nil)
        // The paper start is a function of the EvalKey's inputs (the world snapshot, the policy,
        // the dataset); worlds without one spend no read on it.
        let rules = try await policy
        if dataset.paperStart != nil || rules.campaign?.paperWindowSeconds != nil {
            ticket.barsBefore = try await paperStart(spec, rules).start.map(UTCTimestamp.format)
        }
        let queued = try await queuedRuns.filter { $0.strategy == strategyID }
        // Awaited here, not left to be cancelled on an early return: a cancelled lease is waste.
        let (ref, last) = (try await rootRef, try await lastCompleted)
        // A re-evaluation queued for this EvalKey (R-WVG-3) is the run to start.
        if let mine = queued.first(where: { $0.body.objectValue?["eval_key"]?.stringValue == evalKey.description }) {
            _ = try await store.transitionRun(
                w.id, strategy: strategyID, runID: mine.runID, to: .backtestRunning, reason: "backtest started by \(caller.actor)",
                update: RunUpdate(), audit: ctx)
            ticket.runID = mine.runID
            ticket.reasons = Self.reasons(mine.body)
            return ticket
        }
        // R-WVG-3: an EvalKey evaluated before is not run again.
        if try await store.validation(evalKey) != nil,
            let earlier = try await store.runs(w.id, strategy: strategyID, stage: .backtest, limit: 100).first(where: {
                $0.body.objectValue?["eval_key"]?.stringValue == evalKey.description && [.evaluated, .rejected, .activated].contains($0.state)
            })
        {
            ticket.cached = try Self.info(earlier)
            return ticket
        }
        // Queued runs of an older EvalKey will never start: this run replaces them.
        for stale in queued {
            _ = try await store.transitionRun(
                w.id, strategy: strategyID, runID: stale.runID, to: .failed, reason: "superseded by a newer EvalKey", update: RunUpdate(),
                audit: ctx)
        }
        let runID = ids()
        ticket.reasons = parts.changed(since: last?.body)
        let event = ref.map { WorldNodeState.validationStart(from: $0.state) } ?? .startValidation
        // A start racing another of the same evaluation gets the run already begun.
        let begun = try await store.beginRun(
            w.id, strategy: strategyID, runID: runID, stage: .backtest, body: parts.body(reasons: ticket.reasons),
            reason: "backtest started by \(caller.actor)", refEvent: RefEvent(node: strategyID.rootNodeID, event: event, domain: .backtest),
            evalKey: evalKey, audit: ctx)
        ticket.runID = begun.runID
        return ticket
    }

    public func evaluate(world: String, strategy: String, runID: String, result: RunResult) async throws -> RunInfo {
        let ctx = try authorize("run.evaluate", needs: .submitter)
        let worldID = try WorldID(parsing: world)
        let strategyID = try StrategyID(parsing: strategy)
        let (first, last) = try Self.checkResult(result)
        // Read once here (and again, locked, below).
        let stored = try await store.run(worldID, strategy: strategyID, runID: runID)
        // A paper run is evaluated on its paper window only.
        if let run = stored, run.stage == .paper, run.state == .paperRunning {
            try Self.checkPaperWindowStart(run, firstBar: first)
            try await checkPaperWindowComplete(worldID, run, firstBar: first, lastBar: last)
        }
        // The series first (a run that is not there fails below): the evaluation is what
        // counts, and a repeated report replaces the series with the same points.
        if result.series != nil, stored != nil {
            try await keepSeries(worldID, strategyID, runID, result)
        }
        let at = now()
        // validation.stress.required_flags come from the world's newest risk snapshot (R-GOV-3).
        let flags = try await stressFlags(worldID, strategyID)
        let returns = try await stored.asyncFlatMap { try await selectionReturns(worldID, strategyID, stage: $0.stage) } ?? [:]
        // Read, decided and written in one transaction: the policy ranks this run against the
        // world's other evaluated strategies as they are at that moment.
        do {
            let evaluated = try await store.evaluateRun(
                worldID, strategy: strategyID, runID: runID, audit: ctx,
                metricsUsed: { record in try record.map { try Policy(expanded: $0.policy).metricNames } ?? [] }
            ) { inputs in
                // Two runtimes that shared one run (concurrent starts) report the same results:
                // the second finds it done and changes nothing.
                if [.evaluated, .rejected].contains(inputs.run.state) {
                    guard inputs.run.metrics == Self.metricsObject(result.metrics) else {
                        throw QMTLError(
                            .runConflict, "run \(runID) was already evaluated with other metrics", details: ["run_id": runID, "world_id": world])
                    }
                    return nil
                }
                return try Self.decide(
                    inputs, strategyID: strategyID, world: worldID, result: result, firstBar: first, lastBar: last, now: at, flags: flags,
                    returns: returns)
            }
            // A paper (or live) run's verdict changes what the world's risk looks like (R-GOV-1).
            if evaluated.stage != .backtest { await writeWorldSnapshot(worldID, stage: evaluated.stage.rawValue) }
            return try Self.info(evaluated)
        } catch let error as QMTLError where error.code == .runNotFound {
            // One transaction on the way in; on the way out, say what is missing: the world, the binding or the run.
            _ = try await requireBinding(try await requireWorld(world).id, strategy)
            throw error
        }
    }

    /// A candidate run's daily returns, read for the policy's correlation rule.
    struct SelectionReturns: Sendable {
        var runID: String
        var byDay: [Int64: Double]
    }

    /// The daily returns of the runs the evaluated one is ranked against — every other
    /// strategy's evaluated run of the same stage, from its stored equity series — when the
    /// world's policy has a correlation rule (R-POL-2); nothing otherwise. A run without a
    /// series has no returns: its pairs are `insufficient_evidence`.
    func selectionReturns(_ world: WorldID, _ strategy: StrategyID, stage: RunStage) async throws -> [StrategyID: SelectionReturns] {
        guard try await currentPolicy(world).selection.correlation != nil else { return [:] }
        let others = try await store.runMetrics(world, stage: stage, state: .evaluated, only: []).filter { $0.strategy != strategy }
        return try await dailyReturns(world, of: others)
    }

    /// Each run's daily returns from its stored equity series (runs without one left out).
    func dailyReturns(_ world: WorldID, of runs: [RunMetrics]) async throws -> [StrategyID: SelectionReturns] {
        var out: [StrategyID: SelectionReturns] = [:]
        for run in runs {
            guard let series = try await store.runSeries(world, strategy: run.strategy, runID: run.runID).flatMap(Self.series) else { continue }
            out[run.strategy] = SelectionReturns(runID: run.runID, byDay: DailyReturns.byDay(t: series.t, equity: series.equity))
        }
        return out
    }

    /// Metrics as a run stores them.
    static func metricsObject(_ metrics: [String: Double]) -> JSONValue {
        var o = JSONObject()
        for (k, v) in metrics.sorted(by: { $0.key < $1.key }) { o[k] = .number(v) }
        return .object(o)
    }

    /// The policy's verdict on a run (pure): rule results, explanation, the root's ref events,
    /// the validation to cache and the superseded runs.
    static func decide(
        _ inputs: EvaluationInputs, strategyID: StrategyID, world: WorldID, result: RunResult, firstBar: Int64, lastBar: Int64, now: Int64,
        flags: Set<String> = [], returns: [StrategyID: SelectionReturns] = [:]
    ) throws -> EvaluationOutcome {
        let policy = try inputs.policy.map { try Policy(expanded: $0.policy) } ?? Policy()
        var candidates: [String: PolicyInput.Candidate] = [:]
        var daily: [String: [Int64: Double]] = [:]
        for other in inputs.candidates where other.strategy != strategyID {
            candidates[other.strategy.description] = .init(metrics: other.metrics)
            // Returns read before the transaction count only for the run that is still the candidate.
            if let r = returns[other.strategy], r.runID == other.runID { daily[other.strategy.description] = r.byDay }
        }
        candidates[strategyID.description] = .init(metrics: result.metrics, flags: flags, lastBarAt: lastBar, firstBarAt: firstBar)
        if policy.selection.correlation != nil, let series = result.series {
            daily[strategyID.description] = DailyReturns.byDay(t: series.t, equity: series.equity)
        }
        let decision = PolicyEvaluator(policy: policy).evaluate(PolicyInput(candidates: candidates, dailyReturns: daily, now: now))
        guard let mine = decision.candidates[strategyID.description] else {
            throw QMTLError(.storeCorrupt, "the policy returned no decision for \(strategyID)")
        }
        let passed = mine.status != .fail
        let rules: [JSONValue] = mine.rules.map { r in
            [
                "rule": .string(r.rule), "status": .string(r.status.rawValue), "severity": .string(r.severity.rawValue),
                "reason_code": .string(r.reasonCode), "observed": r.observed.map { .number($0) } ?? .null, "required": .string(r.required),
            ]
        }
        let metricsObject = Self.metricsObject(result.metrics)
        let details: JSONValue = [
            "rules": .array(rules), "summary": ["status": .string(mine.status.rawValue), "active": .bool(mine.selected)],
            "explanation": .string(mine.explanation), "first_bar": .string(result.firstBar), "last_bar": .string(result.lastBar),
            "contract_id": .string(decision.contractID.description),
        ]
        let key = try EvalKey(parsing: inputs.run.body.objectValue?["eval_key"]?.stringValue ?? "")
        let ref = inputs.rootRef
        var refEvents: [RefEvent] = []
        var validation: ValidationRecord?
        if inputs.run.stage == .live {
            // A live run ends here only on a risk breach, which a pause decision already acts on.
        } else if inputs.run.stage == .paper {
            // A paper run that passes leaves the strategy paper trading; one the policy rejects
            // sends it to invalid (R-WVG-1: running → validating → invalid). Nothing is cached
            // under the EvalKey: the backtest's validation stands.
            if !passed, ref?.state.overlay == nil, ref?.state.lifecycle == .running {
                refEvents = [
                    RefEvent(node: strategyID.rootNodeID, event: .startValidation, domain: .backtest, evalKey: key),
                    RefEvent(node: strategyID.rootNodeID, event: .validationFailed, evalKey: key),
                ]
            }
        } else {
            // A run started elsewhere (an external runner, R-RUN-3) finds the ref not validating yet;
            // under a decision overlay the outcome waits for the overlay to go (R-WVG-1).
            if ref?.state.overlay == nil {
                if ref?.state.lifecycle != .validating {
                    refEvents.append(RefEvent(node: strategyID.rootNodeID, event: .startValidation, domain: .backtest))
                }
                refEvents.append(RefEvent(node: strategyID.rootNodeID, event: passed ? .validationPassed : .validationFailed, domain: .backtest))
            }
            validation = ValidationRecord(
                evalKey: key, world: world, nodeID: strategyID.rootNodeID, result: passed ? (mine.status == .warn ? .warning : .valid) : .invalid,
                metrics: metricsObject, atMillis: now * 1000)
        }
        // A newer evaluated run of the same stage supersedes the older ones (R-RUN-1).
        let expiring = inputs.candidates.filter { $0.strategy == strategyID && $0.runID != inputs.run.runID }.map(\.runID)
        return EvaluationOutcome(
            state: passed ? .evaluated : .rejected, reason: mine.explanation,
            // A paper run that passes waits for a live decision (R-GOV-4: the flag is on the run).
            update: RunUpdate(
                metrics: metricsObject, details: details,
                pendingLiveApproval: inputs.run.stage == .paper ? passed && policy.governance.mode != .disabled : nil),
            refEvents: refEvents, validation: validation, expiring: expiring)
    }

    public func failRun(world: String, strategy: String, runID: String, message: String) async throws -> RunInfo {
        let ctx = try authorize("run.fail", needs: .submitter)
        let w = try await requireWorld(world)
        let strategyID = try await requireBinding(w.id, strategy)
        let failed = try await store.transitionRun(
            w.id, strategy: strategyID, runID: runID, to: .failed, reason: message, update: RunUpdate(details: ["error": .string(message)]),
            audit: ctx)
        return try Self.info(failed)
    }

    public func status(strategy: String, world: String) async throws -> StrategyStatus {
        _ = try authorize("strategy.status", needs: .viewer)
        let w = try await requireWorld(world)
        let strategyID = try await requireBinding(w.id, strategy)
        try await expireDecisions()
        return try await named([try await strategyStatus(w.id, strategyID)], \.strategyID, \.name)[0]
    }

    /// A bound strategy's status (decisions already swept by the caller).
    func strategyStatus(_ world: WorldID, _ strategyID: StrategyID) async throws -> StrategyStatus {
        let ref = try await store.ref(world, strategyID.rootNodeID)
        let latest = try await store.runs(world, strategy: strategyID, stage: nil, limit: 1).first
        var why: String?
        let overrides = try await store.edgeOverrides(world)
        if overrides.contains(where: { !$0.active }) {
            why = Self.notEvaluatedReason(
                world, strategyID, inputs: try await collectInputs(from: strategyID.rootNodeID).inputs, overrides: overrides)
        }
        return StrategyStatus(
            strategyID: strategyID.description, world: world.description, status: ref?.status.rawValue ?? "unknown",
            lastEvalKey: ref?.lastEvalKey?.description, latestRun: try latest.map(Self.info),
            decision: ref?.state.overlay.map { "\($0.decision.rawValue) by decision \($0.eventID)" },
            notEvaluatedReason: why,
            reevaluationReasons: latest.map { $0.state == .submitted || $0.state == .backtestRunning ? Self.reasons($0.body) : [] } ?? [])
    }

    /// The strategy, which must be bound to the world (binding creates the root's ref).
    /// - Throws: `E_NOT_BOUND` naming the closest bound strategy, or the worlds it is bound in.
    func requireBinding(_ world: WorldID, _ strategy: String) async throws -> StrategyID {
        let id = try StrategyID(parsing: strategy)
        guard try await store.ref(world, id.rootNodeID) == nil else { return id }
        var hint = DidYouMean.suffix(id.description, try await store.bindings(world).map(\.description))
        if hint.isEmpty {
            let elsewhere = try await store.worlds(binding: id.rootNodeID)
            if !elsewhere.isEmpty { hint = " (it is bound in \(elsewhere.map(\.description).joined(separator: ", ")))" }
        }
        throw QMTLError(
            .notBound, "strategy \(id) is not bound to \(world)\(hint); submit it there first", details: ["world_id": world.description])
    }

    /// The world's current policy, or the empty policy (no rules, manual approval) before one is published.
    func currentPolicy(_ world: WorldID) async throws -> Policy {
        guard let record = try await store.policy(world, version: nil) else { return Policy() }
        return try Policy(expanded: record.policy)
    }

    /// Why the strategy is not evaluated in the world, or nil: R-WVG-4, it reaches a node of its
    /// graph only through edges the world made inactive. `inputs` covers the strategy's graph.
    static func notEvaluatedReason(_ world: WorldID, _ strategy: StrategyID, inputs: [NodeID: [NodeID]], overrides: [EdgeOverride]) -> String? {
        let overrides = overrides.filter { !$0.active }
        guard !overrides.isEmpty else { return nil }
        let reach = Reachability(inputs: inputs, inactive: Set(overrides.map { Reachability.Edge(src: $0.src, dst: $0.dst) }))
        guard let cut = reach.cutOff(from: strategy.rootNodeID).first else { return nil }
        let reason = overrides.first { $0.src == cut.edge.src && $0.dst == cut.edge.dst }?.reason.rawValue ?? "MANUAL"
        return
            "\(strategy) is not evaluated in \(world): it reaches node \(cut.node) only through the edge \(cut.edge.src) → \(cut.edge.dst), inactive there (\(reason))"
    }

    static func metrics(_ json: JSONValue?) -> [String: Double]? {
        guard let o = json?.objectValue else { return nil }
        var out: [String: Double] = [:]
        for (k, v) in zip(o.keys, o.values) { if let x = v.numberValue { out[k] = x } }
        return out
    }

    static func info(_ run: EvaluationRun) throws -> RunInfo {
        let details = run.details.objectValue
        let rules: [RuleInfo] = (details?["rules"]?.arrayValue ?? []).compactMap { r in
            guard let o = r.objectValue else { return nil }
            return RuleInfo(
                rule: o["rule"]?.stringValue ?? "", status: o["status"]?.stringValue ?? "", severity: o["severity"]?.stringValue ?? "",
                reasonCode: o["reason_code"]?.stringValue ?? "", observed: o["observed"]?.numberValue, required: o["required"]?.stringValue ?? "")
        }
        var info = RunInfo(
            world: run.world.description, strategyID: run.strategy.description, runID: run.runID, stage: run.stage.rawValue,
            state: run.state.rawValue, evalKey: run.body.objectValue?["eval_key"]?.stringValue ?? "", metrics: metrics(run.metrics),
            summary: details?["summary"]?.objectValue?["status"]?.stringValue, rules: rules, explanation: details?["explanation"]?.stringValue,
            error: details?["error"]?.stringValue, createdAt: iso(run.createdAtMillis), updatedAt: iso(run.updatedAtMillis),
            reasons: reasons(run.body), firstBar: details?["first_bar"]?.stringValue, lastBar: details?["last_bar"]?.stringValue)
        if run.stage == .paper { info.pendingLiveApproval = run.pendingLiveApproval }
        return info
    }
}

extension QMTLService {
    public func runs(world: String, strategy: String, stage: String?, limit: Int) async throws -> [RunInfo] {
        _ = try authorize("run.list", needs: .viewer)
        guard (1...1000).contains(limit) else { throw QMTLError(.usage, "limit must be 1 to 1000, got \(limit)") }
        let runStage = try stage.map { name in
            guard let s = RunStage(rawValue: name) else {
                throw QMTLError(.usage, "stage must be one of \(RunStage.allCases.map(\.rawValue).joined(separator: ", ")), got \(name)")
            }
            return s
        }
        let worldID = try await requireWorld(world).id
        let strategyID = try await requireBinding(worldID, strategy)
        return try await store.runs(worldID, strategy: strategyID, stage: runStage, limit: limit).map { try Self.info($0) }
    }

    public func run(world: String, strategy: String, runID: String) async throws -> RunInfo {
        _ = try authorize("run.show", needs: .viewer)
        let (_, _, run) = try await requireRun(world, strategy, runID)
        return try Self.info(run)
    }

    public func runMetrics(world: String, strategy: String, runID: String) async throws -> [String: Double] {
        _ = try authorize("run.metrics", needs: .viewer)
        let (_, _, run) = try await requireRun(world, strategy, runID)
        guard let metrics = Self.metrics(run.metrics) else {
            throw QMTLError(
                .runNotEvaluated, "run \(run.runID) is \(run.state.rawValue): it has no metrics yet",
                details: ["run_id": run.runID, "state": run.state.rawValue])
        }
        return metrics
    }

    public func runSeries(world: String, strategy: String, runID: String) async throws -> RunSeries {
        _ = try authorize("run.series", needs: .viewer)
        let (w, id, run) = try await requireRun(world, strategy, runID)
        guard let value = try await store.runSeries(w, strategy: id, runID: run.runID), let series = Self.series(value) else {
            throw QMTLError(.seriesNotFound, "run \(run.runID) has no equity series: its runtime reported none", details: ["run_id": run.runID])
        }
        return series
    }

    /// A stored series value as the wire type.
    static func series(_ value: JSONValue) -> RunSeries? {
        guard let o = value.objectValue, let t = o["t"]?.arrayValue, let e = o["equity"]?.arrayValue, t.count == e.count else { return nil }
        return RunSeries(t: t.compactMap { $0.numberValue.map { Int64($0) } }, equity: e.compactMap(\.numberValue))
    }

    public func runHistory(world: String, strategy: String, runID: String) async throws -> [RunRevisionInfo] {
        _ = try authorize("run.history", needs: .viewer)
        let (w, s, run) = try await requireRun(world, strategy, runID)
        return try await store.runHistory(w, strategy: s, runID: run.runID).map {
            RunRevisionInfo(revision: $0.revision, state: $0.state.rawValue, at: Self.iso($0.atMillis), reason: $0.reason)
        }
    }

    /// The run, `latest` meaning the newest of any stage.
    func requireRun(_ world: String, _ strategy: String, _ runID: String) async throws -> (WorldID, StrategyID, EvaluationRun) {
        let w = try await requireWorld(world)
        let s = try await requireBinding(w.id, strategy)
        let found =
            runID == "latest"
            ? try await store.runs(w.id, strategy: s, stage: nil, limit: 1).first : try await store.run(w.id, strategy: s, runID: runID)
        guard let run = found else {
            throw QMTLError(.runNotFound, "no run \(runID) of \(s) in \(w.id)", details: ["run_id": runID])
        }
        return (w.id, s, run)
    }
}
