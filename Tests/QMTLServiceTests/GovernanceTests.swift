import Foundation
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Synchronization
import Testing

/// Live promotion (R-GOV-2…8), as an operator meets it: fail-closed on risk data, manual
/// approval by default with listed approvers, idempotent decisions, two-phase applies, and
/// worlds that never promote — in process and over HTTP, on every store.
@Suite("WorldService: governance", .timeLimit(.minutes(10)))
struct GovernanceTests {
    /// A clock the test moves (epoch seconds).
    final class Clock: Sendable {
        let seconds = Mutex<Int64>(1_700_000_000)
        func now() -> Int64 { seconds.withLock { $0 } }
        func advance(_ s: Int64) { seconds.withLock { $0 += s } }
    }

    /// A lease (epoch milliseconds) that outlives the test: a running server's recovery leaves
    /// the apply alone until the test lets the lease run out.
    static let heldLease: Int64 = 4_102_444_800_000

    static func service(_ clock: Clock) -> @Sendable (SQLStore) -> QMTLService {
        { store in
            let counter = Counter()
            return QMTLService(
                store: store, caller: WorldServiceTests.admin, ids: { String(format: "00000000-0000-4000-8000-%012d", counter.next()) },
                now: { clock.now() })
        }
    }

    static let campaign = """
        campaign:
          backtest: {window: 365d}
          paper: {window: 60d}
          common: {min_trades_per_window: 1}
        """

