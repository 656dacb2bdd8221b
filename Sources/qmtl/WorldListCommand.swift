import ArgumentParser
import QMTLService

/// `qmtl world list`: every world.
struct WorldListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the worlds.", discussion: "Example: qmtl world list --json")

    @Flag(help: "Print a JSON array of worlds.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let worlds = try await QMTLService.using(serviceOptions) { try await $0.listWorlds() }
        if json { return try CLI.printEncoded(worlds) }
        if worlds.isEmpty { return print("no worlds yet: create one with qmtl world create W --data CSV --symbol S") }
        CLI.printTable(
            header: ["world", "state", "dataset", "live", "name"],
            rows: worlds.map { w in
                [
                    w.id, w.state.rawValue, w.spec.dataset.map { "\($0.symbol) \(CLI.durationText($0.interval))" } ?? "-",
                    w.spec.allowLive ? "allowed" : "no", w.spec.name,
                ]
            })
    }
}
