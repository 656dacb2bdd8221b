import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl hash blake3 FILE`: `blake3:<hex>` of a file's bytes (R-ID-1).
struct HashBLAKE3Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blake3",
        abstract: "Print blake3:<hex> of a file's bytes.",
        discussion: "Example: qmtl hash blake3 ../shared/data/bars/synthetic_daily_2000.csv"
    )

    @Argument(help: "Any file, or - for standard input.")
    var file: String

    func run() async throws {
        if file == "-" {
            print(BLAKE3.hash(Array(try CLI.read(file))))
        } else {
            print(try FileArtifacts.blake3(ofFile: file))
        }
    }
}
