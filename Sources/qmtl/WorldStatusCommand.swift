import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world status W`: the world at a glance — its decision envelope, every strategy's status
/// and latest run, the decisions in effect and the re-evaluation queue.
struct WorldStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a world's strategies, decisions and queue at a glance.",
        discussion: "Example: qmtl world status eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print {world, decide, strategies, decisions, queue} as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    struct Output: Encodable {
        var world: World
        var decide: DecisionEnvelope
        var strategies: [StrategyStatus]
        var decisions: [DecisionInfo]
        var queue: [RunTicket]
    }

    func run() async throws {
        let out = try await QMTLService.using(serviceOptions) { s in
            Output(
                world: try await s.describeWorld(world), decide: try await s.decide(world: world, strategy: nil),
                strategies: try await s.strategies(world: world), decisions: try await s.listDecisions(world: world, states: ["pending", "applied"]),
                queue: try await s.queuedRuns(world: world))
        }
        if json { return try CLI.printEncoded(out) }
        let w = out.world
        print("\(w.id)  \(w.state.rawValue)  policy \(w.policyVersion == 0 ? "none" : "v\(w.policyVersion)")  mode \(out.decide.effectiveMode)")
        print("  \(out.decide.reason)" + (out.decide.asOf.map { " (data to \($0))" } ?? ""))
        if out.strategies.isEmpty {
            print("  no strategies yet: qmtl submit FILE --world \(world)")
        } else {
            CLI.printTable(
                header: ["  STRATEGY", "STATUS", "RUN", "VERDICT"],
                rows: out.strategies.map { s in
                    let verdict = s.notEvaluatedReason ?? s.decision ?? s.latestRun?.explanation ?? s.latestRun?.error ?? ""
                    return ["  " + s.strategyID, s.status, s.latestRun.map { "\($0.stage) \($0.state)" } ?? "-", verdict]
                })
        }
        for d in out.decisions { print("  decision \(d.eventID)  \(d.state) \(d.decision) (\(d.scope), \(d.reasonCode)) on \(d.nodeID)") }
        WorldRevalidateCommand.printQueue(out.queue, world: world)
    }
}
