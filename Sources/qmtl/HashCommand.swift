import ArgumentParser

/// `qmtl hash …`: the project's two hashing primitives on any file.
struct HashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Canonical JSON and BLAKE3 of files.",
        subcommands: [HashCanonCommand.self, HashBLAKE3Command.self]
    )
}
