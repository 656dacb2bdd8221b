import ArgumentParser
import QMTLService

/// `qmtl world edges W`: a world's edge overrides (R-WVG-4).
struct WorldEdgesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edges", abstract: "List a world's edge overrides.", discussion: "Example: qmtl world edges eq")

    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the overrides as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.edgeOverrides(world: world) }
        if json { return try CLI.printEncoded(all) }
        guard !all.isEmpty else { return print("no edge overrides: every edge is active") }
        CLI.printTable(
            header: ["SRC", "DST", "STATE", "REASON"], rows: all.map { [$0.src, $0.dst, $0.active ? "active" : "inactive", $0.reason] })
    }
}
