/// One strategy in a live plan (R-GOV-7).
public struct LivePlanEntry: Sendable, Hashable, Codable {
    /// The StrategyID.
    public var strategyID: String
    /// `long` or `short`.
    public var side: String
    /// Its weight once live.
    public var weight: Double

    /// An entry.
    public init(strategyID: String, side: String = "long", weight: Double = 1) {
        self.strategyID = strategyID
        self.side = side
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey {
        case side, weight
        case strategyID = "strategy_id"
    }
}

/// What an apply changes: strategies to make live and to take out of live (R-GOV-7, R-GOV-8).
public struct LivePlan: Sendable, Hashable, Codable {
    /// Strategies to activate live.
    public var activate: [LivePlanEntry]
    /// Live strategies to deactivate (their refs return to `valid`).
    public var deactivate: [LivePlanEntry]

    /// A plan.
    public init(activate: [LivePlanEntry] = [], deactivate: [LivePlanEntry] = []) {
        self.activate = activate
        self.deactivate = deactivate
    }
}

/// An approval or rejection of a live promotion (R-GOV-6).
public struct ApprovalInfo: Sendable, Hashable, Codable {
    /// The request's id: `live:<world>:<strategy>:<run>` (the same request twice is one record).
    public var approvalRequestID: String
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// The paper run approved or rejected.
    public var runID: String
    /// When the run became pending (its evaluation), ISO-8601 UTC.
    public var requestedAt: String
    /// When it was decided.
    public var decidedAt: String
    /// `user:<name>`, or `system:auto_apply`.
    public var decidedBy: String
    /// `approved` or `rejected`.
    public var decision: String
    /// The approver's words.
    public var comment: String
    /// A stable reason code (`manual`, `auto_apply_within_guardrails`).
    public var decisionReason: String
    /// Whether this call recorded it (false: it was recorded before).
    public var created: Bool?

    /// An approval record.
    public init(
        approvalRequestID: String, world: String, strategyID: String, runID: String, requestedAt: String, decidedAt: String, decidedBy: String,
        decision: String, comment: String, decisionReason: String, created: Bool? = nil
    ) {
        self.approvalRequestID = approvalRequestID
        self.world = world
        self.strategyID = strategyID
        self.runID = runID
        self.requestedAt = requestedAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.decision = decision
        self.comment = comment
        self.decisionReason = decisionReason
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case decision, comment, created
        case approvalRequestID = "approval_request_id"
        case world = "world_id"
        case strategyID = "strategy_id"
        case runID = "run_id"
        case requestedAt = "requested_at"
        case decidedAt = "decided_at"
        case decidedBy = "decided_by"
        case decisionReason = "decision_reason"
    }
}

/// Whether one strategy's paper run may go live, and what an apply would do (R-GOV-7).
public struct LivePromotionInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategyID: String
    /// The name the strategy was first submitted under, if it had one (metadata, not identity).
    public var name: String?
    /// The paper run proposed; nil when there is none.
    public var runID: String?
    /// What applying it would change.
    public var plan: LivePlan
    /// Nothing but an approval stands in the way.
    public var eligible: Bool
    /// Eligible and waiting for an approver.
    public var pendingManualApproval: Bool
    /// Eligible and approved (or in the canary under `auto_apply`): an apply makes it live.
    public var applicable: Bool
    /// Everything that blocks it, as reason codes.
    public var blockedReasons: [String]
    /// The campaign's reasons when it is not complete.
    public var campaignReasons: [String]
    /// Seconds until the world's cooldown ends.
    public var cooldownRemainingSec: Int
    /// The world's `max_live_slots`, if any.
    public var maxLiveSlots: Int?
    /// Strategies live in the world now.
    public var liveSlotsUsed: Int
    /// The world's `canary_fraction`, if any.
    public var canaryFraction: Double?
    /// Whether the run is in the canary.
    public var inCanary: Bool
    /// `disabled`, `manual_approval` or `auto_apply`.
    public var promotionMode: String
    /// The world's `allow_live`.
    public var allowLive: Bool
    /// The risk snapshot the checks used, if any.
    public var riskSnapshotVersion: Int?
    /// The approver's decision on this run, if any.
    public var approval: ApprovalInfo?
    /// The verdict in a sentence.
    public var summary: String

    /// A verdict.
    public init(
        world: String, strategyID: String, runID: String?, plan: LivePlan, eligible: Bool, pendingManualApproval: Bool, applicable: Bool,
        blockedReasons: [String], campaignReasons: [String], cooldownRemainingSec: Int, maxLiveSlots: Int?, liveSlotsUsed: Int,
        canaryFraction: Double?, inCanary: Bool, promotionMode: String, allowLive: Bool, riskSnapshotVersion: Int?, approval: ApprovalInfo?,
        summary: String
    ) {
        self.world = world
        self.strategyID = strategyID
        self.runID = runID
        self.plan = plan
        self.eligible = eligible
        self.pendingManualApproval = pendingManualApproval
        self.applicable = applicable
        self.blockedReasons = blockedReasons
        self.campaignReasons = campaignReasons
        self.cooldownRemainingSec = cooldownRemainingSec
        self.maxLiveSlots = maxLiveSlots
        self.liveSlotsUsed = liveSlotsUsed
        self.canaryFraction = canaryFraction
        self.inCanary = inCanary
        self.promotionMode = promotionMode
        self.allowLive = allowLive
        self.riskSnapshotVersion = riskSnapshotVersion
        self.approval = approval
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case name
        case plan, eligible, applicable, approval, summary
        case world = "world_id"
        case strategyID = "strategy_id"
        case runID = "run_id"
        case pendingManualApproval = "pending_manual_approval"
        case blockedReasons = "blocked_reasons"
        case campaignReasons = "campaign_reasons"
        case cooldownRemainingSec = "cooldown_remaining_sec"
        case maxLiveSlots = "max_live_slots"
        case liveSlotsUsed = "live_slots_used"
        case canaryFraction = "canary_fraction"
        case inCanary = "in_canary"
        case promotionMode = "promotion_mode"
        case allowLive = "allow_live"
        case riskSnapshotVersion = "risk_snapshot_version"
    }
}

