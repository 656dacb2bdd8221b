import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world campaign-execute W [--strategy S] [--execute]`: carries out one campaign tick
/// (R-CAMP-4) — dry run by default.
struct WorldCampaignExecuteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign-execute", abstract: "Carry out the campaign's next actions (dry run unless --execute).",
        discussion: """
            Ticks the campaign and queues a job for each backtest or paper action, under the action's idempotency key: \
            an action is executed once however often it is asked for. The jobs then run in this process, unless \
            --no-work leaves them to `qmtl worker` processes. Live promotion actions are shown, not executed.
            Example: qmtl world campaign-execute eq --execute
            """)

    @Argument(help: "The world's id.") var world: String
    @Option(help: "One strategy only: a StrategyID (blake3:…) or its strategy file.") var strategy: String?
    @Flag(help: "Queue the jobs (without it: print what would be done and change nothing).") var execute = false
    @Flag(name: .customLong("no-work"), help: "Queue the jobs only; leave them to workers.") var noWork = false
    @Flag(help: "Print the steps and the jobs run as JSON.") var json = false
    @OptionGroup var workerOptions: WorkerOptions
    @OptionGroup var serviceOptions: ServiceOptions

    struct Output: Encodable {
        var world: String
        var execute: Bool
        var steps: [CampaignExecutor.Step]
        var jobs: [Worker.Outcome]
    }

    func run() async throws {
        let out = try await QMTLService.using(serviceOptions) { service in
            try await Self.round(service, world: world, strategy: try strategy.map(CLI.strategyID), execute: execute, work: !noWork, workerOptions)
        }
        if json { return try CLI.printEncoded(out) }
        Self.print(out)
    }

    /// One tick carried out: the steps, then (when executing and working) the world's queued jobs run here.
    static func round(
        _ service: any WorldServiceAPI, world: String, strategy: String?, execute: Bool, work: Bool, _ options: WorkerOptions
    ) async throws -> Output {
        let steps = try await CampaignExecutor(service: service).step(world: world, strategy: strategy, execute: execute)
        let jobs = execute && work ? try await options.worker(service, world: world).drain() : []
        return Output(world: world, execute: execute, steps: steps, jobs: jobs)
    }

    static func print(_ out: Output) {
        guard !out.steps.isEmpty else {
            return Swift.print("\(out.world): nothing to do now (qmtl world status \(out.world) --strategy S says why)")
        }
        CLI.printTable(
            header: ["ACTION", "STRATEGY", "STAGE", "OUTCOME", "KEY"],
            rows: out.steps.map { s in
                let job = s.outcome == .alreadyExecuted ? s.job.map { " (job \($0.state))" } ?? "" : ""
                let outcome = s.outcome.rawValue + job + (s.note.map { ": \($0)" } ?? "")
                return [s.action.action, StrategyLabel.text(s.action.strategyID, s.action.name), s.action.stage, outcome, s.action.idempotencyKey]
            })
        for job in out.jobs { Swift.print(WorkerOptions.describe(job)) }
        if !out.execute, out.steps.contains(where: { $0.outcome == .wouldQueue }) {
            Swift.print("dry run: nothing was changed; run it with --execute")
        }
    }
}
