/// The stages of a two-phase apply (R-GOV-8): `requested → freeze → switch → unfreeze →
/// completed`, or `rolled_back`. Each is persisted before the next begins. Recovery after a
/// crash rolls back before `switch` committed and rolls forward after it — never half.
public enum ApplyStage: String, Sendable, Codable, CaseIterable {
    case requested, freeze
    case switchover = "switch"
    case unfreeze, completed
    case rolledBack = "rolled_back"

    static let moves: [ApplyStage: [ApplyStage]] = [
        .requested: [.freeze, .rolledBack],
        .freeze: [.switchover, .rolledBack],
        .switchover: [.unfreeze],
        .unfreeze: [.completed],
    ]

    public var isFinished: Bool { self == .completed || self == .rolledBack }

    /// Stages reachable in one step.
    public var allowedTargets: [ApplyStage] { Self.moves[self] ?? [] }

    /// What recovery does with an apply interrupted in this stage.
    public var recoveryTarget: ApplyStage? {
        switch self {
        case .requested, .freeze: .rolledBack
        case .switchover, .unfreeze: .completed
        case .completed, .rolledBack: nil
        }
    }

    /// The next stage, or `E_ILLEGAL_TRANSITION` naming from, to and the allowed targets.
    public func moving(to target: ApplyStage) throws -> ApplyStage {
        guard allowedTargets.contains(target) else {
            throw QMTLError.illegalTransition(
                "an apply", from: rawValue, to: target.rawValue, allowed: allowedTargets.map(\.rawValue), endWord: "finished")
        }
        return target
    }
}
