import ArgumentParser
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl data add FILE --symbol S [--interval 1d]`: registers a CSV's bars in the store.
struct DataAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register the bars of a CSV file under their DatasetFingerprint.",
        discussion: "Example: qmtl data add bars.csv --symbol SYN --interval 1d. Adding the same bars again changes nothing."
    )

    @Argument(help: "Bars: ts,open,high,low,close,volume with ISO-8601 UTC times.") var file: String
    @Option(help: "The instrument the bars are of.") var symbol: String
    @Option(help: "Seconds between bars, or a duration like 1m, 1h, 1d.") var interval = IntervalArgument(seconds: 86_400)
    @Flag(help: "Print the dataset as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let bars = try CLI.read(file).withUnsafeBytes { try BarCSV.read($0, fileName: file).bars }
        let info = try await QMTLService.using(serviceOptions) { try await $0.addDataset(symbol: symbol, interval: interval.seconds, bars: bars) }
        try DataShowCommand.show(info, json: json, added: true)
    }
}
