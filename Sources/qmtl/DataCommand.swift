import ArgumentParser

/// `qmtl data …`: bars registered in the store under their DatasetFingerprint (SPEC §4).
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Register and inspect datasets in the store.",
        subcommands: [DataAddCommand.self, DataSynthCommand.self, DataListCommand.self, DataShowCommand.self, DataAppendCommand.self]
    )
}
