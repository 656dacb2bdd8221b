import ArgumentParser

/// `qmtl audit …`: the hash-chained audit log of a store (R-SEC-2).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Read and verify the audit log.",
        subcommands: [AuditListCommand.self, AuditVerifyCommand.self]
    )
}
