import ArgumentParser
import Foundation
import QMTLAPI
import QMTLCore
import QMTLService

/// Shared rendering of live promotion verdicts.
enum LiveRender {
    static func table(_ list: [LivePromotionInfo]) {
        CLI.printTable(
            header: ["STRATEGY", "RUN", "ELIGIBLE", "APPROVAL", "VERDICT"],
            rows: list.map {
                [
                    StrategyLabel.text($0.strategyID, $0.name), $0.runID ?? "-", $0.eligible ? "yes" : "no",
                    $0.approval?.decision ?? ($0.pendingManualApproval ? "pending" : "-"),
                    $0.summary,
                ]
            })
    }

    static func plan(_ p: LivePromotionInfo) {
        print("\(StrategyLabel.text(p.strategyID, p.name)) in \(p.world): \(p.summary)")
        print("  run            \(p.runID ?? "none")")
        print("  mode           \(p.promotionMode)\(p.allowLive ? "" : " (the world does not allow live)")")
        print("  blocked by     \(p.blockedReasons.isEmpty ? "nothing" : p.blockedReasons.joined(separator: ", "))")
        if !p.campaignReasons.isEmpty { print("  campaign       \(p.campaignReasons.joined(separator: ", "))") }
        print("  live slots     \(p.liveSlotsUsed) used\(p.maxLiveSlots.map { " of \($0)" } ?? "")")
        if p.cooldownRemainingSec > 0 { print("  cooldown       \(p.cooldownRemainingSec) s left") }
        if let f = p.canaryFraction { print("  canary         \(p.inCanary ? "in" : "outside") (fraction \(f))") }
        print("  risk snapshot  \(p.riskSnapshotVersion.map { "v\($0)" } ?? "none")")
        if let a = p.approval { print("  approval       \(a.decision) by \(a.decidedBy) at \(a.decidedAt): \(a.comment)") }
        print("  plan           activate \(p.plan.activate.map(\.strategyID)), deactivate \(p.plan.deactivate.map(\.strategyID))")
    }

    /// An apply's outcome; `labels` names the strategies the caller knows by name.
    static func apply(_ a: ApplyInfo, labels: [String: String] = [:]) {
        func list(_ entries: [LivePlanEntry]) -> String { entries.map { labels[$0.strategyID] ?? $0.strategyID }.joined(separator: ", ") }
        print("apply \(a.applyID) in \(a.world): \(a.stage)\(a.created == false ? " (it existed: the same apply)" : "")")
        if !a.plan.activate.isEmpty { print("  activated    \(list(a.plan.activate))") }
        if !a.plan.deactivate.isEmpty { print("  deactivated  \(list(a.plan.deactivate))") }
        if let v = a.riskSnapshotVersion { print("  risk snapshot v\(v)") }
    }

    /// The command's WorldService, with `--lease-sec` for applies (embedded only).
    static func using<T>(_ options: ServiceOptions, leaseSeconds: Double?, _ body: (any WorldServiceAPI) async throws -> T) async throws -> T {
        if let client = try options.client() { return try await body(client) }
        var (service, store) = try await options.open()
        if let leaseSeconds { service.applyLeaseMillis = Int64(leaseSeconds * 1000) }
        let configured = service
        return try await store.using { _ in try await body(configured) }
    }
}

/// `qmtl world live-candidates W`: who may go live, and what stops the others.
struct WorldLiveCandidatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-candidates", abstract: "List strategies with a paper run that are not live, with their live verdicts.",
        discussion: "Example: qmtl world live-candidates eq")
    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the candidates as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let list = try await QMTLService.using(serviceOptions) { try await $0.liveCandidates(world: world) }
        if json { return try CLI.printEncoded(list) }
        print("\(list.world): live promotion \(list.promotionMode)")
        guard !list.candidates.isEmpty else { return print("no candidates: no strategy has finished a paper run (qmtl world status \(world))") }
        LiveRender.table(list.candidates)
    }
}

/// `qmtl world live-plan W --strategy S`: one verdict in full.
struct WorldLivePlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-plan", abstract: "Show one strategy's live verdict and what an apply would change.",
        discussion: "Example: qmtl world live-plan eq --strategy blake3:…")
    @Argument(help: "The world's id.") var world: String
    @Option(help: "A StrategyID (blake3:…) or its strategy file.") var strategy: String
    @Option(help: "Its latest paper run (checked).") var run: String?
    @Flag(help: "Print the verdict as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let plan = try await QMTLService.using(serviceOptions) {
            try await $0.livePlan(world: world, strategy: try CLI.strategyID(strategy), runID: run)
        }
        if json { return try CLI.printEncoded(plan) }
        LiveRender.plan(plan)
    }
}

