import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func postDecision(_ request: DecisionRequest) async throws -> DecisionInfo {
        let ctx = try authorize("decision.post", needs: .operator)
        let posted = try await checkedDecision(request)
        if let existing = try await store.decision(posted.eventID) {
            guard Self.sameRequest(existing, posted) else {
                throw QMTLError(
                    .decisionExists, "decision \(posted.eventID) exists with another body", details: ["event_id": posted.eventID])
            }
            return try Self.info(existing)  // the same request again: idempotent
        }
        try await expireDecisions()
        guard posted.scope == .worldLocal, let world = posted.world else {
            // R-DEC-3: stored pending, affecting nothing until an operator approves it.
            return try Self.info(try await store.recordDecisions([posted], refEvents: [:], audit: ctx)[0])
        }
        var applied = posted
        applied.state = .applied
        applied.resolvedWorlds = [world]
        let (events, effects) = try await overlayEvents(world, changed: [applied], active: try await activeDecisions(world) + [applied])
        let stored = try await store.recordDecisions([applied], refEvents: [world: events], audit: ctx)[0]
        return try Self.info(stored, effects: effects)
    }

    public func approveDecision(_ eventID: String) async throws -> DecisionInfo {
        let ctx = try authorize("decision.approve", needs: .operator)
        try await expireDecisions()
        var d = try await requireDecision(eventID, in: [.pending], to: "approve")
        d.state = .applied
        d.resolvedWorlds = try await resolveWorlds(d)
        d.approvedBy = caller.actor
        d.approvedAtMillis = now() * 1000
        var refEvents: [WorldID: [RefEvent]] = [:]
        var effects: [DecisionEffect] = []
        for world in d.resolvedWorlds {
            let (events, changed) = try await overlayEvents(world, changed: [d], active: try await activeDecisions(world) + [d])
            refEvents[world] = events
            effects += changed
        }
        return try Self.info(try await store.recordDecisions([d], refEvents: refEvents, audit: ctx)[0], effects: effects)
    }

    public func rejectDecision(_ eventID: String) async throws -> DecisionInfo {
        let ctx = try authorize("decision.reject", needs: .operator)
        try await expireDecisions()
        var d = try await requireDecision(eventID, in: [.pending], to: "reject")
        d.state = .rejected
        return try Self.info(try await store.recordDecisions([d], refEvents: [:], audit: ctx)[0])
    }

    public func revokeDecision(_ eventID: String) async throws -> DecisionInfo {
        let ctx = try authorize("decision.revoke", needs: .operator)
        try await expireDecisions()
        let d = try await requireDecision(eventID, in: [.pending, .applied], to: "revoke")
        let (ended, effects) = try await ending([d], as: .revoked, ctx)
        return try Self.info(ended[0], effects: effects)
    }

    public func listDecisions(world: String?, states: [String]?) async throws -> [DecisionInfo] {
        _ = try authorize("decision.list", needs: .viewer)
        var worldID: WorldID?
        if let world { worldID = try await requireWorld(world).id }
        let wanted = try states.map { names in
            try names.map { name in
                guard let s = DecisionEventRecord.State(rawValue: name) else {
                    throw QMTLError(
                        .decisionField,
                        "unknown decision state \(name); one of "
                            + DecisionEventRecord.State.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return s
            }
        }
        try await expireDecisions()
        return try await store.decisions(world: nil, states: wanted).filter { d in
            guard let worldID else { return true }
            return d.world == worldID || d.resolvedWorlds.contains(worldID)
        }.map { try Self.info($0) }
    }

    public func quarantineNonLocal() async throws -> [DecisionInfo] {
        let ctx = try authorize("decision.quarantine", needs: .operator)
        try await expireDecisions()
        let nonLocal = try await store.decisions(world: nil, states: [.pending, .applied]).filter { $0.scope != .worldLocal }
        guard !nonLocal.isEmpty else { return [] }
        let (ended, effects) = try await ending(nonLocal, as: .quarantined, ctx)
        var infos = try ended.map { try Self.info($0) }
        infos[0].effects = effects  // one transaction: its effects are reported once
        return infos
    }

    public func decisionEvents(after: Int64, world: String?, limit: Int) async throws -> DecisionStreamPage {
        _ = try authorize("decision.events", needs: .viewer)
        guard after >= 0, (1...10_000).contains(limit) else {
            throw QMTLError(.decisionField, "after must be ≥ 0 and limit 1 to 10000, got \(after) and \(limit)")
        }
        var worldID: WorldID?
        if let world { worldID = try await requireWorld(world).id }
        try await expireDecisions()
        let log = try await store.decisionLog(after: after, limit: limit)
        let entries = try log.filter { entry in
            guard let worldID else { return true }
            return entry.decision.world == worldID || entry.decision.resolvedWorlds.contains(worldID)
        }.map { DecisionStreamEntry(seq: $0.seq, publishedAt: Self.iso($0.atMillis), event: try Self.info($0.decision)) }
        return DecisionStreamPage(entries: entries, through: log.last?.seq ?? after)
    }

    /// Marks every pending or applied decision whose TTL has run out `expired` and removes its
    /// effects (R-DEC-4), by the injected clock. Every decision call and `status` run it first.
    func expireDecisions() async throws {
        let nowMillis = now() * 1000
        let due = try await store.decisions(world: nil, states: [.pending, .applied]).filter { d in
            (try? Self.expiry(d)).flatMap { $0 }.map { $0 <= nowMillis } ?? false
        }
        guard !due.isEmpty else { return }
        _ = try await ending(due, as: .expired, AuditContext(actor: "system:decision-ttl", role: "system", requestID: ids()))
    }

    /// How long until the next pending or applied decision expires by its TTL, by this
    /// service's clock; nil when none will. Until then, time alone changes no answer of
    /// ``decide(world:strategy:)``, ``activation(world:strategy:side:)`` or
    /// ``status(strategy:world:)`` (the server keeps those answers that long at most).
    public func untilNextDecisionExpiry() async throws -> Duration? {
        let nowMillis = now() * 1000
        let next = try await store.decisions(world: nil, states: [.pending, .applied]).compactMap { try? Self.expiry($0) }.min()
        return next.map { .milliseconds(max(0, $0 - nowMillis)) }
    }

    // MARK: Helpers

    /// Ends `decisions` in `state` and restores, in every world they applied in, what the
    /// remaining decisions say — in one transaction.
    private func ending(
        _ decisions: [DecisionEventRecord], as state: DecisionEventRecord.State, _ ctx: AuditContext
    ) async throws -> ([DecisionEventRecord], [DecisionEffect]) {
        let endingIDs = Set(decisions.map(\.eventID))
        let worlds = Set(decisions.filter { $0.state == .applied }.flatMap(\.resolvedWorlds))
        var refEvents: [WorldID: [RefEvent]] = [:]
        var effects: [DecisionEffect] = []
        for world in worlds.sorted() {
            let remaining = try await activeDecisions(world).filter { !endingIDs.contains($0.eventID) }
            let changed = decisions.filter { $0.state == .applied && $0.resolvedWorlds.contains(world) }
            let (events, e) = try await overlayEvents(world, changed: changed, active: remaining)
            refEvents[world] = events
            effects += e
        }
        let ended = decisions.map { d in
            var d = d
            d.state = state
            return d
        }
        return (try await store.recordDecisions(ended, refEvents: refEvents, audit: ctx), effects)
    }

    /// The applied, unexpired decisions in effect in `world`.
    func activeDecisions(_ world: WorldID) async throws -> [DecisionEventRecord] {
        let nowMillis = now() * 1000
        return try await store.decisions(world: nil, states: [.applied]).filter { d in
            d.resolvedWorlds.contains(world) && ((try? Self.expiry(d)).flatMap { $0 }.map { $0 > nowMillis } ?? true)
        }
    }

    /// The ref events that make every ref `changed` reaches in `world` show the latest applied
    /// decision of `active` reaching it, or its lifecycle status when none does (R-DEC-2);
    /// with the status each changed ref will show.
    private func overlayEvents(
        _ world: WorldID, changed: [DecisionEventRecord], active: [DecisionEventRecord]
    ) async throws -> ([RefEvent], [DecisionEffect]) {
        var graph = try await worldGraph(world)
        var touched = Set<NodeID>()
        for d in changed { touched.formUnion(graph.targets(of: d.nodeID)) }
        let reaching = active.map { (decision: $0, targets: graph.targets(of: $0.nodeID)) }
        var events: [RefEvent] = []
        var effects: [DecisionEffect] = []
        for node in touched.sorted() {
            guard let ref = try await store.ref(world, node), ref.state.lifecycle != .archived else { continue }
            // The latest applied: by the store's applied order; one being applied now has none yet.
            func order(_ d: DecisionEventRecord) -> Int64 { d.appliedSeq == 0 ? Int64.max : d.appliedSeq }
            let winner = reaching.filter { $0.targets.contains(node) }.map(\.decision).max { order($0) < order($1) }
            let wanted = winner.flatMap { w in OverlayDecision(rawValue: w.decision.rawValue).map { ($0, w.eventID) } }
            let event: WorldNodeState.Event
            switch (wanted, ref.state.overlay) {
            case (nil, nil): continue
            case (nil, let current?): event = .removeDecision(eventID: current.eventID)
            case (let (decision, id)?, let current):
                if current?.eventID == id && current?.decision == decision { continue }
                event = .applyDecision(decision, eventID: id)
            }
            events.append(RefEvent(node: node, event: event))
            effects.append(
                DecisionEffect(world: world.description, nodeID: node.description, status: try ref.state.applying(event).status.rawValue))
        }
        return (events, effects)
    }

    /// The worlds a non-local decision applies in, resolved at approval (R-DEC-1, R-DEC-3):
    /// those binding the node that the scope and propagation rule pick, archived worlds left out.
    private func resolveWorlds(_ d: DecisionEventRecord) async throws -> [WorldID] {
        var candidates: [WorldID] = []
        for id in try await store.worlds(binding: d.nodeID) {
            if let w = try await store.world(id), w.state != .archived { candidates.append(id) }
        }
        switch d.propagation {
        case .none:
            return d.scope == .global ? candidates : []
        case .explicitList:
            return candidates.filter(d.targetWorlds.contains)
        case .sameContract:
            guard let reference = d.world else { return [] }
            let contract = try await currentPolicy(reference).contractID
            var out: [WorldID] = []
            for w in candidates where try await currentPolicy(w).contractID == contract { out.append(w) }
            return out
        case .sameDataset:
            guard let reference = d.world, let fp = try await datasetFingerprint(reference) else { return [] }
            var out: [WorldID] = []
            for w in candidates where try await datasetFingerprint(w) == fp { out.append(w) }
            return out
        }
    }

    private func datasetFingerprint(_ world: WorldID) async throws -> String? {
        guard let w = try await store.world(world) else { return nil }
        return try Self.spec(w.config).dataset?.fingerprint
    }

    private func requireDecision(
        _ eventID: String, in states: [DecisionEventRecord.State], to action: String
    ) async throws -> DecisionEventRecord {
        guard let d = try await store.decision(eventID) else {
            throw QMTLError(.decisionNotFound, "no decision \(eventID); see qmtl decision list", details: ["event_id": eventID])
        }
        guard states.contains(d.state) else {
            throw QMTLError(
                .decisionState,
                "decision \(eventID) is \(d.state.rawValue); only a \(states.map(\.rawValue).joined(separator: " or ")) decision can be \(action == "approve" ? "approved" : action + "d")",
                details: ["event_id": eventID, "state": d.state.rawValue])
        }
        return d
    }

    /// The request as a record in `pending`, every field checked (R-DEC-1).
    private func checkedDecision(_ r: DecisionRequest) async throws -> DecisionEventRecord {
        func field<E: RawRepresentable & CaseIterable>(_ name: String, _ value: String, as: E.Type, code: QMTLError.Code) throws -> E
        where E.RawValue == String {
            guard let v = E(rawValue: value) else {
                throw QMTLError(code, "unknown \(name) \(value); one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return v
        }
        let decision = try field("decision", r.decision, as: DecisionEventRecord.Decision.self, code: .decisionField)
        let reason = try field("reason_code", r.reasonCode, as: DecisionEventRecord.ReasonCode.self, code: .decisionField)
        let scope = try field("scope", r.scope ?? "world-local", as: DecisionEventRecord.Scope.self, code: .decisionScope)
        let propagation = try field("propagation_rule", r.propagationRule ?? "none", as: DecisionEventRecord.Propagation.self, code: .decisionScope)
        let ttl = r.ttl ?? "P0D"
        _ = try ISODuration.seconds(ttl)
        let eventID = r.eventID ?? ids()
        guard LowercaseUUID.isValid(eventID) else {
            throw QMTLError(.decisionField, "event_id \"\(eventID.prefix(60))\" is not a lowercase UUID")
        }
        let legal: Bool
        switch (scope, propagation) {
        case (.worldLocal, .none), (.global, .none), (.multiWorld, .sameContract), (.multiWorld, .sameDataset), (.multiWorld, .explicitList):
            legal = true
        default: legal = false
        }
        guard legal else {
            throw QMTLError(
                .decisionScope,
                "scope \(scope.rawValue) with propagation_rule \(propagation.rawValue) is not allowed; use world-local+none, global+none, or multi-world with same-contract, same-dataset or explicit-list"
            )
        }
        let targets = try (r.targetWorldIDs ?? []).map { try WorldID(parsing: $0) }
        if propagation == .explicitList && targets.isEmpty {
            throw QMTLError(.decisionScope, "an explicit-list decision needs target_world_ids")
        }
        if propagation != .explicitList && !targets.isEmpty {
            throw QMTLError(.decisionScope, "target_world_ids belong to explicit-list decisions only")
        }
        if scope == .worldLocal && r.world == nil {
            throw QMTLError(.decisionWorldRequired, "a world-local decision needs world_id (--world W)")
        }
        if (propagation == .sameContract || propagation == .sameDataset) && r.world == nil {
            throw QMTLError(
                .decisionWorldRequired,
                "a \(propagation.rawValue) decision needs world_id: the world whose \(propagation == .sameContract ? "contract" : "dataset") to match"
            )
        }
        var world: WorldID?
        if let name = r.world { world = try await requireWorld(name).id }
        for t in targets { _ = try await requireWorld(t.description) }
        let node = try NodeID(parsing: r.nodeID)
        if scope == .worldLocal, let world, try await store.ref(world, node) == nil {
            throw QMTLError(
                .refNotFound, "node \(node) is not bound in \(world); a decision applies to nodes of strategies bound there",
                details: ["world_id": world.description, "node_id": node.description])
        }
        return DecisionEventRecord(
            eventID: eventID, world: world, nodeID: node, decision: decision, reasonCode: reason, scope: scope, propagation: propagation,
            targetWorlds: targets, ttl: ttl, atMillis: now() * 1000, actor: caller.actor, state: .pending)
    }

    /// Whether a stored decision was posted with the same request (time, actor and outcome aside).
    private static func sameRequest(_ a: DecisionEventRecord, _ b: DecisionEventRecord) -> Bool {
        a.world == b.world && a.nodeID == b.nodeID && a.decision == b.decision && a.reasonCode == b.reasonCode && a.scope == b.scope
            && a.propagation == b.propagation && a.targetWorlds == b.targetWorlds && a.ttl == b.ttl
    }

    /// When a decision expires, epoch milliseconds; nil for no expiry (P0D).
    static func expiry(_ d: DecisionEventRecord) throws -> Int64? {
        let seconds = try ISODuration.seconds(d.ttl)
        return seconds == 0 ? nil : d.atMillis + seconds * 1000
    }

    static func info(_ d: DecisionEventRecord, effects: [DecisionEffect] = []) throws -> DecisionInfo {
        DecisionInfo(
            eventID: d.eventID, world: d.world?.description, nodeID: d.nodeID.description, decision: d.decision.rawValue,
            reasonCode: d.reasonCode.rawValue, scope: d.scope.rawValue, propagationRule: d.propagation.rawValue,
            targetWorldIDs: d.targetWorlds.map(\.description), ttl: d.ttl, timestamp: iso(d.atMillis), expiresAt: try expiry(d).map(iso),
            actor: d.actor, state: d.state.rawValue, resolvedWorldIDs: d.resolvedWorlds.map(\.description), approvedBy: d.approvedBy,
            approvedAt: d.approvedAtMillis.map(iso), effects: effects)
    }
}
