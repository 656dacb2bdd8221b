import ArgumentParser
import QMTLBacktest
import QMTLCore
import QMTLService

/// `qmtl data synth --symbol S --bars N --seed K [--interval 1d]`: seeded synthetic bars.
struct DataSynthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generate seeded synthetic bars (a random walk with regime switches) and register them.",
        discussion: "Example: qmtl data synth --symbol SYN --bars 500 --seed 7 --interval 1d. The same seed gives the same bars and fingerprint."
    )

    @Option(help: "The instrument's name.") var symbol: String
    @Option(help: "How many bars (1…10000000).") var bars: Int
    @Option(help: "The generator's seed.") var seed: UInt64 = 1
    @Option(help: "Seconds between bars, or a duration like 1m, 1h, 1d.") var interval = IntervalArgument(seconds: 86_400)
    @Option(help: "Time of the first bar, ISO-8601 UTC.") var start = "2015-01-02T00:00:00Z"
    @Flag(help: "Print the dataset as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func validate() throws {
        guard (1...10_000_000).contains(bars) else { throw ValidationError("--bars must be in 1…10000000") }
        guard UTCTimestamp.parse(start) != nil else { throw ValidationError("--start must be an ISO-8601 UTC time like 2015-01-02T00:00:00Z") }
    }

    func run() async throws {
        let generated = SyntheticBars(seed: seed, start: UTCTimestamp.parse(start)!, interval: interval.seconds).generate(count: bars)
        let info = try await QMTLService.using(serviceOptions) {
            try await $0.addDataset(symbol: symbol, interval: interval.seconds, bars: generated)
        }
        try DataShowCommand.show(info, json: json, added: true)
    }
}
