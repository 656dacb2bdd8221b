import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    /// A strategy's EvalKey in a world now, with the components it hashes (R-ID-7). Run bodies
    /// keep the components, so a later evaluation can say which of them changed.
    struct EvalKeyParts {
        /// Component names as run bodies, `status` and `run-status` show them.
        static let names = ["world_ref", "contract_id", "dataset_fingerprint", "code_version", "resource_policy"]
        /// The components, in ``names`` order.
        var values: [String]
        var key: EvalKey

        /// The components that differ from those recorded in an earlier run's body; a component
        /// the body does not record is not reported, and `eval_key` stands for a change that
        /// none of the recorded ones explains.
        func changed(since body: JSONValue?) -> [String] {
            guard let o = body?.objectValue, o["eval_key"]?.stringValue != key.description else { return [] }
            let named = zip(Self.names, values).filter { name, value in o[name]?.stringValue.map { $0 != value } ?? false }.map(\.0)
            return named.isEmpty ? ["eval_key"] : named
        }

        /// A run body recording the key, its components and why it runs.
        func body(reasons: [String]) -> JSONValue {
            var o = JSONObject()
            o["stage"] = "backtest"
            o["eval_key"] = .string(key.description)
            for (name, value) in zip(Self.names, values) { o[name] = .string(value) }
            o["reasons"] = .array(reasons.map { .string($0) })
            return .object(o)
        }
    }

    /// The EvalKey of the strategy's root in the world under `contract`; `nodes` are the strategy's.
    func evalKeyParts(
        _ w: WorldRecord, spec: WorldSpec, dataset: WorldDataset, strategy: StrategyID, nodes: [GSGNode], contract: ContractID
    ) throws -> EvalKeyParts {
        let fingerprint = try DatasetFingerprint(parsing: dataset.fingerprint)
        let code = EvalKey.codeVersion(codeHashes: nodes.map(\.codeHash))
        let resources = try EvalKey.resourcePolicyHash(spec.resourcePolicy)
        let key = EvalKey(
            nodeID: strategy.rootNodeID, worldRef: w.ref, contractID: contract, dataset: fingerprint, codeVersion: code, resourcePolicy: resources)
        return EvalKeyParts(
            values: [w.ref.description, contract.description, fingerprint.description, code.description, resources.description], key: key)
    }

    public func revalidate(world: String) async throws -> [RunTicket] {
        let ctx = try authorize("world.revalidate", needs: .operator)
        try await requeue(try await requireWorld(world), force: true, ctx)
        return try await queuedRuns(world: world)
    }

    public func queuedRuns(world: String) async throws -> [RunTicket] {
        _ = try authorize("run.queue", needs: .viewer)
        let w = try await requireWorld(world)
        let spec = try Self.spec(w.config)
        guard let dataset = spec.dataset else { return [] }
        let queued = try await store.runs(w.id, stage: .backtest, state: .submitted)
        func priority(_ r: EvaluationRun) -> Int { Self.reasons(r.body).contains("dataset_fingerprint") ? 0 : 1 }
        // Fingerprint changes first (seed OPS runbook 2), then the oldest.
        return queued.sorted { (priority($0), $0.createdAtMillis, $0.runID) < (priority($1), $1.createdAtMillis, $1.runID) }.map { r in
            RunTicket(
                world: w.id.description, worldRef: r.body.objectValue?["world_ref"]?.stringValue ?? w.ref.description,
                strategyID: r.strategy.description, runID: r.runID, evalKey: r.body.objectValue?["eval_key"]?.stringValue ?? "", dataset: dataset,
                marketConfig: spec.marketConfig, cached: nil, reasons: Self.reasons(r.body))
        }
    }

    public func strategyNodes(_ strategy: String) async throws -> [SubmittedNode] {
        _ = try authorize("strategy.nodes", needs: .viewer)
        let id = try StrategyID(parsing: strategy)
        var inputs: [NodeID: [NodeID]] = [:]
        let nodes = try await collectInputs(from: [id.rootNodeID], into: &inputs)
        return nodes.map {
            SubmittedNode(name: $0.nodeID.description, nodeID: $0.nodeID.description, kind: $0.kind.rawValue, canonical: $0.canonical)
        }
    }

    /// Sends the world's strategies whose EvalKey changed (every one with `force`) back to
    /// `validating` and queues their re-evaluation with the reasons, in one transaction
    /// (R-WVG-3). Without `force`, a strategy never evaluated is left for its first submission,
    /// and a new EvalKey evaluated before takes its cached result instead of a run.
    func requeue(_ w: WorldRecord, force: Bool, _ ctx: AuditContext) async throws {
        let spec = try Self.spec(w.config)
        guard let dataset = spec.dataset else { return }
        let queued = try await store.runs(w.id, stage: .backtest, state: .submitted)
        let overrides = try await store.edgeOverrides(w.id)
        let contract = try await currentPolicy(w.id).contractID
        var runs: [QueuedRun] = []
        var superseded: [(strategy: StrategyID, runID: String)] = []
        var events: [RefEvent] = []
        for strategy in try await store.bindings(w.id) {
            guard let ref = try await store.ref(w.id, strategy.rootNodeID), ref.state.lifecycle != .archived else { continue }
            guard force || ref.lastEvalKey != nil else { continue }
            let (inputs, nodes) = try await collectInputs(from: strategy.rootNodeID)
            guard Self.notEvaluatedReason(w.id, strategy, inputs: inputs, overrides: overrides) == nil else { continue }
            let parts = try evalKeyParts(w, spec: spec, dataset: dataset, strategy: strategy, nodes: nodes, contract: contract)
            guard force || parts.key != ref.lastEvalKey else { continue }
            let mine = queued.filter { $0.strategy == strategy }
            if !force && mine.contains(where: { $0.body.objectValue?["eval_key"]?.stringValue == parts.key.description }) { continue }
            superseded += mine.map { ($0.strategy, $0.runID) }
            let root = strategy.rootNodeID
            if !force, ref.state.overlay == nil, let cached = try await store.validation(parts.key) {
                events += [
                    RefEvent(node: root, event: .evalKeyChanged, evalKey: parts.key),
                    RefEvent(node: root, event: cached.result == .invalid ? .validationFailed : .validationPassed, evalKey: parts.key),
                ]
                continue
            }
            var reasons = parts.changed(since: try await lastEvaluation(w.id, strategy)?.body)
            if reasons.isEmpty { reasons = ["revalidate"] }
            runs.append(QueuedRun(strategy: strategy, runID: ids(), body: parts.body(reasons: reasons)))
            events.append(RefEvent(node: root, event: .evalKeyChanged, domain: .backtest, evalKey: parts.key))
        }
        guard !runs.isEmpty || !events.isEmpty else { return }
        try await store.queueRuns(
            w.id, runs: runs, superseding: superseded, reason: "superseded by a newer re-evaluation", refEvents: events, audit: ctx)
    }

    /// The strategy's newest completed evaluation in the world (what a re-evaluation compares
    /// its EvalKey with), or nil.
    func lastEvaluation(_ world: WorldID, _ strategy: StrategyID) async throws -> EvaluationRun? {
        let completed: Set<RunState> = [.evaluated, .rejected, .activated, .expired]
        // Usually the newest or the one before it (a queued or failed run on top); rarely deeper.
        let recent = try await store.runs(world, strategy: strategy, stage: .backtest, limit: 4)
        if let run = recent.first(where: { completed.contains($0.state) }) { return run }
        guard recent.count == 4 else { return nil }
        return try await store.runs(world, strategy: strategy, stage: .backtest, limit: 200).first { completed.contains($0.state) }
    }

    static func reasons(_ body: JSONValue) -> [String] {
        (body.objectValue?["reasons"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
