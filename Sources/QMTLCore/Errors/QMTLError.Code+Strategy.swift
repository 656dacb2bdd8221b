extension QMTLError.Code {
    // MARK: Strategies and node types: Strategy files, the node registry and node parameters (R-ID-3, R-ID-4, R-SDK-1).

    /// A node's `type` is not known to this runtime (or the engine has no kernel for it).
    public static let unknownNodeType = Self(
        "E_UNKNOWN_NODE_TYPE", .unprocessable,
        "A node's `type` is not known to this runtime (or the engine has no kernel for it).",
        remedy: "Fix the name (the message suggests the closest), or run where the user type is compiled in.")
    /// A node type is registered twice.
    public static let nodeTypeExists = Self(
        "E_NODE_TYPE_EXISTS", .conflict,
        "A node type is registered twice.",
        remedy: "Give the user type another name.")
    /// A node type declaration is invalid: the name is not an identifier, or a source declares no interval.
    public static let badNodeType = Self(
        "E_BAD_NODE_TYPE", .unprocessable,
        "A node type declaration is invalid: the name is not an identifier, or a source declares no interval.",
        remedy: "Fix the type's declaration in its Swift code.")
    /// A node's `code_hash` differs from the code this runtime has for its type.
    public static let codeHashMismatch = Self(
        "E_CODE_HASH_MISMATCH", .unprocessable,
        "A node's `code_hash` differs from the code this runtime has for its type.",
        remedy: "Run with the code the strategy was written for, or update `code_hash`.")
    /// A node has a parameter its type does not declare (or uses the reserved `input_roles`).
    public static let unknownParam = Self(
        "E_UNKNOWN_PARAM", .unprocessable,
        "A node has a parameter its type does not declare (or uses the reserved `input_roles`).",
        remedy: "Remove it, or fix its name (the message suggests the closest).")
    /// A required parameter is missing.
    public static let paramMissing = Self(
        "E_PARAM_MISSING", .unprocessable,
        "A required parameter is missing.",
        remedy: "Add the parameter named in the message.")
    /// A parameter has the wrong type (e.g. a string for a number, a fraction for a whole number).
    public static let paramType = Self(
        "E_PARAM_TYPE", .unprocessable,
        "A parameter has the wrong type (e.g. a string for a number, a fraction for a whole number).",
        remedy: "Write the value as the type the message names.")
    /// A parameter is out of its allowed range.
    public static let paramRange = Self(
        "E_PARAM_RANGE", .unprocessable,
        "A parameter is out of its allowed range.",
        remedy: "Use a value inside the range shown.")
    /// A parameter is not one of its allowed values.
    public static let paramEnum = Self(
        "E_PARAM_ENUM", .unprocessable,
        "A parameter is not one of its allowed values.",
        remedy: "Use one of the values listed.")
    /// A node's inputs do not fit its type: wrong count, roles or schemas.
    public static let inputs = Self(
        "E_INPUTS", .unprocessable,
        "A node's inputs do not fit its type: wrong count, roles or schemas.",
        remedy: "Wire the inputs the type expects (see `qmtl graph types`).")
    /// A node's inputs have different bar intervals.
    public static let intervalMismatch = Self(
        "E_INTERVAL_MISMATCH", .unprocessable,
        "A node's inputs have different bar intervals.",
        remedy: "Feed the node inputs on one interval.")
    /// A file parameter cannot be resolved: the file is unreadable or the reference is malformed.
    public static let artifact = Self(
        "E_ARTIFACT", .unprocessable,
        "A file parameter cannot be resolved: the file is unreadable or the reference is malformed.",
        remedy: "Check the path, relative to the strategy file's directory.")
    /// A strategy file has the wrong shape: an unknown or missing key, or a wrong type.
    public static let strategyFormat = Self(
        "E_STRATEGY_FORMAT", .unprocessable,
        "A strategy file has the wrong shape: an unknown or missing key, or a wrong type.",
        remedy: "Fix the key shown (the message suggests the closest).")
    /// An input or output names a node the file does not declare.
    public static let strategyUnknownNode = Self(
        "E_STRATEGY_UNKNOWN_NODE", .unprocessable,
        "An input or output names a node the file does not declare.",
        remedy: "Fix the name (the message suggests the closest).")
    /// The nodes' inputs form a cycle.
    public static let strategyCycle = Self(
        "E_STRATEGY_CYCLE", .unprocessable,
        "The nodes' inputs form a cycle.",
        remedy: "Break the cycle shown.")
    /// A node is not used by any output.
    public static let strategyUnusedNode = Self(
        "E_STRATEGY_UNUSED_NODE", .unprocessable,
        "A node is not used by any output.",
        remedy: "Remove it, or add it to `outputs`.")

    /// Every code of this group, in catalogue order.
    static let strategyGroup: [Self] = [
        .unknownNodeType, .nodeTypeExists, .badNodeType, .codeHashMismatch, .unknownParam, .paramMissing, .paramType, .paramRange, .paramEnum,
        .inputs, .intervalMismatch, .artifact, .strategyFormat, .strategyUnknownNode, .strategyCycle, .strategyUnusedNode,
    ]
}