    /// World `w` (allow_live as given) with `governance`, and `strategies` walked by tick +
    /// execute + a worker to the end of their paper campaign; returns their ids.
    static func promotable(
        _ ws: any WorldServiceAPI, world: String = "w", allowLive: Bool = true, governance: String = "",
        strategies: [String] = ["sma_cross.yaml"], campaign: String = Self.campaign, rounds: Int = 4, existingWorld: Bool = false
    ) async throws -> [String] {
        if !existingWorld {
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: try SubmitEvaluateTests.bars())
            let dataset = WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint)
            _ = try await ws.createWorld(id: world, spec: WorldSpec(name: world, dataset: dataset, allowLive: allowLive))
        }
        _ = try await ws.publishPolicy(world: world, document: campaign + "\n" + governance, fileName: "policy.yaml")
        var ids: [String] = []
        for file in strategies {
            let graph = try SubmitEvaluateTests.graph(file)
            _ = try await ws.submit(SubmitRequest(graph: graph, worlds: [world]))
            ids.append(graph.strategyID.description)
        }
        var worker = Worker(service: ws, name: "worker:test")
        worker.world = world
        for _ in 0..<rounds {
            let steps = try await CampaignExecutor(service: ws).step(world: world, strategy: nil, execute: true)
            guard steps.contains(where: { $0.outcome == .queued }) else { break }
            _ = try await worker.drain()
        }
        return ids
    }

    /// A snapshot backing `ids` up to the world's last bar.
    static func snapshot(_ ids: [String], asOf: String = "2030-01-01T00:00:00Z", stress: [String: [String: Bool]]? = nil) -> RiskSnapshotRequest {
        RiskSnapshotRequest(
            asOf: asOf, weights: Dictionary(uniqueKeysWithValues: ids.map { ($0, 1 / Double(ids.count)) }), stress: stress,
            provenance: RiskProvenance(stage: "risk"))
    }

    @Test(arguments: Backend.all)
    func manualApprovalByDefaultFailClosedOnRiskDataAndTwoPhaseApply(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, Self.service(clock)) { h in
            let ws = h.api
            let olga = try h.acting(as: Caller(actor: "user:olga", role: .operator))
            let risk = try h.acting(as: Caller(actor: "user:risk", role: .operator))
            // No governance block: manual approval (never "no approval"); approvers listed here.
            let id = try #require(
                try await Self.promotable(ws, governance: "governance: {live_promotion: {approvers: [user:risk]}}").first)
            let paper = try #require(try await ws.runs(world: "w", strategy: id, stage: "paper", limit: 1).first)
            #expect(paper.state == "evaluated" && paper.pendingLiveApproval == true, "a passed paper run waits for a live decision")

            // Paper and live runs write the world's own risk snapshot: the paper verdict left one,
            // weighing the paper-trading strategy, with its daily returns, as of its last bar.
            let own = try await ws.latestRiskSnapshot(world: "w")
            #expect(own.provenance == RiskProvenance(actor: "system:worldservice", stage: "paper") && own.weights == [id: 1])
            #expect(own.asOf == paper.lastBar && own.producedAt == UTCTimestamp.format(clock.now()))
            let series = try await ws.runSeries(world: "w", strategy: id, runID: paper.runID)
            #expect(own.realizedReturns[id] == DailyReturns.of(t: series.t, equity: series.equity).map(\.value))
            var plan = try await ws.livePlan(world: "w", strategy: id, runID: nil)
            #expect(plan.runID == paper.runID && plan.promotionMode == "manual_approval" && plan.eligible && plan.pendingManualApproval)

            // Fail-closed: once the risk data is older than max_snapshot_age (15 min) — and here
            // past its ttl too — no promotion, and no approval either.
            clock.advance(16 * 60)
            plan = try await ws.livePlan(world: "w", strategy: id, runID: nil)
            #expect(
                !plan.eligible && !plan.applicable
                    && plan.blockedReasons == ["risk_snapshot_stale", "risk_snapshot_expired", "manual_approval_required"])
            let candidates = try await ws.liveCandidates(world: "w")
            #expect(candidates.candidates.map(\.strategyID) == [id] && candidates.candidates[0].blockedReasons == plan.blockedReasons)
            let early = await #expect(throws: QMTLError.self) {
                _ = try await risk.approveLive(world: "w", request: .init(strategyID: id, comment: "go"))
            }
            #expect(early?.code == .promotionBlocked && early?.message.contains("risk_snapshot_stale") == true)

            // Fresh risk data arrives: eligible, waiting for an approver.
            let pushed = try await risk.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([id]))
            plan = try await ws.livePlan(world: "w", strategy: id, runID: paper.runID)
            #expect(plan.eligible && plan.pendingManualApproval && !plan.applicable && plan.blockedReasons == ["manual_approval_required"])
            #expect(plan.plan == LivePlan(activate: [LivePlanEntry(strategyID: id)]) && plan.riskSnapshotVersion == pushed.version)
            let unapproved = await #expect(throws: QMTLError.self) { _ = try await olga.applyLive(world: "w", request: .init(strategyID: id)) }
            #expect(unapproved?.code == .promotionBlocked && unapproved?.message.contains("waiting for an approver (user:risk)") == true)

            // An operator who is not a listed approver gets 403; the listed one approves, once.
            let unlisted = await #expect(throws: QMTLError.self) {
                _ = try await olga.approveLive(world: "w", request: .init(strategyID: id, comment: "go"))
            }
            #expect(unlisted?.code == .notAnApprover && unlisted?.code.httpStatus == 403)
            let approved = try await risk.approveLive(world: "w", request: .init(strategyID: id, runID: paper.runID, comment: "paper looks fine"))
            #expect(approved.created == true && approved.decision == "approved" && approved.decidedBy == "user:risk" && approved.runID == paper.runID)
            let again = try await risk.approveLive(world: "w", request: .init(strategyID: id, comment: "again"))
            #expect(again.created == false && again.approvalRequestID == approved.approvalRequestID && again.comment == "paper looks fine")
            #expect(try await h.store.approvals(try WorldID(parsing: "w"), strategy: nil).count == 1, "approving twice gives one record")
            let flip = await #expect(throws: QMTLError.self) {
                _ = try await risk.rejectLive(world: "w", request: .init(strategyID: id, comment: "no"))
            }
            #expect(flip?.code == .approvalConflict)
            #expect(try await ws.run(world: "w", strategy: id, runID: paper.runID).pendingLiveApproval == false)

            // Applicable; the two-phase apply makes it live, through every stage.
            #expect(try await ws.livePlan(world: "w", strategy: id, runID: nil).applicable)
            #expect(try await ws.decide(world: "w", strategy: id).effectiveMode == "paper")
            // An earlier apply of this run was rolled back (a crash before its switch): a retry is a new apply.
            let base = "live:\(id):\(paper.runID)"
            let crashed = AuditContext(actor: "user:olga", role: "operator", requestID: "crashed")
            let world = try WorldID(parsing: "w")
            _ = try await h.store.beginApply(
                world, applyID: base, plan: ["activate": [["strategy_id": .string(id)]]], leaseOwner: "crashed", leaseUntil: Self.heldLease,
                maxLiveSlots: nil,
                audit: crashed)
            _ = try await h.store.advanceApply(
                world, applyID: base, to: .rolledBack, leaseOwner: "crashed", leaseUntil: nil, refEvents: [], audit: crashed)
            let applied = try await olga.applyLive(world: "w", request: .init(strategyID: id))
            #expect(applied.stage == "completed" && applied.created == true && applied.riskSnapshotVersion == pushed.version)
            // The activation change wrote the world's snapshot: live now.
            let afterApply = try await ws.latestRiskSnapshot(world: "w")
            #expect(afterApply.version == pushed.version + 1 && afterApply.provenance.stage == "live" && afterApply.weights == [id: 1])
            #expect(applied.applyID == base + ":2")
            #expect(try await ws.decide(world: "w", strategy: id).effectiveMode == "live")
            let activation = try await ws.activation(world: "w", strategy: id, side: "long")
            #expect(activation.active && !activation.freeze && activation.effectiveMode == "live")
            #expect(try await ws.campaignStatus(world: "w", strategy: id).first?.phase == "live_campaign")
            #expect(try await ws.liveCandidates(world: "w").candidates.isEmpty, "live strategies are not candidates")
            // The same apply again: the same result; the stages are in the audit log, in order.
            let repeated = try await olga.applyLive(world: "w", request: .init(strategyID: id))
            #expect(repeated.created == false && repeated.stage == "completed" && repeated.applyID == applied.applyID)
            #expect(try await ws.applyStatus(world: "w", applyID: applied.applyID).stage == "completed")
            let stages = try await ws.auditLog(after: 0, limit: 10_000).filter { $0.target == "world:w/\(applied.applyID)" }.map(\.action)
            #expect(stages == ["apply.requested", "apply.freeze", "apply.switch", "apply.unfreeze", "apply.completed"])
            #expect(try await ws.verifyAudit().intact)

            // Deactivating through an explicit plan returns the ref to valid.
            let out = try await olga.applyPlan(
                world: "w", request: ApplyRequest(applyID: "out-1", plan: LivePlan(deactivate: [LivePlanEntry(strategyID: id)])))
            #expect(out.stage == "completed")
            #expect(try await ws.status(strategy: id, world: "w").status == "valid")
            #expect(try await ws.decide(world: "w", strategy: id).effectiveMode == "compute-only")
            let nothing = await #expect(throws: QMTLError.self) {
                _ = try await olga.applyPlan(world: "w", request: ApplyRequest(applyID: "x", plan: LivePlan()))
            }
            #expect(nothing?.code == .applyNoPlan && nothing?.code.httpStatus == 422)
        }
    }

    @Test(arguments: Backend.all)
    func aStaleSnapshotBlocksEverythingAndSaysSo(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, Self.service(clock)) { h in
            let ws = h.api
            let id = try #require(try await Self.promotable(ws, governance: "risk_hub: {max_snapshot_age: 10m}").first)
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([id]))
            _ = try await ws.approveLive(world: "w", request: .init(strategyID: id, comment: "ok"))
            #expect(try await ws.livePlan(world: "w", strategy: id, runID: nil).applicable)
            clock.advance(11 * 60)
            let plan = try await ws.livePlan(world: "w", strategy: id, runID: nil)
            #expect(!plan.applicable && !plan.eligible && plan.blockedReasons == ["risk_snapshot_stale"])
            #expect(plan.summary == "blocked: risk_snapshot_stale")
            #expect(try await ws.liveCandidates(world: "w").candidates.first?.blockedReasons == ["risk_snapshot_stale"])
            let status = try #require(try await ws.campaignStatus(world: "w", strategy: id).first)
            #expect(status.liveBlockedReasons == ["risk_snapshot_stale"] && status.liveVerdict == "blocked: risk_snapshot_stale")
            let refused = await #expect(throws: QMTLError.self) { _ = try await ws.applyLive(world: "w", request: .init(strategyID: id)) }
            #expect(refused?.code == .promotionBlocked && refused?.message.contains("risk_snapshot_stale") == true)
            // Past its ttl_sec (900 s) it is expired too; a snapshot behind the paper run's last bar is not enough.
            clock.advance(5 * 60)
            #expect(try await ws.livePlan(world: "w", strategy: id, runID: nil).blockedReasons == ["risk_snapshot_stale", "risk_snapshot_expired"])
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([id], asOf: "2016-01-01T00:00:00Z"))
            #expect(try await ws.livePlan(world: "w", strategy: id, runID: nil).blockedReasons == ["as_of_behind_run"])
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([id]))
            #expect(try await ws.livePlan(world: "w", strategy: id, runID: nil).applicable)
            #expect(try await ws.applyLive(world: "w", request: .init(strategyID: id)).stage == "completed")
        }
    }

    @Test(arguments: Backend.all)
    func disabledAndWorldsWithoutLiveNeverPromote(_ backend: Backend) async throws {
        try await withService(backend, Self.service(Clock())) { h in
            let ws = h.api
            let id = try #require(try await Self.promotable(ws, allowLive: false).first)
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([id]))
            let plan = try await ws.livePlan(world: "w", strategy: id, runID: nil)
            #expect(!plan.eligible && plan.blockedReasons == ["world_live_not_allowed", "manual_approval_required"])
            for attempt in [
                { _ = try await ws.approveLive(world: "w", request: .init(strategyID: id, comment: "x")) },
                { _ = try await ws.applyLive(world: "w", request: .init(strategyID: id)) },
                {
                    _ = try await ws.applyPlan(
                        world: "w", request: ApplyRequest(applyID: "p", plan: LivePlan(activate: [LivePlanEntry(strategyID: id)])))
                },
            ] as [@Sendable () async throws -> Void] {
                let error = await #expect(throws: QMTLError.self) { try await attempt() }
                #expect(error?.code == .promotionBlocked && error?.message.contains("world_live_not_allowed") == true)
            }
            let auto = await #expect(throws: QMTLError.self) { _ = try await ws.autoApplyLive(world: "w") }
            #expect(auto?.code == .promotionBlocked)
            #expect(try await ws.decide(world: "w", strategy: id).effectiveMode == "paper")

            // mode: disabled in another world: shown as candidates, never promoted.
            let w2 = try #require(
                try await Self.promotable(ws, world: "d", governance: "governance: {live_promotion: {mode: disabled}}").first)
            _ = try await ws.pushRiskSnapshot(world: "d", snapshot: Self.snapshot([w2]))
            let disabled = try await ws.liveCandidates(world: "d")
            #expect(disabled.promotionMode == "disabled" && disabled.candidates.first?.blockedReasons == ["promotion_disabled"])
            let refused = await #expect(throws: QMTLError.self) { _ = try await ws.applyLive(world: "d", request: .init(strategyID: w2)) }
            #expect(refused?.code == .promotionBlocked)
            #expect(try await h.store.liveStrategies(try WorldID(parsing: "d")).isEmpty)
            #expect(try await h.store.liveStrategies(try WorldID(parsing: "w")).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func autoApplyPromotesWithinSlotsAndCanaryOnlyAfterPaperAndValidation(_ backend: Backend) async throws {
        try await withService(backend, Self.service(Clock())) { h in
            let ws = h.api
            // Slots 1, everyone in the canary: one of two complete campaigns goes live.
            let ids = try await Self.promotable(
                ws, world: "auto", governance: "governance: {live_promotion: {mode: auto_apply, max_live_slots: 1, canary_fraction: 1}}",
                strategies: ["sma_cross.yaml", "rsi_momentum.yaml"])
            // The paper verdicts wrote the world's risk snapshot, and the executor asked auto-apply
            // as soon as the paper campaigns were done: the first one went live, the second waits
            // for a slot.
            let first = ids.sorted()[0]
            #expect(try await h.store.liveStrategies(try WorldID(parsing: "auto")).map(\.description) == [first])
            let steps = try await CampaignExecutor(service: ws).step(world: "auto", strategy: nil, execute: true)
            let waiting = try #require(steps.first { $0.action.action == "auto_apply_live" })
            #expect(waiting.action.strategyID == ids.sorted()[1] && waiting.outcome == .blocked)
            #expect(waiting.note?.contains("max_live_slots_exceeded") == true, "\(waiting.note ?? "")")
            let record = try #require(try await h.store.approvals(try WorldID(parsing: "auto"), strategy: nil).first)
            #expect(record.decidedBy == "system:auto_apply" && record.decisionReason == "auto_apply_within_guardrails")
            let again = try await ws.autoApplyLive(world: "auto")
            #expect(again.applied.isEmpty && again.skipped.map(\.blockedReasons) == [["max_live_slots_exceeded"]])

            // A run outside the canary waits for an approver, then goes live by hand.
            let c = try #require(
                try await Self.promotable(ws, world: "c", governance: "governance: {live_promotion: {mode: auto_apply, canary_fraction: 0.000001}}")
                    .first)
            _ = try await ws.pushRiskSnapshot(world: "c", snapshot: Self.snapshot([c]))
            let outside = try await ws.autoApplyLive(world: "c")
            #expect(outside.applied.isEmpty && outside.skipped.first?.blockedReasons == ["outside_canary", "manual_approval_required"])
            #expect(outside.skipped.first?.pendingManualApproval == true && outside.skipped.first?.inCanary == false)
            _ = try await ws.approveLive(world: "c", request: .init(strategyID: c, comment: "canary skipped on purpose"))
            #expect(try await ws.applyLive(world: "c", request: .init(strategyID: c)).stage == "completed")

            // auto_apply never skips the paper campaign: backtested and approved, but no paper run, is not promoted.
            let early = try #require(
                try await Self.promotable(
                    ws, world: "e", governance: "governance: {live_promotion: {mode: auto_apply, canary_fraction: 1}}", rounds: 1
                )
                .first)
            #expect(try await ws.campaignStatus(world: "e", strategy: early).first?.phase == "backtest_campaign")
            // No hub data at all is missing data, never a pass.
            #expect(
                try await ws.livePlan(world: "e", strategy: early, runID: nil).blockedReasons == ["campaign_incomplete", "risk_snapshot_missing"])
            _ = try await ws.pushRiskSnapshot(world: "e", snapshot: Self.snapshot([early]))
            let none = try await ws.autoApplyLive(world: "e")
            #expect(none.applied.isEmpty && none.skipped.isEmpty)
            let plan = try await ws.livePlan(world: "e", strategy: early, runID: nil)
            #expect(plan.runID == nil && plan.blockedReasons == ["campaign_incomplete"] && plan.campaignReasons == ["missing_paper_run"])
            let approve = await #expect(throws: QMTLError.self) {
                _ = try await ws.approveLive(world: "e", request: .init(strategyID: early, comment: "x"))
            }
            #expect(approve?.code == .promotionBlocked)
            #expect(try await h.store.liveStrategies(try WorldID(parsing: "e")).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func stressFlagsCooldownApproverRolesAndOtherDataAreChecked(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, Self.service(clock)) { h in
            let ws = h.api
            let olga = try h.acting(as: Caller(actor: "user:olga", role: .operator))
            // The risk team's stress results arrive before the strategies: one passes, one does not.
            let data = try await ws.addDataset(symbol: "SYN", interval: 86_400, bars: try SubmitEvaluateTests.bars())
            _ = try await ws.createWorld(
                id: "w",
                spec: WorldSpec(name: "w", dataset: WorldDataset(symbol: "SYN", interval: 86_400, fingerprint: data.fingerprint), allowLive: true))
            let (sma, rsi) = (
                try SubmitEvaluateTests.graph("sma_cross.yaml").strategyID.description,
                try SubmitEvaluateTests.graph("rsi_momentum.yaml").strategyID.description
            )
            _ = try await ws.pushRiskSnapshot(
                world: "w", snapshot: Self.snapshot([sma, rsi], stress: [sma: ["covid_2020_pass": true], rsi: ["covid_2020_pass": false]]))
            let ids = try await Self.promotable(
                ws,
                governance:
                    "validation: {stress: {required_flags: [covid_2020_pass]}}\ngovernance: {live_promotion: {cooldown: 1h, approvers: [role:admin]}}",
                strategies: ["sma_cross.yaml", "rsi_momentum.yaml"], existingWorld: true)
            #expect(Set(ids) == [sma, rsi])
            // validation.stress reads the snapshot: the strategy without the flag is rejected in its backtest.
            #expect(try await ws.runs(world: "w", strategy: rsi, stage: "backtest", limit: 1).first?.state == "rejected")
            #expect(try await ws.campaignStatus(world: "w", strategy: rsi).first?.reasons == ["validation_failed"])
            // The world's own snapshot (after the paper run) kept the risk team's stress results.
            #expect(try await ws.latestRiskSnapshot(world: "w").stress[sma] == ["covid_2020_pass": true])
            #expect(try await ws.livePlan(world: "w", strategy: sma, runID: nil).blockedReasons == ["manual_approval_required"])

            // role:admin approves here; an operator does not.
            let denied = await #expect(throws: QMTLError.self) {
                _ = try await olga.approveLive(world: "w", request: .init(strategyID: sma, comment: "x"))
            }
            #expect(denied?.code == .notAnApprover && denied?.message.contains("role:admin") == true)
            _ = try await ws.approveLive(world: "w", request: .init(strategyID: sma, comment: "admin ok"))

            // Risk data of other bars blocks, whatever else is fine.
            let other = "lake:blake3:" + String(repeating: "0", count: 64)
            var foreign = Self.snapshot([sma])
            foreign.datasetFingerprint = other
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: foreign)
            #expect(
                try await ws.livePlan(world: "w", strategy: sma, runID: nil).blockedReasons.contains("dataset_fingerprint_mismatch"))
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([sma], stress: [sma: ["covid_2020_pass": true]]))
            #expect(try await ws.applyLive(world: "w", request: .init(strategyID: sma)).stage == "completed")

            // The cooldown: the next live apply waits an hour after this one completed.
            _ = try await ws.pushRiskSnapshot(world: "w", snapshot: Self.snapshot([sma, rsi], stress: [sma: ["covid_2020_pass": true]]))
            let waiting = try await ws.liveCandidates(world: "w")
            #expect(waiting.candidates.isEmpty, "the rejected strategy is no candidate: \(waiting.candidates.map(\.strategyID))")
            let c = try await ws.livePlan(world: "w", strategy: rsi, runID: nil)
            #expect(c.cooldownRemainingSec == 3600 && c.blockedReasons.contains("cooldown_active"))
            #expect(c.summary.contains("cooldown_active (3600 s left)"), "\(c.summary)")
        }
    }

    /// A running server finishes applies a crash left behind once their lease ran out, without
    /// waiting for the next apply: before `switch` they are rolled back, and activations unfreeze.
    @Test(arguments: StoreKind.available.map { Backend(store: $0, transport: .http) })
    func aServerRecoversAnApplyACrashLeftBehind(_ backend: Backend) async throws {
        try await withService(backend, Self.service(Clock())) { h in
            let id = try #require(try await Self.promotable(h.api).first)
            let world = try WorldID(parsing: "w")
            let ctx = AuditContext(actor: "user:olga", role: "operator", requestID: "crashed")
            let plan: JSONValue = ["activate": [["strategy_id": .string(id)]]]
            // Held until it is frozen, so the server's recovery cannot take it in between.
            _ = try await h.store.beginApply(
                world, applyID: "crashed", plan: plan, leaseOwner: "gone", leaseUntil: Self.heldLease, maxLiveSlots: nil, audit: ctx)
            _ = try await h.store.advanceApply(world, applyID: "crashed", to: .freeze, leaseOwner: "gone", leaseUntil: 0, refEvents: [], audit: ctx)
            // The server may recover it as soon as the lease has run out, so it is either still
            // frozen or already rolled back here — never both, never neither.
            let before = try await h.store.applyStageCounts()
            #expect((before[.freeze] ?? 0) + (before[.rolledBack] ?? 0) == 1, "\(before)")
            var stage = ApplyStage.freeze
            for _ in 0..<150 where stage == .freeze {
                try await Task.sleep(for: .milliseconds(100))
                stage = try #require(try await h.store.apply(world, applyID: "crashed")).stage
            }
            #expect(stage == .rolledBack, "the server's recovery rolled it back")
            #expect(try await h.api.activation(world: "w", strategy: id, side: "long").freeze == false)
            #expect(try await h.store.liveStrategies(world).isEmpty)
            // /metrics counts the applies by stage, as the store has them.
            let counts = try await h.store.applyStageCounts()
            #expect(counts[.rolledBack] == 1 && counts[.freeze] == nil, "\(counts)")
            let text = String(decoding: try await HTTPSurfaceTests.send(try #require(h.baseURL), "GET", "/metrics", token: nil).body, as: UTF8.self)
            for stage in ApplyStage.allCases {
                #expect(HTTPSurfaceTests.metric(text, "qmtl_applies{stage=\"\(stage.rawValue)\"}") == Double(counts[stage] ?? 0), "\(stage)")
            }
        }
    }

    @Test(arguments: StoreKind.available.map { Backend(store: $0, transport: .inProcess) })
    func maxLiveSlotsHoldUnderFiftyConcurrentApproveAndApplyRequests(_ backend: Backend) async throws {
        try await withService(backend, Self.service(Clock())) { h in
            let ws = h.api
            let ids = try await Self.promotable(
                ws, world: "race", governance: "governance: {live_promotion: {max_live_slots: 1}}",
                strategies: ["sma_cross.yaml", "rsi_momentum.yaml"])
            _ = try await ws.pushRiskSnapshot(world: "race", snapshot: Self.snapshot(ids))
            let allowed: Set<QMTLError.Code> = [.applyInFlight, .maxLiveSlots, .promotionBlocked, .storeBusy]
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let id = ids[i % 2]
                        do {
                            if i % 5 == 0 {
                                _ = try await ws.approveLive(world: "race", request: .init(strategyID: id, comment: "race \(i)"))
                                return "approved"
                            }
                            _ = try await ws.approveLive(world: "race", request: .init(strategyID: id, comment: "race \(i)"))
                            return try await ws.applyLive(world: "race", request: .init(strategyID: id, applyID: "race-\(i)")).stage
                        } catch let error as QMTLError where allowed.contains(error.code) {
                            return error.code.rawValue
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.count == 50)
            let live = try await h.store.liveStrategies(try WorldID(parsing: "race"))
            #expect(live.count == 1, "never more than max_live_slots: \(live) after \(Dictionary(grouping: outcomes, by: { $0 }).mapValues(\.count))")
            #expect(outcomes.filter { $0 == "completed" }.count == 1, "\(outcomes)")
            #expect(try await ws.verifyAudit().intact)
        }
    }
}

/// Reports (R-GOV-10): the verdict in sentences with the numbers, live blocks, overlaps with
/// live strategies (checked against an independent Pearson), recent approvals, and an SVG chart
/// with one point per equity value.
@Suite("WorldService: reports", .timeLimit(.minutes(10)))
struct ReportTests {
    /// Pearson over the days both series have — written here apart from the product's.
    static func pearson(_ a: [Int64: Double], _ b: [Int64: Double]) -> (Double, Int) {
        let days = a.keys.filter { b[$0] != nil }.sorted()
        let xs = days.map { a[$0]! }, ys = days.map { b[$0]! }
        let mx = xs.reduce(0, +) / Double(xs.count), my = ys.reduce(0, +) / Double(ys.count)
        let cov = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let vx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), vy = ys.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        return (cov / (vx * vy).squareRoot(), days.count)
    }

    static func points(_ svgPolyline: String, in text: String) -> Int? {
        guard let start = text.range(of: "class=\"\(svgPolyline)\"") else { return nil }
        guard let p = text[start.upperBound...].range(of: "points=\""), let end = text[p.upperBound...].firstIndex(of: "\"") else { return nil }
        return text[p.upperBound..<end].split(separator: " ").count
    }

    @Test(arguments: Backend.all)
    func aReportSaysTheVerdictBlocksOverlapsAndChartsEveryPoint(_ backend: Backend) async throws {
        let clock = GovernanceTests.Clock()
        try await withService(backend, GovernanceTests.service(clock)) { h in
            let ws = h.api
            let ids = try await GovernanceTests.promotable(ws, strategies: ["sma_cross.yaml", "rsi_momentum.yaml"])
            let (live, candidate) = (ids[0], ids[1])
            _ = try await ws.approveLive(world: "w", request: .init(strategyID: live, comment: "first one in"))
            _ = try await ws.applyLive(world: "w", request: .init(strategyID: live))

            let report = try await ws.report(world: "w", strategy: nil)
            #expect(report.strategies.map(\.strategyID) == ids.sorted() && report.promotionMode == "manual_approval")
            let c = try #require(report.strategies.first { $0.strategyID == candidate })
            let l = try #require(report.strategies.first { $0.strategyID == live })
            #expect(l.isLive && l.live == nil && !c.isLive && c.live?.pendingManualApproval == true)
            // The overlap with the live strategy is the Pearson of both paper runs' daily returns.
            let cs = try #require(c.series), ls = try #require(l.series)
            func daily(_ s: RunSeries) -> [Int64: Double] { DailyReturns.byDay(t: s.t, equity: s.equity) }
            let (expected, days) = Self.pearson(daily(cs), daily(ls))
            let overlap = try #require(c.overlaps.first)
            #expect(c.overlaps.count == 1 && overlap.strategyID == live && overlap.overlapDays == days && days >= 20)
            #expect(abs((overlap.correlation ?? .nan) - expected) < 1e-9, "\(overlap) vs \(expected)")
            #expect(cs == (try await ws.runSeries(world: "w", strategy: candidate, runID: try #require(c.run?.runID))))
            #expect(report.approvals.map(\.strategyID) == [live])

            // The sentences carry the numbers; the charts have one point per equity value.
            let text = ReportRenderer.render(report, as: .text)
            let sharpe = try #require(c.run?.metrics?["sharpe"])
            #expect(text.contains("Sharpe \(String(format: "%.2f", sharpe))") && text.contains("Verdict: \(c.run?.explanation ?? "?")"))
            #expect(text.contains("Live promotion: eligible; waiting for an approver (role:operator)."))
            // Strategies are shown by the name they were submitted under, with the start of their id.
            let liveName = try #require(overlap.name, "the overlap names the live strategy")
            #expect(l.name == liveName && c.name != nil)
            #expect(
                text.contains(
                    "Correlation with live \(liveName) (\(live.prefix(19))…): \(String(format: "%.2f", expected)) over \(days) common days."))
            for format in [ReportRenderer.Format.markdown, .html] {
                let out = ReportRenderer.render(report, as: format)
                #expect(Self.points("equity", in: out) != nil)
                // Strategies are in id order; each chart has as many points as its equity series.
                let charts = out.components(separatedBy: "<svg").dropFirst()
                #expect(charts.map { Self.points("equity", in: $0) } == report.strategies.map { $0.series?.equity.count })
                #expect(charts.map { Self.points("drawdown", in: $0) } == report.strategies.map { $0.series?.equity.count })
            }

            // Stale risk data: the report says what blocks the candidate.
            clock.advance(16 * 60)
            let stale = ReportRenderer.render(try await ws.report(world: "w", strategy: candidate), as: .text)
            #expect(stale.contains("Blocked reasons: risk_snapshot_stale, risk_snapshot_expired, manual_approval_required."), "\(stale)")
        }
    }
}
