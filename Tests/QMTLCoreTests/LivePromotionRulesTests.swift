import Testing

@testable import QMTLCore

/// R-GOV-2…5 as pure rules: fail-closed snapshots, the three modes, guardrails and the canary.
@Suite("Live promotion rules")
struct LivePromotionRulesTests {
    static let now: Int64 = 1_700_000_000_000
    static let fp = "blake3:" + String(repeating: "ab", count: 32)

    static func input(
        mode: Policy.PromotionMode = .manualApproval, allowLive: Bool = true, halted: Bool = false, live: Bool = false,
        run: String? = "run-1", campaign: [CampaignReason] = [], snapshot: [LivePromotionReason] = [], cooldown: Int = 0,
        liveCount: Int = 0, slots: Int? = nil, canary: Double? = nil, approval: LivePromotionInput.Approval? = nil
    ) -> LivePromotionInput {
        var g = Policy.Governance()
        g.mode = mode
        g.maxLiveSlots = slots
        g.canaryFraction = canary
        return LivePromotionInput(
            world: "world:w", strategy: "s1", runID: run, governance: g, allowLive: allowLive, halted: halted, live: live,
            campaignReasons: campaign, snapshotReasons: snapshot, cooldownRemainingSeconds: cooldown, liveCount: liveCount, approval: approval)
    }

    @Test func manualApprovalIsTheDefaultAndOnlyAnApprovalMakesARunApplicable() {
        #expect(Policy.Governance().mode == .manualApproval)
        let pending = LivePromotionRules.verdict(Self.input())
        #expect(pending.eligible && pending.pendingManualApproval && !pending.applicable && pending.approvable)
        #expect(pending.blockedReasons == [.manualApprovalRequired])
        let approved = LivePromotionRules.verdict(Self.input(approval: .approved))
        #expect(approved.eligible && !approved.pendingManualApproval && approved.applicable && approved.blockedReasons.isEmpty)
        let rejected = LivePromotionRules.verdict(Self.input(approval: .rejected))
        #expect(!rejected.eligible && !rejected.applicable && rejected.blockedReasons == [.approvalRejected])
    }

    @Test func everyGateBlocksEvenAnApprovedRun() {
        let cases: [(LivePromotionInput, [LivePromotionReason])] = [
            (Self.input(mode: .disabled, approval: .approved), [.promotionDisabled]),
            (Self.input(allowLive: false, approval: .approved), [.worldLiveNotAllowed]),
            (Self.input(halted: true, approval: .approved), [.haltedByDecision]),
            (Self.input(live: true, approval: .approved), [.alreadyLive]),
            (Self.input(run: nil, approval: .approved), [.campaignIncomplete]),
            (Self.input(campaign: [.paperWindowIncomplete], approval: .approved), [.campaignIncomplete]),
            (Self.input(campaign: [.validationFailed], approval: .approved), [.validationFailed]),
            (Self.input(snapshot: [.riskSnapshotStale, .asOfBehindRun], approval: .approved), [.riskSnapshotStale, .asOfBehindRun]),
            (Self.input(cooldown: 30, approval: .approved), [.cooldownActive]),
            (Self.input(liveCount: 2, slots: 2, approval: .approved), [.maxLiveSlotsExceeded]),
        ]
        for (input, reasons) in cases {
            let v = LivePromotionRules.verdict(input)
            #expect(!v.eligible && !v.applicable && !v.pendingManualApproval, "\(reasons)")
            #expect(v.blockedReasons == reasons)
        }
        // Within the slots (one left) it passes; the cooldown shows its remaining seconds.
        #expect(LivePromotionRules.verdict(Self.input(liveCount: 1, slots: 2, approval: .approved)).applicable)
        #expect(LivePromotionRules.verdict(Self.input(cooldown: 30)).cooldownRemainingSeconds == 30)
    }

    @Test func onlyGuardrailsLeaveARunApprovable() {
        #expect(LivePromotionRules.verdict(Self.input(cooldown: 5)).approvable)
        #expect(LivePromotionRules.verdict(Self.input(liveCount: 3, slots: 3)).approvable)
        #expect(!LivePromotionRules.verdict(Self.input(snapshot: [.riskSnapshotMissing])).approvable, "fail-closed: no approval without risk data")
        #expect(!LivePromotionRules.verdict(Self.input(mode: .disabled)).approvable)
        #expect(!LivePromotionRules.verdict(Self.input(allowLive: false)).approvable)
        #expect(!LivePromotionRules.verdict(Self.input(campaign: [.paperRunning])).approvable)
    }

