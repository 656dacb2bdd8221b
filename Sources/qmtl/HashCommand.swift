import ArgumentParser
import Foundation
import QMTLBacktest
import QMTLCore

/// `qmtl hash …`: the project's two hashing primitives on any file.
struct HashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Canonical JSON and BLAKE3 of files.",
        subcommands: [HashCanonCommand.self, HashBLAKE3Command.self]
    )
}

/// `qmtl hash canon FILE.json`: the RFC 8785 form of a JSON document (R-ID-2).
struct HashCanonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canon",
        abstract: "Print the RFC 8785 canonical form of a JSON document.",
        discussion: "The output is the exact canonical bytes; a newline is added only on a terminal."
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

/// `qmtl hash blake3 FILE`: `blake3:<hex>` of a file's bytes (R-ID-1).
struct HashBLAKE3Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blake3",
        abstract: "Print blake3:<hex> of a file's bytes."
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
