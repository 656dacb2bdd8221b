import ArgumentParser
import QMTLAPI
import QMTLCore
import QMTLService

/// `qmtl job list [--state S]`: jobs, oldest first.
struct JobListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List jobs, oldest first.", discussion: "Example: qmtl job list --state queued")

    @Option(help: "queued, claimed, done or failed.") var state: String?
    @Option(help: "At most this many (1 to 1000).") var limit = 100
    @Flag(help: "Print the jobs as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let jobs = try await QMTLService.using(serviceOptions) { s in try await s.jobs(state: state, limit: limit) }
        if json { return try CLI.printEncoded(jobs) }
        guard !jobs.isEmpty else { return print("no jobs" + (state.map { " \($0)" } ?? "")) }
        CLI.printTable(
            header: ["JOB", "KIND", "WORLD", "STATE", "ATTEMPTS", "RUN", "HOLDER"],
            rows: jobs.map { [$0.jobID, $0.kind, $0.world, $0.state, String($0.attempts), $0.runID ?? "-", $0.leaseOwner ?? "-"] })
    }
}

/// `qmtl job show ID`: one job with its progress and error.
struct JobShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one job.", discussion: "Example: qmtl job show start_paper:eq:<strategy>:paper:<run>")

    @Argument(help: "The job's id.") var job: String
    @Flag(help: "Print the job as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let info = try await QMTLService.using(serviceOptions) { s in try await s.job(job) }
        if json { return try CLI.printEncoded(info) }
        print("\(info.jobID)\n  \(info.kind) in \(info.world) for \(info.strategyID)\n  \(info.state), \(info.attempts) attempt(s)")
        if let run = info.runID { print("  run \(run)") }
        if let owner = info.leaseOwner { print("  held by \(owner) until \(info.leaseExpiresAt ?? "?")") }
        if let progress = info.progress, let text = try? JCS.string(progress) { print("  progress \(text)") }
        if let error = info.error { print("  error: \(error)") }
        print("  queued \(info.createdAt), updated \(info.updatedAt)")
    }
}
