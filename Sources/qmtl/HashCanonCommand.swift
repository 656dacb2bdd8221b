import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl hash canon FILE.json`: the RFC 8785 form of a JSON document (R-ID-2).
struct HashCanonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canon",
        abstract: "Print the RFC 8785 canonical form of a JSON document.",
        discussion:
            "The output is the exact canonical bytes; a newline is added only on a terminal.\nExample: echo '{\"b\":1,\"a\":2.0}' | qmtl hash canon -"
    )

    @Argument(help: "A JSON file, or - for standard input.")
    var file: String

    func run() async throws {
        let value = try JSONParser.parseValue(Array(try CLI.read(file)), fileName: file)
        var bytes = try JCS.bytes(value)
        if CLI.stdoutIsTerminal { bytes.append(0x0A) }
        CLI.write(bytes)
    }
}
