/// What the WorldService lets a strategy do in a world (R-GOV-9 `effective_mode`), and what a
/// runtime may request (R-SDK-5).
public enum ExecutionMode: String, Sendable, Codable, CaseIterable, Comparable {
    /// Not evaluated yet: compute to validate only.
    case validate
    /// Evaluated but not active: compute, never trade.
    case computeOnly = "compute-only"
    /// Dry-run: orders go to the simulated broker with paper fills.
    case paper
    /// Orders go to the live broker.
    case live

    /// Where a strategy in this mode runs (R-SDK-5 mapping).
    public var domain: ExecutionDomainName {
        switch self {
        case .validate, .computeOnly: .backtest
        case .paper: .paper
        case .live: .live
        }
    }

    /// The privilege order: validate < compute-only < paper < live.
    public static func < (a: ExecutionMode, b: ExecutionMode) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// A mode name as a runtime may give it: the four modes and `backtest` (= validate).
    /// - Throws: ``QMTLError`` `E_MODE` naming the accepted names.
    public init(requested name: String) throws {
        if name == "backtest" {
            self = .validate
            return
        }
        guard let mode = ExecutionMode(rawValue: name) else {
            throw QMTLError(.badMode, "unknown mode \(name); one of backtest, validate, compute-only, paper, live")
        }
        self = mode
    }
}

/// Where a strategy runs: the data it sees and the broker its orders reach.
public enum ExecutionDomainName: String, Sendable, Codable, CaseIterable {
    /// Historical bars, no broker.
    case backtest
    /// Live data, the simulated broker (dry-run).
    case paper
    /// Live data, the live broker.
    case live

    /// backtest < paper < live.
    public var rank: Int {
        switch self {
        case .backtest: 0
        case .paper: 1
        case .live: 2
        }
    }
}
