/// Everything the live promotion rules read for one candidate run (R-GOV-2…5).
public struct LivePromotionInput: Sendable, Equatable {
    /// The world.
    public var world: String
    /// The strategy.
    public var strategy: String
    /// The paper run proposed for live; nil when there is none.
    public var runID: String?
    /// The world's governance block (manual approval when the policy has none).
    public var governance: Policy.Governance
    /// The world's `allow_live`.
    public var allowLive: Bool
    /// Whether a decision halts the strategy in the world.
    public var halted: Bool
    /// Whether it is live already.
    public var live: Bool
    /// The campaign's reasons against `promotable_to_live`; empty when it is promotable.
    public var campaignReasons: [CampaignReason]
    /// ``RiskSnapshotCheck/reasons(_:runFingerprint:runLastBarMillis:nowMillis:maxAgeSeconds:)``.
    public var snapshotReasons: [LivePromotionReason]
    /// Seconds until the cooldown since the last completed live apply ends; 0 when over.
    public var cooldownRemainingSeconds: Int
    /// Strategies live in the world now, this one excluded.
    public var liveCount: Int
    /// An approver's decision on this run, if any.
    public var approval: Approval?

    /// An approver's decision.
    public enum Approval: String, Sendable, Equatable { case approved, rejected }

    /// The input of one verdict.
    public init(
        world: String, strategy: String, runID: String?, governance: Policy.Governance, allowLive: Bool, halted: Bool, live: Bool,
        campaignReasons: [CampaignReason], snapshotReasons: [LivePromotionReason], cooldownRemainingSeconds: Int, liveCount: Int,
        approval: Approval?
    ) {
        self.world = world
        self.strategy = strategy
        self.runID = runID
        self.governance = governance
        self.allowLive = allowLive
        self.halted = halted
        self.live = live
        self.campaignReasons = campaignReasons
        self.snapshotReasons = snapshotReasons
        self.cooldownRemainingSeconds = cooldownRemainingSeconds
        self.liveCount = liveCount
        self.approval = approval
    }
}

/// Whether a run may go live, and what stops it (R-GOV-4, R-GOV-7).
public struct LivePromotionVerdict: Sendable, Equatable {
    /// Nothing but an approval stands in the way.
    public var eligible: Bool
    /// Eligible, and waiting for an allowed approver.
    public var pendingManualApproval: Bool
    /// Eligible and approved (or, under `auto_apply`, in the canary): an apply may make it live now.
    public var applicable: Bool
    /// An approver may approve it now: a candidate whose only blocks are the cooldown or the slots
    /// (guardrails an apply checks again).
    public var approvable: Bool
    /// Every reason, in ``LivePromotionReason`` order.
    public var blockedReasons: [LivePromotionReason]
    /// The campaign's own reasons when it is not complete.
    public var campaignReasons: [CampaignReason]
    /// Whether the run is in the canary (``Canary``); true when there is no run or fraction.
    public var inCanary: Bool
    /// Seconds until the cooldown ends.
    public var cooldownRemainingSeconds: Int
}

/// The live promotion rules as a pure function: fail-closed (R-GOV-2), `disabled` never
/// promotes, `manual_approval` (the default) needs an approver, `auto_apply` never skips the
/// paper campaign or validation and applies by itself only inside the canary (R-GOV-3…5).
public enum LivePromotionRules {
    /// Reasons an approval can be given despite (an apply checks them again).
    static let guardrails: Set<LivePromotionReason> = [.cooldownActive, .maxLiveSlotsExceeded]

    /// The verdict on one candidate run.
    public static func verdict(_ i: LivePromotionInput) -> LivePromotionVerdict {
        let g = i.governance
        let inCanary = i.runID.map { Canary.contains(world: i.world, strategy: i.strategy, run: $0, fraction: g.canaryFraction) } ?? true
        var blocks: [LivePromotionReason] = []
        if g.mode == .disabled { blocks.append(.promotionDisabled) }
        if !i.allowLive { blocks.append(.worldLiveNotAllowed) }
        if i.halted { blocks.append(.haltedByDecision) }
        if i.live { blocks.append(.alreadyLive) }
        let campaign = i.live ? [] : i.campaignReasons.filter { $0 != .promotionDisabled && $0 != .haltedByDecision }
        if !i.live {
            if campaign.contains(.validationFailed) {
                blocks.append(.validationFailed)
            } else if i.runID == nil || !campaign.isEmpty {
                blocks.append(.campaignIncomplete)
            }
        }
        blocks += i.snapshotReasons
        if i.cooldownRemainingSeconds > 0 { blocks.append(.cooldownActive) }
        if let slots = g.maxLiveSlots, !i.live, i.liveCount + 1 > slots { blocks.append(.maxLiveSlotsExceeded) }
        if i.approval == .rejected { blocks.append(.approvalRejected) }

        var waits: [LivePromotionReason] = []
        if i.approval == nil {
            switch g.mode {
            case .manualApproval: waits = [.manualApprovalRequired]
            case .autoApply where !inCanary: waits = [.outsideCanary, .manualApprovalRequired]
            case .autoApply, .disabled: break
            }
        }
        let eligible = blocks.isEmpty
        let order = LivePromotionReason.allCases
        let reasons = (blocks + waits).sorted { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
        return LivePromotionVerdict(
            eligible: eligible, pendingManualApproval: eligible && !waits.isEmpty, applicable: eligible && waits.isEmpty,
            approvable: !blocks.isEmpty ? blocks.allSatisfy(guardrails.contains) : true, blockedReasons: reasons, campaignReasons: campaign,
            inCanary: inCanary, cooldownRemainingSeconds: max(0, i.cooldownRemainingSeconds))
    }
}
