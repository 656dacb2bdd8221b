extension QMTLError.Code {
    // MARK: Worlds, refs and validations: Worlds, their snapshots, bindings and the WVG (R-WVG).

    /// A world with this id already exists.
    public static let worldExists = Self(
        "E_WORLD_EXISTS", .conflict,
        "A world with this id already exists.",
        remedy: "Choose another id, or update the existing world.")
    /// No world has this id.
    public static let worldNotFound = Self(
        "E_WORLD_NOT_FOUND", .notFound,
        "No world has this id.",
        remedy: "Check the id (`qmtl world list`).")
    /// The world is suspended or archived and accepts no new bindings.
    public static let worldNotActive = Self(
        "E_WORLD_NOT_ACTIVE", .conflict,
        "The world is suspended or archived and accepts no new bindings.",
        remedy: "Resume the world, or submit to another.")
    /// A world's config is not a JSON object.
    public static let worldConfig = Self(
        "E_WORLD_CONFIG", .unprocessable,
        "A world's config is not a JSON object.",
        remedy: "Send the config as an object.")
    /// A contract id is not the hash of the policy given with it.
    public static let contractMismatch = Self(
        "E_CONTRACT_MISMATCH", .unprocessable,
        "A contract id is not the hash of the policy given with it.",
        remedy: "Let qmtl compute the contract id.")
    /// The strategy is not bound to the world.
    public static let notBound = Self(
        "E_NOT_BOUND", .notFound,
        "The strategy is not bound to the world.",
        remedy: "Submit the strategy to the world first.")
    /// The node is not bound in the world.
    public static let refNotFound = Self(
        "E_REF_NOT_FOUND", .notFound,
        "The node is not bound in the world.",
        remedy: "Submit a strategy that uses the node to the world.")
    /// A ref state is impossible (an overlay status as a lifecycle status, an archived ref with an overlay).
    public static let badState = Self(
        "E_BAD_STATE", .unprocessable,
        "A ref state is impossible (an overlay status as a lifecycle status, an archived ref with an overlay).",
        remedy: "Report it: states are built by the state machine.")
    /// A state machine does not allow this move; the message names from, to and the allowed targets.
    public static let illegalTransition = Self(
        "E_ILLEGAL_TRANSITION", .conflict,
        "A state machine does not allow this move; the message names from, to and the allowed targets.",
        remedy: "Move through the allowed states.")
    /// A validation's metrics are not a JSON object.
    public static let validationMetrics = Self(
        "E_VALIDATION_METRICS", .unprocessable,
        "A validation's metrics are not a JSON object.",
        remedy: "Send the metrics as an object.")
    /// An EvalKey is already cached for another world or node.
    public static let evalKeyConflict = Self(
        "E_EVAL_KEY_CONFLICT", .conflict,
        "An EvalKey is already cached for another world or node.",
        remedy: "Report it: an EvalKey names one world and node.")

    /// A submission names no world.
    public static let worldIDsRequired = Self(
        "E_WORLD_IDS_REQUIRED", .unprocessable,
        "A submission names no world.",
        remedy: "Name at least one world (`--world W`).")
    /// A strategy reaches one of its nodes only through edges the world has made inactive
    /// (R-WVG-4), so it is not evaluated or run there.
    public static let edgeInactive = Self(
        "E_EDGE_INACTIVE", .conflict,
        "The strategy reaches one of its nodes only through edges this world has made inactive, so it is not evaluated here.",
        remedy: "Restore the edge (`qmtl world edge W SRC DST --active`) or evaluate the strategy in another world.")
    /// An activation side is not long or short.
    public static let badSide = Self(
        "E_BAD_SIDE", .badRequest,
        "An activation side is not long or short.",
        remedy: "Ask for side=long or side=short.")

    /// Every code of this group, in catalogue order.
    static let worldGroup: [Self] = [
        .worldExists, .worldNotFound, .worldNotActive, .worldConfig, .contractMismatch, .notBound, .refNotFound, .badState, .illegalTransition,
        .validationMetrics, .evalKeyConflict, .worldIDsRequired, .edgeInactive, .badSide,
    ]
}
