extension QMTLError.Code {
    // MARK: Global Strategy Graph: The content-addressed graph (R-ID-9).

    /// A node or edge endpoint is not in the GSG.
    public static let gsgMissingNode = Self(
        "E_GSG_MISSING_NODE", .unprocessable,
        "A node or edge endpoint is not in the GSG.",
        remedy: "Insert the node first (submit the whole strategy).")
    /// An edge override names an edge that is not in the GSG.
    public static let gsgMissingEdge = Self(
        "E_GSG_MISSING_EDGE", .unprocessable,
        "An edge override names an edge that is not in the GSG.",
        remedy: "Use an edge of a submitted strategy.")
    /// Imported edges form a cycle.
    public static let gsgCycle = Self(
        "E_GSG_CYCLE", .unprocessable,
        "Imported edges form a cycle.",
        remedy: "Fix the import; content-addressed edges cannot form one.")

    /// Every code of this group, in catalogue order.
    static let graphGroup: [Self] = [
        .gsgMissingNode, .gsgMissingEdge, .gsgCycle,
    ]
}
