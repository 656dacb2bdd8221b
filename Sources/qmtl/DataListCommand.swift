import ArgumentParser
import QMTLService

/// `qmtl data list`: every dataset in the store.
struct DataListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the datasets in the store.", discussion: "Example: qmtl data list --json")

    @Flag(help: "Print a JSON array of datasets.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let all = try await QMTLService.using(serviceOptions) { try await $0.listDatasets() }
        if json { return try CLI.printEncoded(all) }
        if all.isEmpty { return print("no datasets yet: add one with qmtl data add FILE --symbol S, or qmtl data synth") }
        CLI.printTable(
            header: ["fingerprint", "symbol", "interval", "bars", "first bar", "last bar"],
            rows: all.map { [$0.fingerprint, $0.symbol, CLI.durationText($0.interval), String($0.bars), $0.firstBar, $0.lastBar] })
    }
}
