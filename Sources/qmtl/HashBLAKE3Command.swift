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

    @Flag(help: "Print {\"path\", \"hash\"}.") var json = false

    func run() async throws {
        let hash = file == "-" ? BLAKE3.hash(Array(try CLI.read(file))).description : try FileArtifacts.blake3(ofFile: file).description
        guard json else { return print(hash) }
        var o = JSONObject()
        o["path"] = .string(file)
        o["hash"] = .string(hash)
        try CLI.printJSON(.object(o))
    }
}
