import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world show W`: a world's current snapshot, WorldRef and state.
struct WorldShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a world.", discussion: "Example: qmtl world show eq-daily --json")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the world as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let w = try await QMTLService.using(serviceOptions) { try await $0.describeWorld(world) }
        try Self.show(w, json: json)
    }

    /// Prints a world, headed by what just happened to it (`created`, `updated` …) if anything.
    static func show(_ w: World, json: Bool, verb: String? = nil) throws {
        if json { return try CLI.printEncoded(w) }
        print("\(verb.map { $0 + " " } ?? "")\(w.id)  \(w.state.rawValue)  \(w.spec.name)")
        print("  ref       \(w.worldRef)")
        if let d = w.spec.dataset {
            print(
                "  dataset   \(d.symbol) every \(CLI.durationText(d.interval))  \(d.fingerprint)" + (d.paperStart.map { "  paper from \($0)" } ?? ""))
        } else {
            print("  dataset   none (set one with qmtl world update \(w.id) --data CSV --symbol S)")
        }
        let m = w.spec.marketConfig
        print(
            "  market    commission \(CLI.number(m.commissionBps)) bps, slippage \(CLI.number(m.slippageBps)) bps, lot \(m.lot == 0 ? "fractional" : CLI.number(m.lot))"
        )
        print("  live      \(w.spec.allowLive ? "allowed (operator approval still required)" : "not allowed")")
        if !w.spec.labels.isEmpty { print("  labels    \(w.spec.labels.joined(separator: ", "))") }
        print("  policy    \(w.policyVersion == 0 ? "none yet" : "v\(w.policyVersion)")")
    }
}
