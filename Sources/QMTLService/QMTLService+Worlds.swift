import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func createWorld(id: String, spec: WorldSpec) async throws -> World {
        let ctx = try authorize("world.create", needs: .admin)
        let worldID = try WorldID(parsing: id)
        var spec = spec
        if spec.name.isEmpty { spec.name = worldID.slug }
        let config = try await checkedConfig(spec)
        return try Self.world(try await store.createWorld(worldID, config: config, audit: ctx))
    }

    public func listWorlds() async throws -> [World] {
        _ = try authorize("world.list", needs: .viewer)
        return try await store.worlds().map(Self.world)
    }

    public func describeWorld(_ id: String) async throws -> World {
        _ = try authorize("world.show", needs: .viewer)
        return try Self.world(try await requireWorld(id))
    }

    public func updateWorld(_ id: String, patch: WorldPatch) async throws -> World {
        let ctx = try authorize("world.update", needs: .admin)
        let record = try await requireWorld(id)
        let spec = patch.applied(to: try Self.spec(record.config))
        let config = try await checkedConfig(spec)
        let updated = try await store.updateWorldConfig(record.id, config: config, audit: ctx)
        if updated.ref != record.ref { try await requeue(updated, force: false, ctx) }  // a new snapshot: new EvalKeys (R-WVG-3)
        return try Self.world(updated)
    }

    public func setWorldState(_ id: String, to state: WorldState) async throws -> World {
        let ctx = try authorize("world.state", needs: .admin)
        let record = try await requireWorld(id)
        return try Self.world(try await store.setWorldState(record.id, state: state, audit: ctx))
    }

    /// The world, or `E_WORLD_NOT_FOUND` naming the closest ids.
    func requireWorld(_ id: String) async throws -> WorldRecord {
        let worldID = try WorldID(parsing: id)
        if let w = try await store.world(worldID) { return w }
        let known = try await store.worlds().map(\.id.slug)
        throw QMTLError(
            .worldNotFound, "no world \(worldID)\(DidYouMean.suffix(worldID.slug, known))", details: ["world_id": worldID.description])
    }

    /// The spec as the stored snapshot, after checking what the store cannot: cost ranges, the
    /// dataset's existence and fit, object-valued policies, a parseable `paper_start`.
    func checkedConfig(_ spec: WorldSpec) async throws -> JSONValue {
        let m = spec.marketConfig
        guard (0..<10_000).contains(m.commissionBps), (0..<10_000).contains(m.slippageBps), m.lot >= 0, m.lot.isFinite else {
            throw QMTLError(.worldConfig, "market_config: commission_bps and slippage_bps must be in 0…9999 and lot ≥ 0")
        }
        guard case .object = spec.resourcePolicy, case .object = spec.riskLimits else {
            throw QMTLError(.worldConfig, "resource_policy and risk_limits must be objects")
        }
        guard spec.labels.allSatisfy({ !$0.isEmpty && $0.count <= 64 }) else {
            throw QMTLError(.worldConfig, "labels must be 1…64 characters")
        }
        var spec = spec
        if let d = spec.dataset {
            let fp = try DatasetFingerprint(parsing: d.fingerprint)
            guard let record = try await store.dataset(fp) else {
                throw QMTLError(
                    .datasetNotFound, "no dataset \(fp) in the store; add it with qmtl data add", details: ["fingerprint": fp.description])
            }
            guard record.symbol == d.symbol, record.interval == d.interval else {
                throw QMTLError(
                    .datasetMismatch,
                    "dataset \(fp) holds \(record.symbol) at \(record.interval)s, not \(d.symbol) at \(d.interval)s")
            }
            if let start = d.paperStart {
                guard let ts = UTCTimestamp.parse(start) else {
                    throw QMTLError(.worldConfig, "dataset.paper_start must be an ISO-8601 UTC time like 2024-01-02T00:00:00Z, got \(start)")
                }
                spec.dataset?.paperStart = UTCTimestamp.format(ts)  // one spelling per instant: one WorldRef
            }
        }
        return try Self.json(spec)
    }

    static func json(_ spec: WorldSpec) throws -> JSONValue {
        try JSONParser.parseValue(Array(try JSONEncoder().encode(spec)), fileName: "world spec")
    }

    static func spec(_ config: JSONValue) throws -> WorldSpec {
        do {
            return try JSONDecoder().decode(WorldSpec.self, from: Data(try JCS.bytes(config)))
        } catch {
            throw QMTLError(.storeCorrupt, "a stored world snapshot is not a world spec: \(error)")
        }
    }

    static func world(_ r: WorldRecord) throws -> World {
        World(
            id: r.id.description, worldRef: r.ref.description, state: r.state, spec: try spec(r.config), policyVersion: r.policyVersion,
            createdAt: iso(r.createdAtMillis), updatedAt: iso(r.updatedAtMillis))
    }
}

