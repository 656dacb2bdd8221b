extension QMTLError.Code {
    // MARK: Decisions: DecisionEvents (R-DEC).

    /// A decision with this event id exists with another body.
    public static let decisionExists = Self(
        "E_DECISION_EXISTS", .conflict,
        "A decision with this event id exists with another body.",
        remedy: "Use a new event id, or resend the same body.")
    /// No decision has this event id.
    public static let decisionNotFound = Self(
        "E_DECISION_NOT_FOUND", .notFound,
        "No decision has this event id.",
        remedy: "Check the id (`qmtl decision list`).")
    /// Only a decision's state, resolved worlds and approval can change.
    public static let decisionImmutable = Self(
        "E_DECISION_IMMUTABLE", .conflict,
        "Only a decision's state, resolved worlds and approval can change.",
        remedy: "Post a new decision instead.")
    /// A world-local decision needs `world_id`.
    public static let decisionWorldRequired = Self(
        "E_DECISION_WORLD_REQUIRED", .unprocessable,
        "A world-local decision needs `world_id`.",
        remedy: "Name the world.")
    /// A decision field has an unknown value, or the event id is not a lowercase UUID.
    public static let decisionField = Self(
        "E_DECISION_FIELD", .unprocessable,
        "A decision field has an unknown value, or the event id is not a lowercase UUID.",
        remedy: "decision: stop, pause, resume or quarantine; reason_code: VAL_FAIL, RISK_TRIP, OP_INCIDENT or MANUAL.")
    /// The scope, propagation rule and target worlds do not form a legal pair (R-DEC-1).
    public static let decisionScope = Self(
        "E_DECISION_SCOPE", .unprocessable,
        "The scope and propagation rule are not a legal pair, or the targets they need are missing.",
        remedy: "Use world-local+none, multi-world with same-contract, same-dataset or explicit-list (with target worlds), or global+none.")
    /// A TTL is not an ISO-8601 duration of weeks, days, hours, minutes and seconds.
    public static let decisionTTL = Self(
        "E_DECISION_TTL", .unprocessable,
        "A TTL is not an ISO-8601 duration of weeks, days, hours, minutes and seconds.",
        remedy: "Write it like P0D (no expiry), P2D, PT12H or P1DT6H.")
    /// The decision is not in a state that allows this (approve and reject need pending; revoke
    /// needs pending or applied).
    public static let decisionState = Self(
        "E_DECISION_STATE", .conflict,
        "The decision's state does not allow this: approve and reject need pending, revoke needs pending or applied.",
        remedy: "Check its state (`qmtl decision list`).")

    /// Every code of this group, in catalogue order.
    static let decisionGroup: [Self] = [
        .decisionExists, .decisionNotFound, .decisionImmutable, .decisionWorldRequired, .decisionField, .decisionScope, .decisionTTL, .decisionState,
    ]
}
