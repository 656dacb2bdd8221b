import Foundation
import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// Runs, campaign state, approvals, applies, risk snapshots, tokens and idempotency keys, on
/// every store.
@Suite("Store contract: runs and governance")
struct LifecycleContractTests {
    let ctx = Fixture.ctx
    let runID = "0b7d3a52-4c1e-4a8e-9a41-2f0c5d6e7f80"

    func bound(_ store: SQLStore) async throws {
        _ = try await store.upsertNodes(Fixture.smaNodes, audit: ctx)
        _ = try await store.createWorld(Fixture.eq, config: Fixture.config(), audit: ctx)
        _ = try await store.createWorld(Fixture.crypto, config: ["name": "Crypto"], audit: ctx)
        _ = try await store.bind(Fixture.eq, strategy: Fixture.smaStrategy, nodes: Fixture.smaCross.map(\.nodeID), audit: ctx)
    }

    @Test(arguments: StoreKind.available)
    func runsAreIdempotentAndFollowTheirStateMachine(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await bound(store)
            let s = Fixture.smaStrategy
            let body: JSONValue = ["dataset_fingerprint": "lake:blake3:00", "window": ["first": 1, "last": 2]]
            let (run, created) = try await store.createRun(Fixture.eq, strategy: s, runID: runID, stage: .backtest, body: body, audit: ctx)
            #expect(created && run.state == .submitted && run.revision == 1)
            let (again, createdAgain) = try await store.createRun(Fixture.eq, strategy: s, runID: runID, stage: .backtest, body: body, audit: ctx)
            #expect(!createdAgain && again == run)
            let conflict = await #expect(throws: QMTLError.self) {
                try await store.createRun(Fixture.eq, strategy: s, runID: runID, stage: .backtest, body: ["other": 1], audit: ctx)
            }
            #expect(conflict?.code == .runConflict)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.createRun(Fixture.crypto, strategy: s, runID: runID, stage: .backtest, body: body, audit: ctx)
                })?.code == .notBound)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.createRun(Fixture.eq, strategy: s, runID: "not-a-uuid", stage: .backtest, body: body, audit: ctx)
                })?.code == .badRunID)

            _ = try await store.transitionRun(
                Fixture.eq, strategy: s, runID: runID, to: .backtestRunning, reason: "worker-1", update: RunUpdate(), audit: ctx)
            _ = try await store.transitionRun(
                Fixture.eq, strategy: s, runID: runID, to: .evaluating, reason: "metrics in",
                update: RunUpdate(metrics: ["sharpe": 1.4, "total_return": 0.2]), audit: ctx)
            let illegal = await #expect(throws: QMTLError.self) {
                try await store.transitionRun(Fixture.eq, strategy: s, runID: runID, to: .activated, reason: "skip", update: RunUpdate(), audit: ctx)
            }
            #expect(illegal?.details == ["from": "evaluating", "to": "activated", "allowed": "evaluated,rejected,failed"])
            let done = try await store.transitionRun(
                Fixture.eq, strategy: s, runID: runID, to: .evaluated, reason: "policy pass",
                update: RunUpdate(details: ["summary": ["status": "pass"]], pendingLiveApproval: true), audit: ctx)
            #expect(
                done.state == .evaluated && done.revision == 4 && done.pendingLiveApproval && done.metrics == ["sharpe": 1.4, "total_return": 0.2])
            #expect(try await store.run(Fixture.eq, strategy: s, runID: runID) == done)
            #expect(
                try await store.runHistory(Fixture.eq, strategy: s, runID: runID).map(\.state) == [
                    .submitted, .backtestRunning, .evaluating, .evaluated,
                ])
            #expect(
                try await store.runHistory(Fixture.eq, strategy: s, runID: runID).map(\.reason) == [
                    "submitted", "worker-1", "metrics in", "policy pass",
                ])
            let paperID = "1b7d3a52-4c1e-4a8e-9a41-2f0c5d6e7f81"
            _ = try await store.createRun(Fixture.eq, strategy: s, runID: paperID, stage: .paper, body: body, audit: ctx)
            #expect(try await store.runs(Fixture.eq, strategy: s, stage: nil, limit: 10).map(\.runID) == [paperID, runID])
            #expect(try await store.runs(Fixture.eq, strategy: s, stage: .backtest, limit: 10).map(\.runID) == [runID])
            #expect(try await store.runs(Fixture.eq, strategy: s, stage: nil, limit: 1).count == 1)
            let sharpe = try await store.backend.read { s in try await s.query("SELECT sharpe FROM evaluation_run WHERE run_id = ?", [.text(runID)]) }
            #expect(sharpe.first?.values == [.real(1.4)])
        }
    }

    @Test(arguments: StoreKind.available)
    func campaignStateAndApprovals(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await bound(store)
            let s = Fixture.smaStrategy
            #expect(try await store.campaignState(Fixture.eq, strategy: s) == nil)
            try await store.putCampaignState(Fixture.eq, strategy: s, state: ["phase": "paper_campaign"], audit: ctx)
            try await store.putCampaignState(Fixture.eq, strategy: s, state: ["phase": "live_campaign"], audit: ctx)
            #expect(try await store.campaignState(Fixture.eq, strategy: s) == ["phase": "live_campaign"])

            _ = try await store.createRun(Fixture.eq, strategy: s, runID: runID, stage: .paper, body: ["b": 1], audit: ctx)
            let a = ApprovalRecord(
                approvalRequestID: "apr-1", world: Fixture.eq, strategy: s, runID: runID, requestedAtMillis: 1, decidedAtMillis: 2,
                decidedBy: "user:risk-lead", decision: .approved, comment: "ok", decisionReason: "manual")
            let pair1 = try await store.putApproval(a, audit: ctx)
            #expect(pair1.0 == a && pair1.1 == true)
            let pair2 = try await store.putApproval(a, audit: ctx)
            #expect(pair2.0 == a && pair2.1 == false)
            var flipped = a
            flipped.decision = .rejected
            #expect((await #expect(throws: QMTLError.self) { try await store.putApproval(flipped, audit: ctx) })?.code == .approvalConflict)
            #expect(try await store.approvals(Fixture.eq, strategy: s) == [a])
            #expect(try await store.approvals(Fixture.crypto, strategy: nil).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func appliesHaveOneInFlightPerWorldAndALease(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await bound(store)
            let root = Fixture.smaStrategy.rootNodeID
            for e: WorldNodeState.Event in [.startValidation, .validationPassed] {
                _ = try await store.transition(Fixture.eq, root, e, evalKey: nil, domain: nil, audit: ctx)
            }
            let plan: JSONValue = ["activate": [["strategy_id": .string(Fixture.smaStrategy.description), "side": "long", "weight": 1]]]
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.beginApply(Fixture.eq, applyID: "ap-0", plan: [:], leaseOwner: "w1", leaseUntil: 9_999_999_999_999, audit: ctx)
                })?.code == .applyNoPlan)
            let (begun, created) = try await store.beginApply(
                Fixture.eq, applyID: "ap-1", plan: plan, leaseOwner: "w1", leaseUntil: 9_999_999_999_999, audit: ctx)
            #expect(created && begun.stage == .requested)
            #expect(
                try await store.beginApply(Fixture.eq, applyID: "ap-1", plan: plan, leaseOwner: "w1", leaseUntil: 9_999_999_999_999, audit: ctx)
                    .created == false)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.beginApply(Fixture.eq, applyID: "ap-1", plan: ["other": 1], leaseOwner: "w1", leaseUntil: 1, audit: ctx)
                })?.code == .applyConflict)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.beginApply(Fixture.eq, applyID: "ap-2", plan: plan, leaseOwner: "w2", leaseUntil: 1, audit: ctx)
                })?.code == .applyInFlight)
            // Another worker cannot move it while the lease holds.
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.advanceApply(
                        Fixture.eq, applyID: "ap-1", to: .freeze, leaseOwner: "w2", leaseUntil: nil, refEvents: [], audit: ctx)
                })?.code == .applyLease)
            _ = try await store.advanceApply(Fixture.eq, applyID: "ap-1", to: .freeze, leaseOwner: "w1", leaseUntil: nil, refEvents: [], audit: ctx)
            // A refused ref event aborts the whole switch: stage and refs unchanged.
            let head = try await store.auditHead()
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.advanceApply(
                        Fixture.eq, applyID: "ap-1", to: .switchover, leaseOwner: "w1", leaseUntil: nil,
                        refEvents: [
                            RefEvent(node: root, event: .activate, domain: .live), RefEvent(node: Fixture.smaCross[0].nodeID, event: .activate),
                        ],
                        audit: ctx)
                })?.code == .illegalTransition)
            #expect(try await store.apply(Fixture.eq, applyID: "ap-1")?.stage == .freeze)
            #expect(try await store.ref(Fixture.eq, root)?.status == .valid)
            #expect(try await store.auditHead() == head)
            let switched = try await store.advanceApply(
                Fixture.eq, applyID: "ap-1", to: .switchover, leaseOwner: "w1", leaseUntil: nil,
                refEvents: [RefEvent(node: root, event: .activate, domain: .live)], audit: ctx)
            #expect(switched.stage == .switchover)
            #expect(try await store.ref(Fixture.eq, root)?.status == .running)
            #expect(try await store.ref(Fixture.eq, root)?.executionDomain == .live)
            #expect(try await store.unfinishedApplies().map(\.applyID) == ["ap-1"])
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.advanceApply(
                        Fixture.eq, applyID: "ap-1", to: .rolledBack, leaseOwner: "w1", leaseUntil: nil, refEvents: [], audit: ctx)
                })?.code == .illegalTransition)
            _ = try await store.advanceApply(Fixture.eq, applyID: "ap-1", to: .unfreeze, leaseOwner: "w1", leaseUntil: nil, refEvents: [], audit: ctx)
            let done = try await store.advanceApply(
                Fixture.eq, applyID: "ap-1", to: .completed, leaseOwner: "w1", leaseUntil: nil, refEvents: [], audit: ctx)
            #expect(done.stage == .completed && done.leaseOwner == nil)
            #expect(try await store.unfinishedApplies().isEmpty)
            // The next apply may start; an expired lease can be taken over.
            _ = try await store.beginApply(Fixture.eq, applyID: "ap-2", plan: plan, leaseOwner: "w2", leaseUntil: 1, audit: ctx)
            #expect(
                try await store.advanceApply(
                    Fixture.eq, applyID: "ap-2", to: .rolledBack, leaseOwner: "recovery", leaseUntil: nil, refEvents: [], audit: ctx
                ).stage == .rolledBack)
        }
    }

    @Test(arguments: StoreKind.available)
    func riskSnapshotsDedupeByVersionAndHash(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await bound(store)
            let snap = RiskSnapshotRecord(
                world: Fixture.eq, version: 1, asOfMillis: 100, producedAtMillis: 200, ttlSeconds: 900,
                datasetFingerprint: DatasetFingerprint(hash: BLAKE3.hash("bars")),
                content: ["weights": [Fixture.smaStrategy.description: 1.0], "provenance": ["actor": "user:ana", "stage": "paper"]])
            let pair3 = try await store.putRiskSnapshot(snap, audit: ctx)
            #expect(pair3.0 == snap && pair3.1 == true)
            let pair4 = try await store.putRiskSnapshot(snap, audit: ctx)
            #expect(pair4.0 == snap && pair4.1 == false)
            var other = snap
            other.content = ["weights": [:]]
            #expect(
                (await #expect(throws: QMTLError.self) { try await store.putRiskSnapshot(other, audit: ctx) })?.code == .riskSnapshotConflict)
            var v2 = other
            v2.version = 2
            _ = try await store.putRiskSnapshot(v2, audit: ctx)
            #expect(try await store.latestRiskSnapshot(Fixture.eq) == v2)
            #expect(try await store.latestRiskSnapshot(Fixture.crypto) == nil)
            // The hash is the producer's content: all of the body but the wall time of arrival.
            var body = try #require(snap.body.objectValue)
            body["produced_at_ms"] = nil
            #expect(try snap.hash() == BLAKE3.hash(try JCS.bytes(.object(body))))
            var resent = snap
            resent.producedAtMillis = 999
            let again = try await store.putRiskSnapshot(resent, audit: ctx)
            #expect(again.0 == snap && again.1 == false, "the same content sent later is the stored snapshot")
            // Version 0 takes the next one; lookups by version and by data time.
            var next = snap
            next.version = 0
            next.asOfMillis = 300
            let v3 = try await store.putRiskSnapshot(next, audit: ctx).0
            #expect(v3.version == 3)
            #expect(try await store.riskSnapshots(Fixture.eq, version: 2, asOfAtMost: nil, limit: 10) == [v2])
            #expect(try await store.riskSnapshots(Fixture.eq, version: nil, asOfAtMost: 299, limit: 10).map(\.version) == [2, 1])
            #expect(try await store.riskSnapshots(Fixture.eq, version: nil, asOfAtMost: nil, limit: 10).map(\.version) == [3, 2, 1])
        }
    }

    @Test(arguments: StoreKind.available)
    func tokensAreStoredHashedAndRevocable(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let secret = BLAKE3.hash("qmtl_secret_1")
            let t = try await store.createToken(id: "tok-1", secretHash: secret, name: "ci", role: "submitter", audit: ctx)
            #expect(try await store.token(secretHash: secret) == t)
            #expect(try await store.token(secretHash: BLAKE3.hash("wrong")) == nil)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.createToken(id: "tok-2", secretHash: BLAKE3.hash("x"), name: "x", role: "operater", audit: ctx)
                })?.message.contains("did you mean \"operator\"") == true)
            #expect(
                (await #expect(throws: QMTLError.self) {
                    try await store.createToken(id: "tok-1", secretHash: BLAKE3.hash("y"), name: "y", role: "viewer", audit: ctx)
                })?.code == .tokenExists)
            let revoked = try await store.revokeToken(id: "tok-1", audit: ctx)
            #expect(revoked.revokedAtMillis != nil)
            #expect(try await store.token(secretHash: secret) == nil)
            #expect(try await store.tokens() == [revoked])
        }
    }

    /// The secret of an issued token is shown once and never stored: no column of any table —
    /// tokens, audit log or anything else — holds it or its hex digits, in text or bytes.
    @Test(arguments: StoreKind.available)
    func anIssuedTokensSecretIsNeverStored(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let issued = try await store.issueToken(name: "ci", role: "operator", audit: ctx)
            #expect(issued.secret.wholeMatch(of: /qmtl_[0-9a-f]{64}/) != nil)
            #expect(try await store.token(secret: issued.secret) == issued.record)
            #expect(try await store.token(secret: issued.secret + "0") == nil)
            let other = try await store.issueToken(name: "ci", role: "operator", audit: ctx)
            #expect(other.secret != issued.secret && other.record.tokenID != issued.record.tokenID)
            let digits = String(issued.secret.dropFirst(5))
            let rawDigits = stride(from: 0, to: 64, by: 2).map { i -> UInt8 in
                UInt8(digits[digits.index(digits.startIndex, offsetBy: i)..<digits.index(digits.startIndex, offsetBy: i + 2)], radix: 16)!
            }
            let tables = ["api_token", "audit_log", "audit_head", "idempotency_key"]
            for table in tables {
                let rows = try await store.backend.read { s in try await s.query("SELECT * FROM \(table)", []) }
                for value in rows.flatMap(\.values) {
                    switch value {
                    case .text(let t), .jsonText(let t):
                        #expect(!t.contains(digits) && !t.contains(issued.secret), "\(table) holds the secret")
                    case .blob(let b):
                        #expect(b != rawDigits, "\(table) holds the secret's bytes")
                    default: break
                    }
                }
            }
            // The stored hash is the hash of the secret, which is what a bearer check recomputes.
            let hashes = try await store.backend.read { s in
                try await s.query("SELECT token_hash FROM api_token WHERE token_id = ?", [.text(issued.record.tokenID)])
            }
            #expect(try hashes.first?.hash("token_hash") == BLAKE3.hash(issued.secret))
        }
    }

    @Test(arguments: StoreKind.available)
    func idempotencyKeysRememberTheFirstResponse(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let r = IdempotencyRecord(scope: "campaign", key: "k1", requestHash: BLAKE3.hash("req"), response: ["ok": true], createdAtMillis: 1)
            let pair5 = try await store.putIdempotency(r)
            #expect(pair5.0 == r && pair5.1 == true)
            var again = r
            again.response = ["ok": false]
            let pair6 = try await store.putIdempotency(again)
            #expect(pair6.0 == r && pair6.1 == false)
            var other = r
            other.requestHash = BLAKE3.hash("other")
            #expect((await #expect(throws: QMTLError.self) { try await store.putIdempotency(other) })?.code == .idempotencyConflict)
            #expect(try await store.idempotency(scope: "campaign", key: "k1") == r)
            #expect(try await store.idempotency(scope: "other", key: "k1") == nil)
        }
    }
}
