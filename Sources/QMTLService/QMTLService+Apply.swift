import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    // MARK: Applies (R-GOV-7, R-GOV-8)

    public func applyLive(world: String, request: LiveApplyRequest) async throws -> ApplyInfo {
        let ctx = try authorize("promotion.apply", needs: .operator)
        let c = try await promotionContext(world)
        let e = try await evidence(world: world, strategy: request.strategyID)
        let (info, verdict) = try await promotion(c, e, runID: request.runID)
        var applyID = request.applyID ?? ""
        if request.applyID == nil { applyID = try await defaultApplyID(c.world.id, "live:\(e.strategy):\(info.runID ?? "none")") }
        // The same apply again is the same result, whatever changed since.
        if let existing = try await store.apply(c.world.id, applyID: applyID), existing.stage.isFinished {
            return try Self.applyInfo(existing, created: false)
        }
        guard verdict.applicable else {
            throw QMTLError(
                .promotionBlocked, "\(e.strategy) cannot go live in \(c.world.id) now: \(info.summary)",
                details: ["blocked_reasons": info.blockedReasons.joined(separator: ",")])
        }
        return try await twoPhaseApply(c, applyID: applyID, plan: info.plan, ctx)
    }

    public func applyPlan(world: String, request: ApplyRequest) async throws -> ApplyInfo {
        let ctx = try authorize("world.apply", needs: .operator)
        let c = try await promotionContext(world)
        guard !request.plan.activate.isEmpty || !request.plan.deactivate.isEmpty else {
            throw QMTLError(.applyNoPlan, "the plan activates and deactivates nothing")
        }
        if let existing = try await store.apply(c.world.id, applyID: request.applyID), existing.stage.isFinished {
            guard Self.plan(existing.plan) == request.plan else {
                throw QMTLError(.applyConflict, "apply \(request.applyID) exists with another plan", details: ["apply_id": request.applyID])
            }
            return try Self.applyInfo(existing, created: false)
        }
        // Fail-closed: an explicit plan activates only what the live promotion rules allow.
        for entry in request.plan.activate {
            let id = try await requireBinding(c.world.id, entry.strategyID)
            guard !c.live.contains(id) else { continue }
            let e = try await evidence(world: world, strategy: entry.strategyID)
            let (info, verdict) = try await promotion(c, e)
            guard verdict.applicable else {
                throw QMTLError(
                    .promotionBlocked, "\(id) cannot go live in \(c.world.id) now: \(info.summary)",
                    details: ["strategy_id": id.description, "blocked_reasons": info.blockedReasons.joined(separator: ",")])
            }
        }
        for entry in request.plan.deactivate {
            let id = try await requireBinding(c.world.id, entry.strategyID)
            guard c.live.contains(id) else { throw QMTLError(.promotionBlocked, "\(id) is not live in \(c.world.id): nothing to deactivate") }
        }
        return try await twoPhaseApply(c, applyID: request.applyID, plan: request.plan, ctx)
    }

    public func autoApplyLive(world: String) async throws -> AutoApplyInfo {
        let ctx = try authorize("promotion.auto_apply", needs: .operator)
        var c = try await promotionContext(world)
        guard c.policy.governance.mode == .autoApply else {
            throw QMTLError(
                .promotionBlocked, "world \(c.world.id) promotes with \(c.policy.governance.mode.rawValue), not auto_apply",
                details: ["promotion_mode": c.policy.governance.mode.rawValue])
        }
        var applied: [ApplyInfo] = []
        var skipped: [LivePromotionInfo] = []
        for (e, _) in try await campaignEvidence(world: world, strategy: nil) where e.paper != nil && !e.live {
            let (info, verdict) = try await promotion(c, e)
            guard verdict.applicable, let runID = info.runID else {
                skipped.append(info)
                continue
            }
            let strategy = try StrategyID(parsing: e.strategy)
            let approval = ApprovalRecord(
                approvalRequestID: "live:\(c.world.id):\(e.strategy):\(runID)", world: c.world.id, strategy: strategy, runID: runID,
                requestedAtMillis: c.nowMillis, decidedAtMillis: c.nowMillis, decidedBy: "system:auto_apply", decision: .approved,
                comment: "auto_apply: eligible, in the canary, within the guardrails", decisionReason: "auto_apply_within_guardrails")
            _ = try await store.putApproval(approval, audit: ctx)
            do {
                let applyID = try await defaultApplyID(c.world.id, "auto-live:\(e.strategy):\(runID)")
                applied.append(try await twoPhaseApply(c, applyID: applyID, plan: info.plan, ctx))
            } catch let error as QMTLError where [.applyInFlight, .maxLiveSlots].contains(error.code) {
                // Another apply got there first: this candidate waits for the next round.
                skipped.append(info)
                continue
            }
            // The next candidate sees this one live (slots) and the cooldown it starts.
            c = try await promotionContext(world)
        }
        return AutoApplyInfo(world: c.world.id.description, applied: applied, skipped: skipped)
    }

    /// `base`, or — when an apply of that name was rolled back (a crash, a failure before its
    /// switch) — `base:2`, `base:3`, …: a retry is a new apply, while the same request after a
    /// completed one is that apply again.
    func defaultApplyID(_ world: WorldID, _ base: String) async throws -> String {
        var n = 1
        while true {
            let id = n == 1 ? base : "\(base):\(n)"
            guard let existing = try await store.apply(world, applyID: id), existing.stage == .rolledBack else { return id }
            n += 1
        }
    }

    public func applyStatus(world: String, applyID: String) async throws -> ApplyInfo {
        _ = try authorize("world.apply_status", needs: .viewer)
        let w = try await requireWorld(world)
        guard let record = try await store.apply(w.id, applyID: applyID) else {
            throw QMTLError(.applyNotFound, "no apply \(applyID) in \(w.id)", details: ["apply_id": applyID])
        }
        return try Self.applyInfo(record)
    }

    /// The two phases (R-GOV-8): `requested → freeze → switch → unfreeze → completed`, each
    /// persisted before the next under a lease; the refs change only in `switch`, in one
    /// transaction. An apply that fails before `switch` is rolled back at once; one a crash
    /// interrupts is finished by recovery when its lease runs out.
    func twoPhaseApply(_ c: PromotionContext, applyID: String, plan: LivePlan, _ ctx: AuditContext) async throws -> ApplyInfo {
        try await recoverApplies()
        let owner = "\(caller.actor)#\(ids())"
        // Leases are set on the store's clock: the store checks them, recovery included.
        let lease = { self.store.clockMillis + self.applyLeaseMillis }
        var planJSON = Self.json(plan)
        if case .object(var o) = planJSON, let version = c.snapshot?.version {
            o["risk_snapshot_version"] = .number(Double(version))
            planJSON = .object(o)
        }
        let (begun, created) = try await store.beginApply(
            c.world.id, applyID: applyID, plan: planJSON, leaseOwner: owner, leaseUntil: lease(),
            maxLiveSlots: c.policy.governance.maxLiveSlots, audit: ctx)
        guard created else { return try Self.applyInfo(begun, created: false) }
        applyStageHook?(.requested)
        var record = begun
        func advance(_ stage: ApplyStage, _ events: [RefEvent] = []) async throws {
            record = try await store.advanceApply(
                c.world.id, applyID: applyID, to: stage, leaseOwner: owner, leaseUntil: lease(), refEvents: events, audit: ctx)
            applyStageHook?(stage)
        }
        do {
            try await advance(.freeze)
            try await advance(.switchover, try await switchEvents(c.world.id, plan))
        } catch {
            // Nothing switched: roll back now rather than wait for the lease.
            _ = try? await store.advanceApply(
                c.world.id, applyID: applyID, to: .rolledBack, leaseOwner: owner, leaseUntil: nil, refEvents: [], audit: ctx)
            throw error
        }
        try await advance(.unfreeze)
        try await advance(.completed)
        // Every activation change writes the world's snapshot (R-GOV-1).
        await writeWorldSnapshot(c.world.id, stage: "live")
        return try Self.applyInfo(record, created: true)
    }

    /// The ref events of `switch`: deactivated strategies go back to `valid`; activated ones
    /// leave their paper activation (if any) and run in the live domain.
    func switchEvents(_ world: WorldID, _ plan: LivePlan) async throws -> [RefEvent] {
        var events: [RefEvent] = []
        for entry in plan.deactivate {
            let node = try StrategyID(parsing: entry.strategyID).rootNodeID
            events.append(RefEvent(node: node, event: .deactivate))
        }
        for entry in plan.activate {
            let node = try StrategyID(parsing: entry.strategyID).rootNodeID
            let ref = try await store.ref(world, node)
            if ref?.state.lifecycle == .running { events.append(RefEvent(node: node, event: .deactivate)) }
            events.append(RefEvent(node: node, event: .activate, domain: .live))
        }
        return events
    }

    /// Finishes applies whose lease ran out (R-GOV-8): before `switch`, rolled back; after, completed.
    @discardableResult
    public func recoverApplies() async throws -> Int {
        let ctx = AuditContext(actor: "system:apply-recovery", role: Role.admin.rawValue, requestID: ids())
        return try await store.recoverApplies(owner: "system:apply-recovery#\(ids())", audit: ctx).count
    }

    static func json(_ plan: LivePlan) -> JSONValue {
        func entries(_ list: [LivePlanEntry]) -> JSONValue {
            .array(list.map { ["strategy_id": .string($0.strategyID), "side": .string($0.side), "weight": .number($0.weight)] })
        }
        return ["activate": entries(plan.activate), "deactivate": entries(plan.deactivate)]
    }

    static func plan(_ json: JSONValue) -> LivePlan {
        func entries(_ key: String) -> [LivePlanEntry] {
            (json.objectValue?[key]?.arrayValue ?? []).compactMap { e in
                guard let o = e.objectValue, let id = o["strategy_id"]?.stringValue else { return nil }
                return LivePlanEntry(strategyID: id, side: o["side"]?.stringValue ?? "long", weight: o["weight"]?.numberValue ?? 1)
            }
        }
        return LivePlan(activate: entries("activate"), deactivate: entries("deactivate"))
    }

    static func applyInfo(_ r: ApplyRecord, created: Bool? = nil) throws -> ApplyInfo {
        ApplyInfo(
            world: r.world.description, applyID: r.applyID, stage: r.stage.rawValue, plan: plan(r.plan),
            riskSnapshotVersion: r.plan.objectValue?["risk_snapshot_version"]?.numberValue.map { Int($0) }, createdAt: iso(r.createdAtMillis),
            updatedAt: iso(r.updatedAtMillis), created: created)
    }
}
