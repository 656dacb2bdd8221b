import QMTLAPI
import QMTLCore
import QMTLService

/// One world's result of a submission with its run read back whole (tests compare runs).
struct Outcome {
    var world: String
    var bound: Bool
    var cached: Bool
    var result: SubmitResult
    var run: RunInfo
}

extension Runner {
    /// ``submit(_:worlds:mode:)``, then each world's run as the service shows it.
    func submitReadingRuns(_ graph: StrategyGraph, worlds: [String]) async throws -> (strategyID: String, outcomes: [Outcome]) {
        let submission = try await submit(graph, worlds: worlds)
        var outcomes: [Outcome] = []
        for r in submission.results {
            let run = try await service.run(world: r.world, strategy: submission.strategyID, runID: r.evaluationRunID ?? "latest")
            outcomes.append(Outcome(world: r.world, bound: r.bound, cached: r.cached, result: r, run: run))
        }
        return (submission.strategyID, outcomes)
    }
}