extension QMTLService {
    public func publishPolicy(world: String, document: String, fileName: String) async throws -> PolicyInfo {
        let ctx = try authorize("policy.publish", needs: .operator)
        let w = try await requireWorld(world)
        let policy = try PolicyParser.parse(document, fileName: fileName)
        let record = try await store.publishPolicy(w.id, policy: policy.json, contractID: policy.contractID, audit: ctx)
        try await requeue(w, force: false, ctx)  // a new contract: new EvalKeys (R-WVG-3)
        return Self.info(record, isDefault: true)
    }

    public func setDefaultPolicy(world: String, version: Int) async throws -> PolicyInfo {
        let ctx = try authorize("policy.default", needs: .operator)
        let w = try await requireWorld(world)
        let record = try await store.setDefaultPolicy(w.id, version: version, audit: ctx)
        try await requeue(w, force: false, ctx)
        return Self.info(record, isDefault: true)
    }

    public func policies(world: String) async throws -> [PolicyInfo] {
        _ = try authorize("policy.list", needs: .viewer)
        let w = try await requireWorld(world)
        let current = try await store.world(w.id)?.policyVersion
        return try await store.policies(w.id).map { Self.info($0, isDefault: $0.version == current) }
    }

    public func strategies(world: String) async throws -> [StrategyStatus] {
        _ = try authorize("world.strategies", needs: .viewer)
        let w = try await requireWorld(world)
        var out: [StrategyStatus] = []
        try await expireDecisions()  // once for the whole world
        for id in try await store.bindings(w.id) { out.append(try await strategyStatus(w.id, id)) }
        return try await named(out, \.strategyID, \.name)
    }

    static func info(_ r: PolicyRecord, isDefault: Bool) -> PolicyInfo {
        PolicyInfo(
            world: r.world.description, version: r.version, contractID: r.contractID.description, publishedAt: iso(r.createdAtMillis),
            isDefault: isDefault)
    }
}

extension QMTLService {
    public func policyWhatIf(world: String, document: String, fileName: String) async throws -> PolicyWhatIfInfo {
        _ = try authorize("policy.what_if", needs: .viewer)
        let w = try await requireWorld(world)
        let draft = try PolicyParser.parse(document, fileName: fileName)
        let current = try await currentPolicy(w.id)
        var candidates: [String: PolicyInput.Candidate] = [:]
        let runs = try await store.runMetrics(w.id, stage: .backtest, state: .evaluated, only: nil)
        for run in runs {
            candidates[run.strategy.description] = PolicyInput.Candidate(
                metrics: run.metrics, lastBarAt: run.lastBar.flatMap(UTCTimestamp.parse), firstBarAt: run.firstBar.flatMap(UTCTimestamp.parse))
        }
        // Either policy's correlation rule needs the runs' daily returns.
        var daily: [String: [Int64: Double]] = [:]
        if current.selection.correlation != nil || draft.selection.correlation != nil {
            for (id, r) in try await dailyReturns(w.id, of: runs) { daily[id.description] = r.byDay }
        }
        let input = PolicyInput(candidates: candidates, dailyReturns: daily, now: now())
        let diff = PolicyWhatIf.diff(current: PolicyEvaluator(policy: current).evaluate(input), draft: PolicyEvaluator(policy: draft).evaluate(input))
        func changes(_ list: [PolicyWhatIf.Change]) -> [PolicyWhatIfInfo.Change] {
            list.map { PolicyWhatIfInfo.Change(strategyID: $0.id, rule: $0.rule, reasonCode: $0.reasonCode, explanation: $0.explanation) }
        }
        return PolicyWhatIfInfo(
            world: w.id.description, entering: changes(diff.entering), leaving: changes(diff.leaving), staying: diff.staying,
            currentContract: diff.currentContract.description, draftContract: diff.draftContract.description)
    }
}
