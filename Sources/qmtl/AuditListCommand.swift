import ArgumentParser
import QMTLCore
import QMTLService

/// `qmtl audit list`: entries of the audit log, oldest first.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List audit log entries.",
        discussion: "Example: qmtl audit list --after 100 --limit 20"
    )

    @OptionGroup var serviceOptions: ServiceOptions
    @Option(help: "Only entries after this sequence number.") var after: Int64 = 0
    @Option(help: "At most this many entries (1…10000).") var limit = 100
    @Flag(help: "Print one JSON object per line: the entry and its hash.") var json = false

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be in 1…10000") }
        guard after >= 0 else { throw ValidationError("--after must be ≥ 0") }
    }

    func run() async throws {
        let entries = try await QMTLService.using(serviceOptions) { try await $0.auditLog(after: after, limit: limit) }
        if json {
            for e in entries { try CLI.printEncoded(e) }
            return
        }
        if entries.isEmpty {
            print("no audit entries after \(after)")
            return
        }
        let rows = entries.map { e -> [String] in
            [String(e.seq), UTCTimestamp.format(e.atMillis / 1000), e.actor, e.role, e.action, e.target]
        }
        CLI.printTable(header: ["seq", "at", "actor", "role", "action", "target"], rows: rows)
    }
}
