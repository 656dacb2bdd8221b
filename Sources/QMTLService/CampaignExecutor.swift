import QMTLAPI
import QMTLCore

/// Carries out a campaign tick's actions (R-CAMP-4): a backtest or paper action becomes a job
/// whose id is the action's idempotency key, so an action is executed once however often the
/// same state is ticked, and a job queued by an executor that died is still there for the
/// next one (or any worker) to run. A live strategy's observation is a job too. `auto_apply_live`
/// asks governance's auto-apply (which applies only within its rules); `manual_approval_required`
/// is reported: an operator decides.
public struct CampaignExecutor: Sendable {
    /// The WorldService.
    public let service: any WorldServiceAPI

    /// An executor over `service`.
    public init(service: any WorldServiceAPI) {
        self.service = service
    }

    /// One action and what the executor did (or, in a dry run, would do) with it.
    public struct Step: Sendable, Codable {
        /// What an action came to.
        public enum Outcome: String, Sendable, Codable {
            /// A job was queued for it now.
            case queued
            /// A dry run: a job would be queued.
            case wouldQueue = "would_queue"
            /// Its key was executed before: the job exists (its state is in `job`).
            case alreadyExecuted = "already_executed"
            /// Nothing for a runtime to run: it waits for an operator or governance.
            case notRunnable = "not_runnable"
            /// `auto_apply_live`: governance applied it (the apply is in `note`).
            case applied
            /// A dry run: governance's auto-apply would be asked.
            case wouldApply = "would_apply"
            /// `auto_apply_live`: governance's rules held it back (why is in `note`).
            case blocked
        }

        /// The tick's action.
        public var action: CampaignActionInfo
        /// What came of it.
        public var outcome: Outcome
        /// The job, when there is one.
        public var job: JobInfo?
        /// Why, for actions that are not run.
        public var note: String?

        enum CodingKeys: String, CodingKey {
            case action, outcome, job, note
        }
    }

    /// The job kind a campaign action runs as, or nil when a runtime has nothing to run.
    public static func jobKind(_ action: String) -> String? {
        switch action {
        case CampaignAction.Kind.evaluate.rawValue: "backtest"
        case CampaignAction.Kind.startPaper.rawValue, CampaignAction.Kind.continuePaper.rawValue: "paper"
        case CampaignAction.Kind.observeLive.rawValue: "live"
        default: nil
        }
    }

    /// Ticks the world (or one strategy) and queues a job per runnable action not executed
    /// before; `execute` false only says what it would do.
    public func step(world: String, strategy: String?, execute: Bool) async throws -> [Step] {
        let tick = try await service.campaignTick(world: world, strategy: strategy)
        var steps: [Step] = []
        var autoApplied: AutoApplyInfo?
        for action in tick.actions {
            if action.action == CampaignAction.Kind.autoApplyLive.rawValue {
                guard execute else {
                    steps.append(Step(action: action, outcome: .wouldApply, job: nil, note: "governance's auto-apply would be asked"))
                    continue
                }
                if autoApplied == nil { autoApplied = try await service.autoApplyLive(world: world) }
                if let apply = autoApplied?.applied.first(where: { $0.plan.activate.contains { $0.strategyID == action.strategyID } }) {
                    steps.append(Step(action: action, outcome: .applied, job: nil, note: "apply \(apply.applyID) \(apply.stage)"))
                } else {
                    let why = autoApplied?.skipped.first { $0.strategyID == action.strategyID }?.summary ?? "not a candidate"
                    steps.append(Step(action: action, outcome: .blocked, job: nil, note: why))
                }
                continue
            }
            guard let kind = Self.jobKind(action.action) else {
                steps.append(Step(action: action, outcome: .notRunnable, job: nil, note: Self.note(action.action)))
                continue
            }
            if let existing = try await existingJob(action.idempotencyKey) {
                steps.append(Step(action: action, outcome: .alreadyExecuted, job: existing, note: nil))
                continue
            }
            guard execute else {
                steps.append(Step(action: action, outcome: .wouldQueue, job: nil, note: nil))
                continue
            }
            let queued = try await service.enqueueJob(
                JobRequest(jobID: action.idempotencyKey, kind: kind, world: tick.world, strategyID: action.strategyID))
            steps.append(Step(action: action, outcome: queued.created ? .queued : .alreadyExecuted, job: queued.job, note: nil))
        }
        return steps
    }

    func existingJob(_ id: String) async throws -> JobInfo? {
        do {
            return try await service.job(id)
        } catch let error as QMTLError where error.code == .jobNotFound {
            return nil
        }
    }

    static func note(_ action: String) -> String {
        switch action {
        case CampaignAction.Kind.manualApprovalRequired.rawValue: "waiting for an operator to approve live promotion"
        case CampaignAction.Kind.autoApplyLive.rawValue: "live promotion is applied by governance, not by a runtime"
        default: "nothing to run"
        }
    }
}
