import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    // MARK: Live promotion (R-GOV-2…7)

    /// What every verdict in a world reads once: policy, risk snapshot, live set, cooldown.
    struct PromotionContext: Sendable {
        var world: WorldRecord
        var spec: WorldSpec
        var policy: Policy
        var snapshot: RiskSnapshotRecord?
        var live: Set<StrategyID>
        var cooldownRemaining: Int
        var nowMillis: Int64
    }

    func promotionContext(_ world: String) async throws -> PromotionContext {
        let w = try await requireWorld(world)
        let policy = try await currentPolicy(w.id)
        let nowMillis = now() * 1000
        var cooldown = 0
        if policy.governance.cooldownSeconds > 0,
            let last = try await store.applies(w.id, limit: 100).first(where: { $0.stage == .completed && !Self.plan($0.plan).activate.isEmpty })
        {
            // On the store's clock, which stamped the apply.
            cooldown = max(0, policy.governance.cooldownSeconds - Int((store.clockMillis - last.updatedAtMillis) / 1000))
        }
        return PromotionContext(
            world: w, spec: try Self.spec(w.config), policy: policy, snapshot: try await store.latestRiskSnapshot(w.id),
            live: Set(try await store.liveStrategies(w.id)), cooldownRemaining: cooldown, nowMillis: nowMillis)
    }

    /// The verdict on one strategy's latest paper run (or `runID`, which must be it).
    func promotion(_ c: PromotionContext, _ e: CampaignEvidence, runID: String? = nil) async throws -> (LivePromotionInfo, LivePromotionVerdict) {
        let id = try StrategyID(parsing: e.strategy)
        let paper = e.paper
        if let runID, runID != paper?.runID {
            throw QMTLError(
                .promotionBlocked, "run \(runID) is not the latest paper run of \(id) in \(c.world.id)" + (paper.map { " (\($0.runID) is)" } ?? ""),
                details: ["run_id": runID])
        }
        var snapshotReasons = RiskSnapshotCheck.reasons(
            c.snapshot.map {
                RiskSnapshotFacts(
                    version: $0.version, asOfMillis: $0.asOfMillis, producedAtMillis: $0.producedAtMillis, ttlSeconds: $0.ttlSeconds,
                    datasetFingerprint: $0.datasetFingerprint.description)
            }, runFingerprint: c.spec.dataset?.fingerprint ?? "", runLastBarMillis: paper?.lastBar.map { $0 * 1000 }, nowMillis: c.nowMillis,
            maxAgeSeconds: c.policy.riskHub?.maxSnapshotAgeSeconds ?? RiskSnapshotCheck.defaultMaxAgeSeconds)
        // The validation block's stress flags come from the snapshot the verdict uses (R-GOV-3).
        if let flags = c.policy.validation?.requiredStressFlags, !flags.isEmpty, let snapshot = c.snapshot {
            let passed = snapshot.content.objectValue?["stress"]?.objectValue?[e.strategy]?.objectValue
            if !flags.allSatisfy({ passed?[$0] == .bool(true) }) { snapshotReasons.append(.stressFlagMissing) }
        }
        let approval = try await paper.asyncFlatMap { run in
            try await store.approvals(c.world.id, strategy: id).last { $0.runID == run.runID }
        }
        let input = LivePromotionInput(
            world: e.world, strategy: e.strategy, runID: paper?.runID, governance: c.policy.governance, allowLive: c.spec.allowLive,
            halted: e.halted, live: e.live, campaignReasons: CampaignRules.liveReasons(e),
            snapshotReasons: snapshotReasons, cooldownRemainingSeconds: c.cooldownRemaining, liveCount: c.live.subtracting([id]).count,
            approval: approval.map { $0.decision == .approved ? .approved : .rejected })
        let v = LivePromotionRules.verdict(input)
        let info = LivePromotionInfo(
            world: e.world, strategyID: e.strategy, runID: paper?.runID,
            plan: LivePlan(activate: e.live || paper == nil ? [] : [LivePlanEntry(strategyID: e.strategy)]), eligible: v.eligible,
            pendingManualApproval: v.pendingManualApproval, applicable: v.applicable, blockedReasons: v.blockedReasons.map(\.rawValue),
            campaignReasons: v.campaignReasons.map(\.rawValue), cooldownRemainingSec: v.cooldownRemainingSeconds,
            maxLiveSlots: c.policy.governance.maxLiveSlots, liveSlotsUsed: c.live.count, canaryFraction: c.policy.governance.canaryFraction,
            inCanary: v.inCanary, promotionMode: c.policy.governance.mode.rawValue, allowLive: c.spec.allowLive,
            riskSnapshotVersion: c.snapshot?.version, approval: approval.map(Self.approvalInfo), summary: Self.summary(v, c))
        return (info, v)
    }

    /// The verdict in a sentence (reports and the CLI show it).
    static func summary(_ v: LivePromotionVerdict, _ c: PromotionContext) -> String {
        if v.applicable { return "applicable: an apply makes it live" }
        if v.pendingManualApproval {
            let who = c.policy.governance.approvers.map(\.text)
            return "eligible; waiting for an approver (\(who.isEmpty ? "role:operator" : who.joined(separator: ", ")))"
                + (v.inCanary ? "" : " because the run is outside the canary")
        }
        var parts = v.blockedReasons.filter { $0 != .manualApprovalRequired && $0 != .outsideCanary }.map(\.rawValue)
        if v.cooldownRemainingSeconds > 0, let i = parts.firstIndex(of: LivePromotionReason.cooldownActive.rawValue) {
            parts[i] += " (\(v.cooldownRemainingSeconds) s left)"
        }
        if !v.campaignReasons.isEmpty, let i = parts.firstIndex(of: LivePromotionReason.campaignIncomplete.rawValue) {
            parts[i] += " (\(v.campaignReasons.map(\.rawValue).joined(separator: ", ")))"
        }
        return "blocked: " + parts.joined(separator: ", ")
    }

    static func approvalInfo(_ a: ApprovalRecord) -> ApprovalInfo {
        ApprovalInfo(
            approvalRequestID: a.approvalRequestID, world: a.world.description, strategyID: a.strategy.description, runID: a.runID,
            requestedAt: iso(a.requestedAtMillis), decidedAt: iso(a.decidedAtMillis), decidedBy: a.decidedBy, decision: a.decision.rawValue,
            comment: a.comment, decisionReason: a.decisionReason)
    }

    public func liveCandidates(world: String) async throws -> LiveCandidates {
        _ = try authorize("promotion.candidates", needs: .viewer)
        let c = try await promotionContext(world)
        var out: [LivePromotionInfo] = []
        for (e, _) in try await campaignEvidence(world: world, strategy: nil) where e.paper != nil && !e.live {
            out.append(try await promotion(c, e).0)
        }
        out.sort { ($0.eligible ? 0 : 1, $0.strategyID) < ($1.eligible ? 0 : 1, $1.strategyID) }
        return LiveCandidates(
            world: c.world.id.description, promotionMode: c.policy.governance.mode.rawValue, candidates: try await named(out, \.strategyID, \.name))
    }

    public func livePlan(world: String, strategy: String, runID: String?) async throws -> LivePromotionInfo {
        _ = try authorize("promotion.plan", needs: .viewer)
        let c = try await promotionContext(world)
        let e = try await evidence(world: world, strategy: strategy)
        return try await named([try await promotion(c, e, runID: runID).0], \.strategyID, \.name)[0]
    }

    public func approveLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo {
        try await decideLive(world: world, request: request, decision: .approved)
    }

    public func rejectLive(world: String, request: LiveDecisionRequest) async throws -> ApprovalInfo {
        try await decideLive(world: world, request: request, decision: .rejected)
    }

    /// An approver's decision on a paper run (R-GOV-6): idempotent per run and decision.
    func decideLive(world: String, request: LiveDecisionRequest, decision: ApprovalRecord.Decision) async throws -> ApprovalInfo {
        let ctx = try authorize("promotion.\(decision == .approved ? "approve" : "reject")", needs: .operator)
        let c = try await promotionContext(world)
        try checkApprover(c.policy.governance, world: c.world.id)
        let e = try await evidence(world: world, strategy: request.strategyID)
        let (info, verdict) = try await promotion(c, e, runID: request.runID)
        guard let runID = info.runID, let paper = e.paper else {
            throw QMTLError(
                .promotionBlocked, "\(e.strategy) has no paper run in \(c.world.id) to \(decision == .approved ? "approve" : "reject")",
                details: ["blocked_reasons": info.blockedReasons.joined(separator: ",")])
        }
        let requestID = "live:\(c.world.id):\(e.strategy):\(runID)"
        if decision == .approved, info.approval?.decision != ApprovalRecord.Decision.approved.rawValue, !verdict.approvable {
            throw QMTLError(
                .promotionBlocked, "\(e.strategy) cannot be approved for live in \(c.world.id): \(info.summary)",
                details: ["blocked_reasons": info.blockedReasons.joined(separator: ",")])
        }
        guard let run = try await store.run(c.world.id, strategy: try StrategyID(parsing: e.strategy), runID: paper.runID) else {
            throw QMTLError(.runNotFound, "no run \(runID) in \(c.world.id)")
        }
        let record = ApprovalRecord(
            approvalRequestID: requestID, world: c.world.id, strategy: try StrategyID(parsing: e.strategy), runID: runID,
            requestedAtMillis: run.updatedAtMillis, decidedAtMillis: c.nowMillis, decidedBy: caller.actor, decision: decision,
            comment: String(request.comment.prefix(2000)), decisionReason: "manual")
        let (stored, created) = try await store.putApproval(record, audit: ctx)
        var out = Self.approvalInfo(stored)
        out.created = created
        return out
    }

    /// The caller must be one of `approvers` (`role:<r>` matches that role or a higher one,
    /// `user:<name>` the actor); with no list, any operator may approve.
    func checkApprover(_ g: Policy.Governance, world: WorldID) throws {
        guard !g.approvers.isEmpty else { return }
        let allowed = g.approvers.contains { a in
            switch a {
            case .role(let r): Role(rawValue: r).map { caller.role >= $0 } ?? false
            case .user(let u): caller.actor == "user:\(u)"
            }
        }
        guard allowed else {
            throw QMTLError(
                .notAnApprover,
                "\(caller.actor) is not an approver of live promotions in \(world): approvers are \(g.approvers.map(\.text).joined(separator: ", "))",
                details: ["approvers": g.approvers.map(\.text).joined(separator: ",")])
        }
    }
}

extension Optional {
    /// `flatMap` with an async transform.
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
