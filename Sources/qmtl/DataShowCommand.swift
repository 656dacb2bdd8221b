import ArgumentParser
import QMTLAPI
import QMTLService

/// `qmtl data show FINGERPRINT`: one dataset.
struct DataShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one dataset.", discussion: "Example: qmtl data show lake:blake3:50d98b77…")

    @Argument(help: "The dataset's fingerprint, lake:blake3:<hex>.") var fingerprint: String
    @Flag(help: "Print the dataset as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let info = try await QMTLService.using(serviceOptions) { try await $0.describeDataset(fingerprint) }
        try Self.show(info, json: json)
    }

    /// Prints a dataset; `added` says whether it was just registered or already there.
    static func show(_ info: DatasetInfo, json: Bool, added: Bool = false) throws {
        if json { return try CLI.printEncoded(info) }
        let verb = !added ? "dataset" : info.created ? "registered" : "already registered (nothing changed):"
        print("\(verb) \(info.fingerprint)")
        print("  \(info.bars) bars of \(info.symbol) every \(CLI.durationText(info.interval)), \(info.firstBar) … \(info.lastBar)")
    }
}
