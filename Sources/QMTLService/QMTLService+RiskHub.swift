import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    // MARK: Risk Signal Hub (R-GOV-1)

    public func pushRiskSnapshot(world: String, snapshot: RiskSnapshotRequest) async throws -> RiskSnapshotInfo {
        let ctx = try authorize("risk_hub.push", needs: .operator)
        let w = try await requireWorld(world)
        let ttl = snapshot.ttlSeconds ?? RiskSnapshotLimits.defaultTTL
        try RiskSnapshotLimits.check(
            version: snapshot.version, ttlSeconds: ttl, weights: snapshot.weights, returns: snapshot.realizedReturns ?? [:],
            stage: snapshot.provenance.stage)
        guard let asOf = UTCTimestamp.parse(snapshot.asOf) else {
            throw QMTLError(.riskSnapshotFormat, "as_of must be an ISO-8601 UTC time, got \(snapshot.asOf.prefix(40))")
        }
        let fingerprint: DatasetFingerprint
        if let text = snapshot.datasetFingerprint {
            fingerprint = try DatasetFingerprint(parsing: text)
        } else if let text = try Self.spec(w.config).dataset?.fingerprint {
            fingerprint = try DatasetFingerprint(parsing: text)
        } else {
            throw QMTLError(.riskSnapshotFormat, "dataset_fingerprint is required: world \(w.id) has no dataset")
        }
        let record = try Self.snapshotRecord(
            w.id, version: snapshot.version ?? 0, asOfMillis: asOf * 1000, producedAtMillis: now() * 1000, ttlSeconds: ttl, fingerprint: fingerprint,
            weights: snapshot.weights, returns: snapshot.realizedReturns ?? [:], stress: snapshot.stress ?? [:],
            provenance: RiskProvenance(actor: caller.actor, stage: snapshot.provenance.stage))
        let (stored, created) = try await store.putRiskSnapshot(record, audit: ctx)
        var info = try Self.snapshotInfo(stored)
        info.created = created
        return info
    }

    public func latestRiskSnapshot(world: String) async throws -> RiskSnapshotInfo {
        _ = try authorize("risk_hub.latest", needs: .viewer)
        let w = try await requireWorld(world)
        guard let latest = try await store.latestRiskSnapshot(w.id) else {
            throw QMTLError(.riskSnapshotNotFound, "world \(w.id) has no risk snapshot yet", details: ["world_id": w.id.description])
        }
        return try Self.snapshotInfo(latest)
    }

    public func riskSnapshots(world: String, version: Int?, asOf: String?, limit: Int?) async throws -> [RiskSnapshotInfo] {
        _ = try authorize("risk_hub.snapshots", needs: .viewer)
        let w = try await requireWorld(world)
        let asOfMillis = try asOf.map { text in
            guard let t = UTCTimestamp.parse(text) else { throw QMTLError(.usage, "as_of must be an ISO-8601 UTC time, got \(text.prefix(40))") }
            return t * 1000
        }
        let found = try await store.riskSnapshots(w.id, version: version, asOfAtMost: asOfMillis, limit: min(max(limit ?? 20, 1), 1000))
        if found.isEmpty, version != nil || asOf != nil {
            throw QMTLError(
                .riskSnapshotNotFound,
                version.map { "world \(w.id) has no risk snapshot version \($0)" } ?? "world \(w.id) has no risk snapshot as of \(asOf ?? "")",
                details: ["world_id": w.id.description])
        }
        return try found.map(Self.snapshotInfo)
    }

    /// The stress flags the world's newest risk snapshot passes for a strategy
    /// (`stress{strategy: {flag: true}}`); none without a snapshot.
    func stressFlags(_ world: WorldID, _ strategy: StrategyID) async throws -> Set<String> {
        guard let stress = try await store.latestRiskSnapshot(world)?.content.objectValue?["stress"]?.objectValue?[strategy.description]?.objectValue
        else { return [] }
        return Set(stress.compactMap { key, value in value == .bool(true) ? key : nil })
    }

    /// A snapshot record from its parts (content: weights, realized_returns, stress, provenance).
    static func snapshotRecord(
        _ world: WorldID, version: Int, asOfMillis: Int64, producedAtMillis: Int64, ttlSeconds: Int, fingerprint: DatasetFingerprint,
        weights: [String: Double], returns: [String: [Double]], stress: [String: [String: Bool]], provenance: RiskProvenance
    ) throws -> RiskSnapshotRecord {
        func object<V>(_ d: [String: V], _ f: (V) -> JSONValue) -> JSONValue {
            var o = JSONObject()
            for (k, v) in d.sorted(by: { $0.key < $1.key }) { o[k] = f(v) }
            return .object(o)
        }
        var content = JSONObject()
        content["weights"] = object(weights) { .number($0) }
        content["realized_returns"] = object(returns) { .array($0.map { .number($0) }) }
        content["stress"] = object(stress) { flags in object(flags) { .bool($0) } }
        content["provenance"] = ["actor": .string(provenance.actor ?? "unknown"), "stage": .string(provenance.stage)]
        return RiskSnapshotRecord(
            world: world, version: version, asOfMillis: asOfMillis, producedAtMillis: producedAtMillis, ttlSeconds: ttlSeconds,
            datasetFingerprint: fingerprint, content: .object(content))
    }

    /// The wire form of a stored snapshot.
    static func snapshotInfo(_ r: RiskSnapshotRecord) throws -> RiskSnapshotInfo {
        let c = r.content.objectValue ?? JSONObject()
        func dictionary<V>(_ value: JSONValue?, _ f: (JSONValue) -> V?) -> [String: V] {
            var out: [String: V] = [:]
            for (k, v) in value?.objectValue ?? JSONObject() { out[k] = f(v) }
            return out
        }
        let weights = dictionary(c["weights"]) { $0.numberValue }
        let returns = dictionary(c["realized_returns"]) { $0.arrayValue?.compactMap(\.numberValue) }
        let stress = dictionary(c["stress"]) { flags in dictionary(flags) { v -> Bool? in if case .bool(let b) = v { b } else { nil } } }
        let p = c["provenance"]?.objectValue
        return RiskSnapshotInfo(
            world: r.world.description, version: r.version, asOf: iso(r.asOfMillis), producedAt: iso(r.producedAtMillis), ttlSeconds: r.ttlSeconds,
            datasetFingerprint: r.datasetFingerprint.description, hash: try r.hash().description, weights: weights, realizedReturns: returns,
            stress: stress, provenance: RiskProvenance(actor: p?["actor"]?.stringValue, stage: p?["stage"]?.stringValue ?? "risk"))
    }
}

