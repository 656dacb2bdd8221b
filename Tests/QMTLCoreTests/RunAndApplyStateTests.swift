import Testing

@testable import QMTLCore

@Suite("Run and apply state machines")
struct RunAndApplyStateTests {
    /// Every (from, to) pair: allowed exactly when R-RUN-1 lists it.
    static let runAllowed: Set<String> = [
        "submitted>backtest_running", "submitted>paper_running", "submitted>failed",
        "backtest_running>evaluating", "backtest_running>failed", "paper_running>evaluating", "paper_running>failed",
        "evaluating>evaluated", "evaluating>rejected", "evaluating>failed",
        "evaluated>activated", "evaluated>expired", "evaluated>failed", "activated>expired", "activated>failed",
    ]

    /// Tries every target from `from`: allowed exactly when `allowed` lists the pair; otherwise
    /// `E_ILLEGAL_TRANSITION` naming both ends and the allowed targets.
    static func checkEveryTarget<State: RawRepresentable & CaseIterable>(
        from: State, allowed: Set<String>, allowedTargets: [State], move: (State) throws -> State
    ) where State.RawValue == String, State: Equatable {
        for to in State.allCases {
            let legal = allowed.contains("\(from.rawValue)>\(to.rawValue)")
            do {
                #expect(try move(to) == to)
                #expect(legal, "\(from) → \(to) should be refused")
            } catch let e as QMTLError {
                #expect(!legal, "\(from) → \(to) should be allowed")
                #expect(e.code == .illegalTransition && e.details["from"] == from.rawValue && e.details["to"] == to.rawValue)
                #expect(e.details["allowed"] == allowedTargets.map(\.rawValue).joined(separator: ","))
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test(arguments: RunState.allCases)
    func runTransitions(_ from: RunState) {
        Self.checkEveryTarget(from: from, allowed: Self.runAllowed, allowedTargets: from.allowedTargets) { try from.moving(to: $0) }
        #expect(from.isTerminal == [.rejected, .failed, .expired].contains(from))
    }

    static let applyAllowed: Set<String> = [
        "requested>freeze", "requested>rolled_back", "freeze>switch", "freeze>rolled_back", "switch>unfreeze", "unfreeze>completed",
    ]

    /// Every (from, to) pair: allowed exactly when R-GOV-8 lists it.
    @Test(arguments: ApplyStage.allCases)
    func applyTransitions(_ from: ApplyStage) {
        Self.checkEveryTarget(from: from, allowed: Self.applyAllowed, allowedTargets: from.allowedTargets) { try from.moving(to: $0) }
        #expect(from.isFinished == [.completed, .rolledBack].contains(from))
    }

    @Test func recoveryRollsBackBeforeTheSwitchAndForwardAfterIt() {
        #expect(ApplyStage.requested.recoveryTarget == .rolledBack)
        #expect(ApplyStage.freeze.recoveryTarget == .rolledBack)
        #expect(ApplyStage.switchover.recoveryTarget == .completed)
        #expect(ApplyStage.unfreeze.recoveryTarget == .completed)
        #expect(ApplyStage.completed.recoveryTarget == nil && ApplyStage.rolledBack.recoveryTarget == nil)
    }
}
