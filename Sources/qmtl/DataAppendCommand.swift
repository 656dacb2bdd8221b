import ArgumentParser
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl data append W FILE`: extends a world's feed with later bars (R-CAMP-5).
struct DataAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append bars to a world's feed, after its dataset's last bar (paper runs consume them).",
        discussion: """
            The bars extend the paper series: the next `qmtl world campaign-execute W --execute` (or a campaign-loop) \
            continues the paper run on them. The dataset, the backtest and every EvalKey stay as they are. Sending bars \
            the feed already has, unchanged, is not an error.
            Example: qmtl data append eq today.csv
            """)

    @Argument(help: "The world's id.") var world: String
    @Argument(help: "Bars: ts,open,high,low,close,volume with ISO-8601 UTC times.") var file: String
    @Flag(help: "Print the feed's summary as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let bars = try CLI.read(file).withUnsafeBytes { try BarCSV.read($0, fileName: file).bars }
        let info = try await QMTLService.using(serviceOptions) { try await $0.appendBars(world: world, bars: bars) }
        if json { return try CLI.printEncoded(info) }
        let skipped = bars.count - info.appended
        print(
            "appended \(info.appended) bar\(info.appended == 1 ? "" : "s") to \(info.world)'s feed"
                + (skipped > 0 ? " (\(skipped) already there, unchanged)" : ""))
        print("  feed      \(info.bars) bars after the dataset's last \(info.datasetLastBar), to \(info.lastBar ?? "-")")
        print("  next      qmtl world campaign-execute \(world) --execute continues the paper run on them")
    }
}
