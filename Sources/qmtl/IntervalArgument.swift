import ArgumentParser
import QMTLCore

/// A bar interval on the command line: seconds (`60`) or a duration (`1m`, `4h`, `1d`).
struct IntervalArgument: ExpressibleByArgument {
    var seconds: Int

    init?(argument: String) {
        if let n = Int(argument), n > 0 {
            seconds = n
        } else if let n = DurationText.seconds(argument), n > 0 {
            seconds = n
        } else {
            return nil
        }
    }

    init(seconds: Int) { self.seconds = seconds }

    var defaultValueDescription: String { CLI.durationText(seconds) }
}
