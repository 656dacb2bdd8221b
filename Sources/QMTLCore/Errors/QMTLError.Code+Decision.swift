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

    /// Every code of this group, in catalogue order.
    static let decisionGroup: [Self] = [
        .decisionExists, .decisionNotFound, .decisionImmutable, .decisionWorldRequired,
    ]
}