/// `GET /worlds/{w}/promotions/live/candidates`: every strategy with a paper run that is not
/// live yet, eligible ones first.
public struct LiveCandidates: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// `disabled`, `manual_approval` or `auto_apply`.
    public var promotionMode: String
    /// The candidates.
    public var candidates: [LivePromotionInfo]

    /// A candidate list.
    public init(world: String, promotionMode: String, candidates: [LivePromotionInfo]) {
        self.world = world
        self.promotionMode = promotionMode
        self.candidates = candidates
    }

    enum CodingKeys: String, CodingKey {
        case candidates
        case world = "world_id"
        case promotionMode = "promotion_mode"
    }
}

/// An approve or reject request (R-GOV-6).
public struct LiveDecisionRequest: Sendable, Hashable, Codable {
    /// The strategy.
    public var strategyID: String
    /// The paper run; omitted: the strategy's latest.
    public var runID: String?
    /// Why (kept with the record).
    public var comment: String

    /// A request.
    public init(strategyID: String, runID: String? = nil, comment: String) {
        self.strategyID = strategyID
        self.runID = runID
        self.comment = comment
    }

    enum CodingKeys: String, CodingKey {
        case comment
        case strategyID = "strategy_id"
        case runID = "run_id"
    }
}

/// `POST /worlds/{w}/promotions/live/apply`: make one approved run live.
public struct LiveApplyRequest: Sendable, Hashable, Codable {
    /// The strategy.
    public var strategyID: String
    /// The paper run; omitted: the strategy's latest.
    public var runID: String?
    /// The apply's name; omitted: `live:<strategy>:<run>` (the same apply again is one apply).
    public var applyID: String?

    /// A request.
    public init(strategyID: String, runID: String? = nil, applyID: String? = nil) {
        self.strategyID = strategyID
        self.runID = runID
        self.applyID = applyID
    }

    enum CodingKeys: String, CodingKey {
        case strategyID = "strategy_id"
        case runID = "run_id"
        case applyID = "apply_id"
    }
}

/// `POST /worlds/{w}/apply`: a two-phase apply of an explicit plan (R-GOV-8).
public struct ApplyRequest: Sendable, Hashable, Codable {
    /// The apply's name (the same id and plan again: the same apply).
    public var applyID: String
    /// What to change.
    public var plan: LivePlan

    /// A request.
    public init(applyID: String, plan: LivePlan) {
        self.applyID = applyID
        self.plan = plan
    }

    enum CodingKeys: String, CodingKey {
        case plan
        case applyID = "apply_id"
    }
}

/// A two-phase apply (R-GOV-8).
public struct ApplyInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// Its name.
    public var applyID: String
    /// `requested`, `freeze`, `switch`, `unfreeze`, `completed` or `rolled_back`.
    public var stage: String
    /// What it changes.
    public var plan: LivePlan
    /// The risk snapshot version its activations were checked against, if any.
    public var riskSnapshotVersion: Int?
    /// When it was requested, ISO-8601 UTC.
    public var createdAt: String
    /// When its stage last changed.
    public var updatedAt: String
    /// Whether this call started it (false: it existed).
    public var created: Bool?

    /// An apply.
    public init(
        world: String, applyID: String, stage: String, plan: LivePlan, riskSnapshotVersion: Int?, createdAt: String, updatedAt: String,
        created: Bool? = nil
    ) {
        self.world = world
        self.applyID = applyID
        self.stage = stage
        self.plan = plan
        self.riskSnapshotVersion = riskSnapshotVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.created = created
    }

    enum CodingKeys: String, CodingKey {
        case stage, plan, created
        case world = "world_id"
        case applyID = "apply_id"
        case riskSnapshotVersion = "risk_snapshot_version"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// `POST /worlds/{w}/promotions/live/auto-apply`: what `auto_apply` promoted, and what it left.
public struct AutoApplyInfo: Sendable, Hashable, Codable {
    /// The world.
    public var world: String
    /// The applies it made, one per promoted strategy.
    public var applied: [ApplyInfo]
    /// Candidates it did not promote, with why.
    public var skipped: [LivePromotionInfo]

    /// An outcome.
    public init(world: String, applied: [ApplyInfo], skipped: [LivePromotionInfo]) {
        self.world = world
        self.applied = applied
        self.skipped = skipped
    }

    enum CodingKeys: String, CodingKey {
        case applied, skipped
        case world = "world_id"
    }
}
