import Foundation
import QMTLAPI
import QMTLCore
import QMTLStore

extension QMTLService {
    public func enqueueJob(_ request: JobRequest) async throws -> JobEnqueued {
        let ctx = try authorize("job.enqueue", needs: .submitter)
        guard (1...300).contains(request.jobID.utf8.count), !request.jobID.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw QMTLError(.usage, "a job id is 1 to 300 characters without spaces or slashes, got \"\(request.jobID.prefix(60))\"")
        }
        let kind = try Self.jobKind(request.kind)
        let w = try await requireWorld(request.world)
        let strategy = try await requireBinding(w.id, request.strategyID)
        let (job, created) = try await store.enqueueJob(JobRecord(jobID: request.jobID, kind: kind, world: w.id, strategy: strategy), audit: ctx)
        return JobEnqueued(job: Self.info(job), created: created)
    }

    public func claimJob(_ request: JobClaimRequest) async throws -> JobClaim {
        let ctx = try authorize("job.claim", needs: .submitter)
        let kinds = try request.kinds.map(Self.jobKind)
        let world = try request.world.map { try WorldID(parsing: $0) }
        let job = try await store.claimJob(
            kinds: kinds, world: world, owner: try Self.owner(request.owner), leaseMillis: try Self.leaseMillis(request.leaseSeconds), audit: ctx)
        return JobClaim(job: job.map(Self.info))
    }

    public func heartbeatJob(_ id: String, report: JobReport) async throws -> JobInfo {
        _ = try authorize("job.heartbeat", needs: .submitter)
        let checkpoint = try report.checkpoint.map { text in
            guard let data = Data(base64Encoded: text) else { throw QMTLError(.checkpoint, "a job checkpoint is base64") }
            return [UInt8](data)
        }
        let job = try await store.heartbeatJob(
            id, owner: try Self.owner(report.owner), leaseMillis: try Self.leaseMillis(report.leaseSeconds ?? 60), checkpoint: checkpoint,
            progress: report.progress, runID: report.runID)
        return Self.info(job)
    }

    public func finishJob(_ id: String, report: JobReport) async throws -> JobInfo {
        let ctx = try authorize("job.finish", needs: .submitter)
        return Self.info(try await store.finishJob(id, owner: try Self.owner(report.owner), error: report.error, audit: ctx))
    }

    public func jobs(state: String?, limit: Int) async throws -> [JobInfo] {
        _ = try authorize("job.list", needs: .viewer)
        guard (1...1000).contains(limit) else { throw QMTLError(.usage, "limit must be 1 to 1000, got \(limit)") }
        let states = try state.map { name in
            guard let s = JobRecord.State(rawValue: name) else {
                throw QMTLError(.usage, "state must be one of \(JobRecord.State.allCases.map(\.rawValue).joined(separator: ", ")), got \(name)")
            }
            return [s]
        }
        return try await store.jobs(states: states, limit: limit).map(Self.info)
    }

    public func job(_ id: String) async throws -> JobInfo {
        _ = try authorize("job.show", needs: .viewer)
        guard let job = try await store.job(id) else { throw QMTLError(.jobNotFound, "no job \(id.prefix(80))") }
        return Self.info(job)
    }

    static func jobKind(_ name: String) throws -> JobRecord.Kind {
        guard let kind = JobRecord.Kind(rawValue: name) else {
            throw QMTLError(.usage, "a job kind is \(JobRecord.Kind.allCases.map(\.rawValue).joined(separator: " or ")), got \(name.prefix(40))")
        }
        return kind
    }

    static func owner(_ name: String) throws -> String {
        guard (1...200).contains(name.utf8.count) else { throw QMTLError(.usage, "a worker name is 1 to 200 characters") }
        return name
    }

    static func leaseMillis(_ seconds: Double) throws -> Int64 {
        guard seconds.isFinite, (0...86_400).contains(seconds) else {
            throw QMTLError(.usage, "a lease is 0 to 86400 seconds, got \(seconds)")
        }
        return Int64((seconds * 1000).rounded())
    }

    static func info(_ job: JobRecord) -> JobInfo {
        JobInfo(
            jobID: job.jobID, kind: job.kind.rawValue, world: job.world.description, strategyID: job.strategy.description, runID: job.runID,
            state: job.state.rawValue, leaseOwner: job.leaseOwner, leaseExpiresAt: job.leaseExpiresAtMillis.map(iso), attempts: job.attempts,
            progress: job.progress, error: job.error, createdAt: iso(job.createdAtMillis), updatedAt: iso(job.updatedAtMillis))
    }
}