extension QMTLService {
    /// The world's own snapshot (R-GOV-1), written after a paper or live run reports and after
    /// every activation change: weights are the normalised activations (strategies running in
    /// the paper or live domain), returns the daily returns of each one's latest run of that
    /// stage, `as_of` their last bar. Nothing is written for a world with nothing activated or
    /// no dataset. Best effort: the report or apply it follows has happened either way.
    @discardableResult
    func writeWorldSnapshot(_ world: WorldID, stage: String) async -> RiskSnapshotInfo? {
        do {
            guard let w = try await store.world(world), let text = try Self.spec(w.config).dataset?.fingerprint else { return nil }
            let bound = Set(try await store.bindings(world).map(\.rootNodeID))
            let activated = try await store.refs(world, status: nil).filter {
                bound.contains($0.nodeID) && $0.state.lifecycle == .running && ($0.executionDomain == .paper || $0.executionDomain == .live)
            }
            guard !activated.isEmpty else { return nil }
            var returns: [String: [Double]] = [:]
            var asOf: Int64?
            for ref in activated {
                let id = StrategyID(root: ref.nodeID)
                // A live strategy's live observation, or (just promoted) the paper run it went live on.
                let stages: [RunStage] = ref.executionDomain == .live ? [.live, .paper] : [.paper]
                guard let (_, series) = try await latestSeries(world, id, stages: stages) else { continue }
                returns[id.description] = DailyReturns.of(t: series.t, equity: series.equity).map(\.value)
                if let last = series.t.last { asOf = max(asOf ?? last, last) }
            }
            guard let asOf else { return nil }
            // Stress results come from the risk team, not from the runs: the newest ones carry over.
            var stress: [String: [String: Bool]] = [:]
            let previous = try await store.latestRiskSnapshot(world)?.content.objectValue?["stress"]?.objectValue ?? JSONObject()
            for (id, flags) in previous {
                var kept: [String: Bool] = [:]
                for (flag, value) in flags.objectValue ?? JSONObject() { if case .bool(let b) = value { kept[flag] = b } }
                stress[id] = kept
            }
            let weight = 1 / Double(activated.count)
            let record = try Self.snapshotRecord(
                world, version: 0, asOfMillis: asOf * 1000, producedAtMillis: now() * 1000, ttlSeconds: RiskSnapshotLimits.defaultTTL,
                fingerprint: try DatasetFingerprint(parsing: text),
                weights: Dictionary(uniqueKeysWithValues: activated.map { (StrategyID(root: $0.nodeID).description, weight) }), returns: returns,
                stress: stress, provenance: RiskProvenance(actor: "system:worldservice", stage: stage))
            let ctx = AuditContext(actor: "system:worldservice", role: Role.admin.rawValue, requestID: ids())
            return try Self.snapshotInfo(try await store.putRiskSnapshot(record, audit: ctx).0)
        } catch {
            return nil
        }
    }
}
