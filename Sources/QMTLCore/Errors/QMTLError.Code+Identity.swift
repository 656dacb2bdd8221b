extension QMTLError.Code {
    // MARK: Hashes and identifiers: Text forms of hashes and ids (R-ID).

    /// A hash is not `blake3:<64 lowercase hex>`.
    public static let badHash = Self(
        "E_BAD_HASH", .badRequest,
        "A hash is not `blake3:<64 lowercase hex>`.",
        remedy: "Copy the hash exactly as `qmtl` printed it.")
    /// Bytes given as a BLAKE3-256 hash are not 32 bytes long.
    public static let hashLength = Self(
        "E_HASH_LENGTH", .badRequest,
        "Bytes given as a BLAKE3-256 hash are not 32 bytes long.",
        remedy: "Pass the 32-byte digest.")
    /// A keyed BLAKE3 hash needs a 32-byte key.
    public static let blake3KeyLength = Self(
        "E_BLAKE3_KEY_LENGTH", .badRequest,
        "A keyed BLAKE3 hash needs a 32-byte key.",
        remedy: "Pass a 32-byte key.")
    /// A NodeID is not `blake3:<hex>`.
    public static let badNodeID = Self(
        "E_BAD_NODE_ID", .badRequest,
        "A NodeID is not `blake3:<hex>`.",
        remedy: "Use an id printed by `qmtl graph ids`.")
    /// A StrategyID is not `blake3:<hex>`.
    public static let badStrategyID = Self(
        "E_BAD_STRATEGY_ID", .badRequest,
        "A StrategyID is not `blake3:<hex>`.",
        remedy: "Use an id printed by `qmtl graph ids`.")
    /// A world id is not `world:<slug>` with slug `[a-z0-9][a-z0-9._-]*` (at most 64 characters).
    public static let badWorldID = Self(
        "E_BAD_WORLD_ID", .badRequest,
        "A world id is not `world:<slug>` with slug `[a-z0-9][a-z0-9._-]*` (at most 64 characters).",
        remedy: "Choose a lowercase slug.")
    /// A WorldRef is not `world:<slug>@blake3:<hex>`.
    public static let badWorldRef = Self(
        "E_BAD_WORLD_REF", .badRequest,
        "A WorldRef is not `world:<slug>@blake3:<hex>`.",
        remedy: "Use a WorldRef printed by `qmtl world show`.")
    /// An EvalKey is not `blake3:<hex>`.
    public static let badEvalKey = Self(
        "E_BAD_EVAL_KEY", .badRequest,
        "An EvalKey is not `blake3:<hex>`.",
        remedy: "Use an EvalKey printed by `qmtl`.")
    /// A policy contract id is not `policy:blake3:<hex>`.
    public static let badContractID = Self(
        "E_BAD_CONTRACT_ID", .badRequest,
        "A policy contract id is not `policy:blake3:<hex>`.",
        remedy: "Use the contract id `qmtl policy check` prints.")
    /// A dataset fingerprint is not `lake:blake3:<hex>`.
    public static let badFingerprint = Self(
        "E_BAD_FINGERPRINT", .badRequest,
        "A dataset fingerprint is not `lake:blake3:<hex>`.",
        remedy: "Use a fingerprint printed by `qmtl data list`.")
    /// An evaluation run id is not a lowercase UUID.
    public static let badRunID = Self(
        "E_BAD_RUN_ID", .badRequest,
        "An evaluation run id is not a lowercase UUID.",
        remedy: "Leave the id out to get one, or send a lowercase UUID.")
    /// An apply id is empty or longer than 128 characters.
    public static let badApplyID = Self(
        "E_BAD_APPLY_ID", .badRequest,
        "An apply id is empty or longer than 128 characters.",
        remedy: "Send a short, unique apply id.")
    /// A NodeID is not the BLAKE3 of its node's canonical JSON: the content and the id disagree.
    public static let nodeIDMismatch = Self(
        "E_NODE_ID_MISMATCH", .badRequest,
        "A NodeID is not the BLAKE3 of its node's canonical JSON: the content and the id disagree.",
        remedy: "Recompute the ids with `qmtl graph ids` and submit those.")

    /// Every code of this group, in catalogue order.
    static let identityGroup: [Self] = [
        .badHash, .hashLength, .blake3KeyLength, .badNodeID, .badStrategyID, .badWorldID, .badWorldRef, .badEvalKey, .badContractID, .badFingerprint,
        .badRunID, .badApplyID, .nodeIDMismatch,
    ]
}
