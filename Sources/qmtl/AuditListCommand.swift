import ArgumentParser
import QMTLCore

/// `qmtl audit list`: entries of the audit log, oldest first.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List audit log entries.",
        discussion: "Example: qmtl audit list --after 100 --limit 20"
    )

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "Only entries after this sequence number.") var after: Int64 = 0
    @Option(help: "At most this many entries (1…10000).") var limit = 100
    @Flag(help: "Print one JSON object per line: the entry and its hash.") var json = false

    func validate() throws {
        guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be in 1…10000") }
        guard after >= 0 else { throw ValidationError("--after must be ≥ 0") }
    }

    func run() async throws {
        let links = try await storeOptions.open().using { try await $0.auditLog(after: after, limit: limit) }
        if json {
            for link in links {
                guard case .object(var o) = link.entry.json else { continue }
                o["hash"] = .string(link.hash.description)
                try CLI.printJSON(.object(o))
            }
            return
        }
        if links.isEmpty {
            print("no audit entries after \(after)")
            return
        }
        let rows = links.map { l -> [String] in
            let e = l.entry
            return [String(e.seq), UTCTimestamp.format(e.atMillis / 1000), e.actor, e.role, e.action, e.target]
        }
        CLI.printTable(header: ["seq", "at", "actor", "role", "action", "target"], rows: rows)
    }
}
