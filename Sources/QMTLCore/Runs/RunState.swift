/// The state of an evaluation run (R-RUN-1). Stored, never computed at read time; every
/// transition appends a history revision.
public enum RunState: String, Sendable, Codable, CaseIterable {
    case submitted
    case backtestRunning = "backtest_running"
    case paperRunning = "paper_running"
    case evaluating, evaluated, activated, rejected, failed, expired

    /// Targets allowed from each state.
    static let moves: [RunState: [RunState]] = [
        .submitted: [.backtestRunning, .paperRunning, .failed],
        .backtestRunning: [.evaluating, .failed],
        .paperRunning: [.evaluating, .failed],
        .evaluating: [.evaluated, .rejected, .failed],
        .evaluated: [.activated, .expired, .failed],
        .activated: [.expired, .failed],
    ]

    /// `rejected`, `failed` and `expired` end a run.
    public var isTerminal: Bool { Self.moves[self] == nil }

    /// States reachable in one step.
    public var allowedTargets: [RunState] { Self.moves[self] ?? [] }

    /// The next state, or `E_ILLEGAL_TRANSITION` naming from, to and the allowed targets.
    public func moving(to target: RunState) throws -> RunState {
        guard allowedTargets.contains(target) else {
            throw QMTLError.illegalTransition(
                "a run", from: rawValue, to: target.rawValue, allowed: allowedTargets.map(\.rawValue), endWord: "terminal")
        }
        return target
    }
}

/// The stage a run evaluates (R-RUN-2).
public enum RunStage: String, Sendable, Codable, CaseIterable {
    case backtest, paper, live
}
