extension QMTLError.Code {
    // MARK: Governance and access: Approvals, applies, risk snapshots, tokens and idempotency (R-GOV, R-SEC).

    /// The approval request was already decided differently.
    public static let approvalConflict = Self(
        "E_APPROVAL_CONFLICT", .conflict,
        "The approval request was already decided differently.",
        remedy: "Read the existing decision; a new run needs a new request.")
    /// An apply has no plan.
    public static let applyNoPlan = Self(
        "E_APPLY_NO_PLAN", .unprocessable,
        "An apply has no plan.",
        remedy: "Send a plan with the apply.")
    /// An apply with this id exists with another plan.
    public static let applyConflict = Self(
        "E_APPLY_CONFLICT", .conflict,
        "An apply with this id exists with another plan.",
        remedy: "Use a new apply id, or resend the same plan.")
    /// Another apply is still in flight in the world.
    public static let applyInFlight = Self(
        "E_APPLY_IN_FLIGHT", .conflict,
        "Another apply is still in flight in the world.",
        remedy: "Wait for it to finish or its lease to expire.")
    /// The apply would make more strategies live than the world's `max_live_slots`.
    public static let maxLiveSlots = Self(
        "E_MAX_LIVE_SLOTS", .conflict,
        "The apply would make more strategies live than the world's max_live_slots.",
        remedy: "Deactivate a live strategy in the same plan, or raise governance.live_promotion.max_live_slots.")
    /// Live promotion is blocked for the run (the reasons are in the details).
    public static let promotionBlocked = Self(
        "E_PROMOTION_BLOCKED", .conflict,
        "Live promotion is blocked for this run; the details list the reasons.",
        remedy: "See `qmtl world live-candidates W`: fix what blocks it (a fresh risk snapshot, an approval, the cooldown) and retry.")
    /// The caller may not approve live promotions in this world.
    public static let notAnApprover = Self(
        "E_NOT_AN_APPROVER", .forbidden,
        "The caller is not one of the world's live promotion approvers.",
        remedy: "Ask one of the approvers the message lists (governance.live_promotion.approvers).")
    /// The apply is leased by another process.
    public static let applyLease = Self(
        "E_APPLY_LEASE", .conflict,
        "The apply is leased by another process.",
        remedy: "Wait for the lease to expire.")
    /// No apply has this id in the world.
    public static let applyNotFound = Self(
        "E_APPLY_NOT_FOUND", .notFound,
        "No apply has this id in the world.",
        remedy: "Check the apply id.")
    /// A risk snapshot breaks its schema.
    public static let riskSnapshotFormat = Self(
        "E_RISK_SNAPSHOT_FORMAT", .unprocessable,
        "A risk snapshot breaks its schema (weights, returns, ttl, provenance).",
        remedy: "Fix what the message names: weights sum to 1, finite numbers, ttl_sec 1…86400, a provenance stage.")
    /// A risk snapshot version exists with another hash.
    public static let riskSnapshotConflict = Self(
        "E_RISK_SNAPSHOT_CONFLICT", .conflict,
        "A risk snapshot version exists with another hash.",
        remedy: "Publish a new version.")
    /// The world has no risk snapshot (of that version or data time).
    public static let riskSnapshotNotFound = Self(
        "E_RISK_SNAPSHOT_NOT_FOUND", .notFound,
        "The world has no risk snapshot (of that version or data time).",
        remedy: "Push one (`qmtl risk-hub push W FILE`); paper and live runs write them too.")
    /// A role is not viewer, submitter, operator or admin.
    public static let badRole = Self(
        "E_BAD_ROLE", .unprocessable,
        "A role is not viewer, submitter, operator or admin.",
        remedy: "Use one of the four roles.")
    /// A token with this id exists.
    public static let tokenExists = Self(
        "E_TOKEN_EXISTS", .conflict,
        "A token with this id exists.",
        remedy: "Use another token id.")
    /// No token has this id.
    public static let tokenNotFound = Self(
        "E_TOKEN_NOT_FOUND", .notFound,
        "No token has this id.",
        remedy: "Check the id (`qmtl token list`).")
    /// An idempotency key was used for another request.
    public static let idempotencyConflict = Self(
        "E_IDEMPOTENCY_CONFLICT", .conflict,
        "An idempotency key was used for another request.",
        remedy: "Use a new key for a new request.")

    /// The caller's role may not do this (R-SEC-1).
    public static let forbidden = Self(
        "E_FORBIDDEN", .forbidden,
        "The caller's role may not do this (R-SEC-1).",
        remedy: "Use a token (or, embedded, QMTL_ROLE) with the role the message names.")

    /// A token's name is empty or too long.
    public static let tokenName = Self(
        "E_TOKEN_NAME", .unprocessable,
        "A token's name is empty or longer than 100 characters.",
        remedy: "Name the token after what uses it, e.g. `ci`.")

    /// Every code of this group, in catalogue order.
    static let governanceGroup: [Self] = [
        .approvalConflict, .applyNoPlan, .applyConflict, .applyInFlight, .maxLiveSlots, .promotionBlocked, .notAnApprover, .applyLease,
        .applyNotFound, .riskSnapshotFormat, .riskSnapshotConflict,
        .riskSnapshotNotFound,
        .badRole, .tokenExists, .tokenNotFound, .tokenName, .idempotencyConflict, .forbidden,
    ]
}
