import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl world edge W SRC DST --inactive`: narrows or restores one edge in one world (R-WVG-4).
struct WorldEdgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edge",
        abstract: "Narrow (--inactive) or restore (--active) one GSG edge in one world.",
        discussion: """
            A strategy reaching one of its nodes only through inactive edges is not evaluated in that world, and \
            `qmtl status` says why. Other worlds are not affected.
            Example: qmtl world edge eq blake3:…src blake3:…dst --inactive --reason DERIVATIVES_DISABLED
            """
    )

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "The edge's input node (blake3:…).") var src: String
    @Argument(help: "The node consuming it (blake3:…).") var dst: String
    @Flag(exclusivity: .exclusive, help: "Whether the edge counts in this world.") var state: EdgeState
    @Option(help: "DERIVATIVES_DISABLED, DATA_POLICY or MANUAL.") var reason = "MANUAL"
    @Flag(help: "Print the override as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    enum EdgeState: String, EnumerableFlag {
        case active, inactive
    }

    func run() async throws {
        let o = try await QMTLService.using(serviceOptions) {
            try await $0.setEdgeOverride(EdgeOverrideInfo(world: world, src: src, dst: dst, active: state == .active, reason: reason))
        }
        if json { return try CLI.printEncoded(o) }
        print("\(o.src) → \(o.dst) is \(o.active ? "active" : "inactive") in \(o.world) (\(o.reason))")
    }
}