    @Test func autoApplyAppliesInsideTheCanaryAndAsksOutsideIt() throws {
        // Runs on both sides of a 50 % canary.
        let ids = (0..<200).map { "run-\($0)" }
        let inside = try #require(ids.first { Canary.position(world: "world:w", strategy: "s1", run: $0) < 0.5 })
        let outside = try #require(ids.first { Canary.position(world: "world:w", strategy: "s1", run: $0) >= 0.5 })
        let a = LivePromotionRules.verdict(Self.input(mode: .autoApply, run: inside, canary: 0.5))
        #expect(a.applicable && a.inCanary && a.blockedReasons.isEmpty)
        let b = LivePromotionRules.verdict(Self.input(mode: .autoApply, run: outside, canary: 0.5))
        #expect(!b.applicable && !b.inCanary && b.pendingManualApproval && b.blockedReasons == [.outsideCanary, .manualApprovalRequired])
        #expect(LivePromotionRules.verdict(Self.input(mode: .autoApply, run: outside, canary: 0.5, approval: .approved)).applicable)
        // auto_apply never skips the campaign, validation or the risk data.
        for blocked in [
            Self.input(mode: .autoApply, campaign: [.missingPaperRun]), Self.input(mode: .autoApply, campaign: [.validationFailed]),
            Self.input(mode: .autoApply, snapshot: [.riskSnapshotMissing]),
        ] {
            #expect(!LivePromotionRules.verdict(blocked).applicable)
        }
    }

    @Test func theCanaryIsTheSpecifiedHashAndSplitsRunsByItsFraction() throws {
        // blake3 of the JCS of {world_id, strategy_id, run_id} (keys sorted), first 8 bytes big-endian / 2^64.
        let text = #"{"run_id":"r-7","strategy_id":"s1","world_id":"world:w"}"#
        let bytes = BLAKE3.hash(Array(text.utf8)).bytes
        let expected = Double(bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) / 18_446_744_073_709_551_616.0
        #expect(Canary.position(world: "world:w", strategy: "s1", run: "r-7") == expected)
        let share = Double((0..<10_000).filter { Canary.contains(world: "world:w", strategy: "s1", run: "r-\($0)", fraction: 0.25) }.count) / 10_000
        #expect(abs(share - 0.25) < 0.02, "\(share)")
        #expect(Canary.contains(world: "w", strategy: "s", run: "r", fraction: nil))
    }

    @Test func aSnapshotIsUsableOnlyWhenFreshUnexpiredOnTheRunsDataAndNotBehindIt() {
        let good = RiskSnapshotFacts(
            version: 3, asOfMillis: Self.now - 1000, producedAtMillis: Self.now - 60_000, ttlSeconds: 900, datasetFingerprint: Self.fp)
        func reasons(_ s: RiskSnapshotFacts?, fp: String = Self.fp, lastBar: Int64? = Self.now - 2000) -> [LivePromotionReason] {
            RiskSnapshotCheck.reasons(s, runFingerprint: fp, runLastBarMillis: lastBar, nowMillis: Self.now, maxAgeSeconds: 300)
        }
        #expect(reasons(good).isEmpty)
        #expect(reasons(nil) == [.riskSnapshotMissing])
        var stale = good
        stale.producedAtMillis = Self.now - 301_000
        #expect(reasons(stale) == [.riskSnapshotStale])
        var expired = good
        expired.ttlSeconds = 60
        #expect(reasons(expired) == [.riskSnapshotExpired])
        #expect(reasons(good, fp: "blake3:" + String(repeating: "cd", count: 32)) == [.datasetFingerprintMismatch])
        #expect(reasons(good, lastBar: Self.now) == [.asOfBehindRun])
        #expect(RiskSnapshotCheck.defaultMaxAgeSeconds == 900)
    }
}

/// Daily returns of equity curves (the risk hub's realised returns, report correlations).
@Suite("Daily returns")
struct DailyReturnsTests {
    @Test func dailyBarsGiveOneReturnPerBarAfterTheFirstAndIntradayBarsFoldIntoTheirDay() {
        let day: Int64 = 86_400
        let daily = DailyReturns.of(t: [0, day, 2 * day], equity: [100, 110, 99])
        #expect(daily.map(\.day) == [day, 2 * day])
        #expect(abs(daily[0].value - 0.1) < 1e-12 && abs(daily[1].value - (99.0 / 110 - 1)) < 1e-12)
        // Three bars on day 0 and two on day 1: the day's last equity counts.
        let intraday = DailyReturns.of(t: [60, 120, 180, day + 60, day + 120], equity: [100, 105, 102, 90, 102 * 1.5])
        #expect(intraday.count == 1 && intraday[0].day == day && abs(intraday[0].value - 0.5) < 1e-12)
        // Before 1970 the day still starts at midnight UTC.
        #expect(DailyReturns.of(t: [-day + 10, 10], equity: [1, 2]).map(\.day) == [0])
        #expect(DailyReturns.of(t: [], equity: []).isEmpty)
    }
}
