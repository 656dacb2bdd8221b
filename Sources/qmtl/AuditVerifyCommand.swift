import ArgumentParser
import QMTLCore

/// `qmtl audit verify`: checks the whole chain against its head; exit 1 with `E_AUDIT_BROKEN`
/// naming the first bad entry when an entry was edited, deleted, reordered or cut off.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit log's hash chain.",
        discussion: "Example: qmtl audit verify --store postgres://qmtl@db/qmtl"
    )

    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: "Print {\"intact\", \"entries\"} or {\"intact\": false, \"seq\", \"reason\"}.") var json = false

    func run() async throws {
        let verdict = try await storeOptions.open().using { try await $0.verifyAudit() }
        switch verdict {
        case .intact(let entries):
            if json {
                try CLI.printJSON(["intact": true, "entries": .number(Double(entries))])
            } else {
                print("audit log intact: \(entries) entries")
            }
        case .broken(let seq, let reason):
            if json { try CLI.printJSON(["intact": false, "seq": .number(Double(seq)), "reason": .string(reason)]) }
            throw QMTLError(.auditBroken, "audit log broken at entry \(seq): \(reason)", details: ["seq": String(seq)])
        }
    }
}
