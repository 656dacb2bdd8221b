/// The status of a node in one world (R-WVG-1). `running` means active in paper or live.
public enum NodeStatus: String, Sendable, Codable, CaseIterable, Comparable {
    case unknown, validating, valid, invalid, running, paused, stopped, archived

    /// Base lifecycle moves (without decisions and without `archived`, which any status but
    /// `archived` reaches by an admin).
    static let lifecycle: [NodeStatus: [NodeStatus]] = [
        .unknown: [.validating],
        .validating: [.valid, .invalid],
        .valid: [.running, .validating],
        .invalid: [.validating],
        .running: [.valid, .validating],
    ]

    /// Statuses reachable from this one by any event: the lifecycle, `archived`, and the two
    /// decision overlays (`stopped`, `paused`).
    public var allowedTargets: [NodeStatus] {
        guard self != .archived else { return [] }
        var targets = Self.lifecycle[self] ?? []
        for s in [NodeStatus.paused, .stopped, .archived] where s != self { targets.append(s) }
        return targets
    }

    public static func < (a: NodeStatus, b: NodeStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The decisions that put an overlay on a ref (R-DEC): stop → `stopped`, pause and
/// quarantine → `paused`.
public enum OverlayDecision: String, Sendable, Codable, CaseIterable {
    case stop, pause, quarantine

    /// The status the overlay shows.
    public var status: NodeStatus { self == .stop ? .stopped : .paused }
}
