extension QMTLError.Code {
    // MARK: World policies: The world policy DSL and metrics documents (R-POL).

    /// A policy has a key the DSL does not define.
    public static let policyUnknownKey = Self(
        "E_POLICY_UNKNOWN_KEY", .unprocessable,
        "A policy has a key the DSL does not define.",
        remedy: "Fix the key (the message suggests the closest).")
    /// A policy value has the wrong type or shape.
    public static let policyType = Self(
        "E_POLICY_TYPE", .unprocessable,
        "A policy value has the wrong type or shape.",
        remedy: "Write the value as the message says.")
    /// A policy number is out of its range.
    public static let policyRange = Self(
        "E_POLICY_RANGE", .unprocessable,
        "A policy number is out of its range.",
        remedy: "Use a value inside the range shown.")
    /// A policy value is not one of its allowed values (a mode, a preset).
    public static let policyEnum = Self(
        "E_POLICY_ENUM", .unprocessable,
        "A policy value is not one of its allowed values (a mode, a preset).",
        remedy: "Use one of the values listed.")
    /// A duration is not `<n>[smhdw]`.
    public static let policyDuration = Self(
        "E_POLICY_DURATION", .unprocessable,
        "A duration is not `<n>[smhdw]`.",
        remedy: "Write it like `30s`, `15m`, `4h`, `2d` or `1w`.")
    /// A policy section lacks a field it needs.
    public static let policyMissing = Self(
        "E_POLICY_MISSING", .unprocessable,
        "A policy section lacks a field it needs.",
        remedy: "Add the field named in the message.")
    /// A policy can never pass or never promote (e.g. a min above its max, minimum days larger than a window).
    public static let policyImpossible = Self(
        "E_POLICY_IMPOSSIBLE", .unprocessable,
        "A policy can never pass or never promote (e.g. a min above its max, minimum days larger than a window).",
        remedy: "Make the bounds consistent.")
    /// A metric name is not an R-SDK-3 metric or `<metric>_<N>d`.
    public static let policyMetric = Self(
        "E_POLICY_METRIC", .unprocessable,
        "A metric name is not an R-SDK-3 metric or `<metric>_<N>d`.",
        remedy: "Fix the name (the message suggests the closest).")
    /// An approver is not `role:<role>` or `user:<name>`.
    public static let policyApprover = Self(
        "E_POLICY_APPROVER", .unprocessable,
        "An approver is not `role:<role>` or `user:<name>`.",
        remedy: "Write the approver as `role:operator` or `user:<name>`.")
    /// A metrics document does not have the expected shape.
    public static let metricsFile = Self(
        "E_METRICS_FILE", .unprocessable,
        "A metrics document does not have the expected shape.",
        remedy: "Fix the JSON path named in the message.")
    /// The world has no published policy with this version.
    public static let policyVersionNotFound = Self(
        "E_POLICY_VERSION_NOT_FOUND", .notFound,
        "The world has no published policy with this version.",
        remedy: "List the versions (`qmtl world policy list W`).")

    /// Every code of this group, in catalogue order.
    static let policyGroup: [Self] = [
        .policyUnknownKey, .policyType, .policyRange, .policyEnum, .policyDuration, .policyMissing, .policyImpossible, .policyMetric, .policyApprover,
        .metricsFile, .policyVersionNotFound,
    ]
}
