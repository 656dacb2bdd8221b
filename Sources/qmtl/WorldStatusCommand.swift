import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world status W [--strategy S]`: the world at a glance — its decision envelope, every
/// strategy's status, latest run and campaign, the decisions in effect and the re-evaluation
/// queue; with a strategy, its campaign in detail (R-CAMP-2).
struct WorldStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show a world's strategies, campaigns, decisions and queue at a glance.",
        discussion: "Example: qmtl world status eq --strategy blake3:…")

    @Argument(help: "The world's id.") var world: String
    @Option(help: "One strategy, its campaign in detail: a StrategyID (blake3:…) or its strategy file.") var strategy: String?
    @Flag(help: "Print {world, decide, strategies, campaigns, decisions, queue} as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    struct Output: Encodable {
        var world: World
        var decide: DecisionEnvelope
        var strategies: [StrategyStatus]
        var campaigns: [CampaignStatusInfo]
        var decisions: [DecisionInfo]
        var queue: [RunTicket]
    }

    func run() async throws {
        let strategy = try strategy.map(CLI.strategyID)
        let out = try await QMTLService.using(serviceOptions) { s in
            Output(
                world: try await s.describeWorld(world), decide: try await s.decide(world: world, strategy: strategy),
                strategies: try await s.strategies(world: world).filter { st in strategy.map { st.strategyID == $0 } ?? true },
                campaigns: try await s.campaignStatus(world: world, strategy: strategy),
                decisions: try await s.listDecisions(world: world, states: ["pending", "applied"]),
                queue: try await s.queuedRuns(world: world))
        }
        if json { return try CLI.printEncoded(out) }
        let w = out.world
        print("\(w.id)  \(w.state.rawValue)  policy \(w.policyVersion == 0 ? "none" : "v\(w.policyVersion)")  mode \(out.decide.effectiveMode)")
        print("  \(out.decide.reason)" + (out.decide.asOf.map { " (data to \($0))" } ?? ""))
        if out.strategies.isEmpty {
            print("  no strategies yet: qmtl submit FILE --world \(world)")
        } else {
            let phases = Dictionary(out.campaigns.map { ($0.strategyID, $0) }, uniquingKeysWith: { a, _ in a })
            CLI.printTable(
                header: ["  STRATEGY", "STATUS", "RUN", "CAMPAIGN", "VERDICT"],
                rows: out.strategies.map { s in
                    let verdict = s.notEvaluatedReason ?? s.decision ?? s.latestRun?.explanation ?? s.latestRun?.error ?? ""
                    let campaign = phases[s.strategyID].map { "\($0.phase.replacingOccurrences(of: "_campaign", with: "")) \(Self.bar($0.progress))" }
                    return [
                        "  " + StrategyLabel.text(s.strategyID, s.name), s.status, s.latestRun.map { "\($0.stage) \($0.state)" } ?? "-",
                        campaign ?? "-", verdict,
                    ]
                })
        }
        if strategy != nil { for c in out.campaigns { Self.printCampaign(c) } }
        for d in out.decisions { print("  decision \(d.eventID)  \(d.state) \(d.decision) (\(d.scope), \(d.reasonCode)) on \(d.nodeID)") }
        WorldRevalidateCommand.printQueue(out.queue, world: world)
    }

    /// A 10-cell progress bar with the percentage, e.g. `[######----]  60%`.
    static func bar(_ progress: Double) -> String {
        let p = min(1, max(0, progress.isFinite ? progress : 0))
        let filled = Int((p * 10).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 10 - filled) + "] " + String(format: "%3.0f%%", p * 100)
    }

    /// One strategy's campaign: phase, window, key metrics, promotability and why not.
    static func printCampaign(_ c: CampaignStatusInfo) {
        func number(_ x: Double?, _ format: String = "%.2f") -> String { x.map { String(format: format, $0) } ?? "-" }
        let window = c.windowRequired.map {
            "\(number(c.windowObserved, "%.0f")) days observed, \($0 == $0.rounded() ? String(Int($0)) : number($0)) required"
        }
        print("  campaign  \(c.phase)  \(bar(c.progress))  \(window ?? "\(number(c.windowObserved, "%.0f")) days, no window set")")
        print(
            "    sample_days \(number(c.sampleDays, "%.0f"))  trades \(number(c.numTrades, "%.0f"))  sharpe \(number(c.sharpe))  "
                + "max_drawdown \(number(c.maxDrawdown, "%.3f"))  drawdown_episodes \(number(c.drawdownEpisodes, "%.0f"))")
        print("    paper start \(c.paperStart ?? "none (set dataset.paper_start or campaign.paper.window)")")
        print("    promotable to paper: \(c.promotableToPaper ? "yes" : "no")   to live: \(c.promotableToLive ? "yes" : "no")")
        if !c.reasons.isEmpty { print("    why not: \(c.reasons.joined(separator: ", "))") }
        if let verdict = c.liveVerdict { print("    live: \(verdict)") }
    }
}
