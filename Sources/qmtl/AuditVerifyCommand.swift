import ArgumentParser
import QMTLCore
import QMTLService

/// `qmtl audit verify`: checks the whole chain against its head; exit 1 with `E_AUDIT_BROKEN`
/// naming the first bad entry when an entry was edited, deleted, reordered or cut off.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit log's hash chain.",
        discussion: "Example: qmtl audit verify --store postgres://qmtl@db/qmtl"
    )

    @OptionGroup var serviceOptions: ServiceOptions
    @Flag(help: "Print {\"intact\", \"entries\"} or {\"intact\": false, \"seq\", \"reason\"}.") var json = false

    func run() async throws {
        let verdict = try await QMTLService.using(serviceOptions) { try await $0.verifyAudit() }
        if verdict.intact {
            if json {
                try CLI.printJSON(["intact": true, "entries": .number(Double(verdict.entries ?? 0))])
            } else {
                print("audit log intact: \(verdict.entries ?? 0) entries")
            }
            return
        }
        let seq = verdict.seq ?? 0
        let reason = verdict.reason ?? "unknown"
        if json { try CLI.printJSON(["intact": false, "seq": .number(Double(seq)), "reason": .string(reason)]) }
        throw QMTLError(.auditBroken, "audit log broken at entry \(seq): \(reason)", details: ["seq": String(seq)])
    }
}