/// `qmtl world live-approve|live-reject W --strategy S --comment C`.
struct WorldLiveDecideOptions: ParsableArguments {
    @Argument(help: "The world's id.") var world: String
    @Option(help: "A StrategyID (blake3:…) or its strategy file.") var strategy: String
    @Option(help: "Its latest paper run (checked; default: that run).") var run: String?
    @Option(help: "Why (kept with the record).") var comment: String
    @Flag(help: "Print the record as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func decide(approve: Bool) async throws {
        let target = try CLI.strategy(strategy)
        let request = LiveDecisionRequest(strategyID: target.id, runID: run, comment: comment)
        let record = try await QMTLService.using(serviceOptions) { s in
            approve ? try await s.approveLive(world: world, request: request) : try await s.rejectLive(world: world, request: request)
        }
        if json { return try CLI.printEncoded(record) }
        print(
            "\(record.decision) run \(record.runID) of \(target.label) for live in \(record.world)"
                + (record.created == false ? " (it already was: the same record)" : ""))
        print("  by \(record.decidedBy) at \(record.decidedAt): \(record.comment)")
        if approve { print("  next: qmtl world live-apply \(world) --strategy \(strategy)") }
    }
}

struct WorldLiveApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-approve", abstract: "Approve a strategy's paper run for live (an approver of the world).",
        discussion: "Example: qmtl world live-approve eq --strategy blake3:… --comment \"paper run checked\"")
    @OptionGroup var options: WorldLiveDecideOptions
    func run() async throws { try await options.decide(approve: true) }
}

struct WorldLiveRejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-reject", abstract: "Reject a strategy's paper run for live (an approver of the world).",
        discussion: "Example: qmtl world live-reject eq --strategy blake3:… --comment \"drawdown too deep\"")
    @OptionGroup var options: WorldLiveDecideOptions
    func run() async throws { try await options.decide(approve: false) }
}

/// `qmtl world live-apply W --strategy S`: makes an approved run live.
struct WorldLiveApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-apply", abstract: "Make an approved (applicable) paper run live with a two-phase apply.",
        discussion: "Example: qmtl world live-apply eq --strategy blake3:…")
    @Argument(help: "The world's id.") var world: String
    @Option(help: "A StrategyID (blake3:…) or its strategy file.") var strategy: String
    @Option(help: "Its latest paper run (checked).") var run: String?
    @Option(name: .customLong("apply-id"), help: "The apply's name (default live:<strategy>:<run>).") var applyID: String?
    @Option(name: .customLong("lease-sec"), help: "The apply's lease between stages (embedded store).") var leaseSeconds: Double?
    @Flag(help: "Print the apply as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let target = try CLI.strategy(strategy)
        let request = LiveApplyRequest(strategyID: target.id, runID: run, applyID: applyID)
        let info = try await LiveRender.using(serviceOptions, leaseSeconds: leaseSeconds) { try await $0.applyLive(world: world, request: request) }
        if json { return try CLI.printEncoded(info) }
        LiveRender.apply(info, labels: [target.id: target.label])
    }
}

/// `qmtl world live-auto-apply W`: `auto_apply` worlds promote what the rules allow.
struct WorldLiveAutoApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live-auto-apply", abstract: "auto_apply worlds: apply every applicable candidate within the guardrails.",
        discussion: "Example: qmtl world live-auto-apply eq")
    @Argument(help: "The world's id.") var world: String
    @Flag(help: "Print the outcome as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        let out = try await QMTLService.using(serviceOptions) { try await $0.autoApplyLive(world: world) }
        if json { return try CLI.printEncoded(out) }
        if out.applied.isEmpty { print("\(out.world): nothing applied") }
        for a in out.applied { LiveRender.apply(a) }
        if !out.skipped.isEmpty { LiveRender.table(out.skipped) }
    }
}

/// `qmtl world apply W --apply-id ID --activate S,… --deactivate S,…`: an explicit two-phase apply.
struct WorldApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Two-phase apply of an explicit plan (activations only of applicable runs).",
        discussion: """
            The stages requested → freeze → switch → unfreeze → completed are each stored before the next; a crash is \
            recovered when the apply's lease runs out (rolled back before switch, completed after). The same apply id and \
            plan again is the same apply.
            Example: qmtl world apply eq --apply-id swap-1 --activate blake3:new --deactivate blake3:old
            """)
    @Argument(help: "The world's id.") var world: String
    @Option(name: .customLong("apply-id"), help: "The apply's name.") var applyID: String
    @Option(help: "StrategyIDs to make live, comma-separated.") var activate: String?
    @Option(help: "Live StrategyIDs to take out of live, comma-separated.") var deactivate: String?
    @Option(name: .customLong("lease-sec"), help: "The apply's lease between stages (embedded store).") var leaseSeconds: Double?
    @Flag(help: "Print the apply as JSON.") var json = false
    @OptionGroup var serviceOptions: ServiceOptions

    func run() async throws {
        func entries(_ list: String?) -> [LivePlanEntry] {
            (list ?? "").split(separator: ",").map { LivePlanEntry(strategyID: $0.trimmingCharacters(in: .whitespaces)) }
        }
        let request = ApplyRequest(applyID: applyID, plan: LivePlan(activate: entries(activate), deactivate: entries(deactivate)))
        let info = try await LiveRender.using(serviceOptions, leaseSeconds: leaseSeconds) { try await $0.applyPlan(world: world, request: request) }
        if json { return try CLI.printEncoded(info) }
        LiveRender.apply(info)
    }
}
