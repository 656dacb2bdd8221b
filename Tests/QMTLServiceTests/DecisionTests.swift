import Foundation
import QMTLAPI
import QMTLBacktest
import QMTLCore
import QMTLService
import QMTLStore
import QMTLTestSupport
import Synchronization
import Testing

/// DecisionEvents (SPEC §5) on every store: world-local decisions apply at once to the node and
/// the roots reaching it through active edges, non-local ones wait for approval, the latest
/// applied unexpired one wins, TTLs expire by the injected clock, quarantine is one transaction.
@Suite("WorldService: decisions", .timeLimit(.minutes(10)))
struct DecisionTests {
    /// A clock the test moves (epoch seconds).
    final class Clock: Sendable {
        private let value = Mutex<Int64>(1_700_000_000)
        var now: Int64 { value.withLock { $0 } }
        func advance(_ seconds: Int64) { value.withLock { $0 += seconds } }
    }

    static func service(_ store: SQLStore, _ clock: Clock) -> QMTLService {
        let counter = Counter()
        return QMTLService(
            store: store, caller: WorldServiceTests.admin, ids: { String(format: "00000000-0000-4000-8000-%012d", counter.next()) },
            now: { clock.now })
    }

    /// sma_cross and a variant sharing its `price` and `sma_fast` nodes, both evaluated in a and b.
    static func setUp(_ ws: any WorldServiceAPI) async throws -> (StrategyGraph, StrategyGraph) {
        _ = try await SubmitEvaluateTests.worlds(ws)
        let one = try SubmitEvaluateTests.graph("sma_cross.yaml")
        let text = String(decoding: try TestData.repoFile("examples/strategies/sma_cross.yaml"), as: UTF8.self)
        let two = try StrategyFile.load(text.replacingOccurrences(of: "window: 30", with: "window: 50"), fileName: "sma_50.yaml")
        _ = try await Runner(service: ws).submit(one, worlds: ["a", "b"])
        _ = try await Runner(service: ws).submit(two, worlds: ["a", "b"])
        return (one, two)
    }

    static func node(_ g: StrategyGraph, _ name: String) -> NodeID { g.nodes.first { $0.name == name }!.canonical.nodeID }

    static func status(_ ws: any WorldServiceAPI, _ g: StrategyGraph, _ world: String) async throws -> String {
        try await ws.status(strategy: g.strategyID.description, world: world).status
    }

    @Test(arguments: Backend.all)
    func aWorldLocalStopReachesEveryRootThroughActiveEdgesOnly(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, { Self.service($0, clock) }) { h in
            let ws = h.api
            let (one, two) = try await Self.setUp(ws)
            let fast = Self.node(one, "sma_fast")
            // In a, one reaches sma_fast only through an edge narrowed away (R-WVG-4).
            _ = try await ws.setEdgeOverride(
                EdgeOverrideInfo(world: "a", src: fast.description, dst: Self.node(one, "cross").description, active: false, reason: "MANUAL"))
            let stop = try await ws.postDecision(
                DecisionRequest(world: "a", nodeID: fast.description, decision: "stop", reasonCode: "VAL_FAIL"))
            #expect(stop.state == "applied" && stop.resolvedWorldIDs == ["world:a"])
            #expect(Set(stop.effects.map(\.nodeID)) == [fast.description, two.strategyID.description])
            #expect(stop.effects.allSatisfy { $0.status == "stopped" && $0.world == "world:a" })
            #expect(try await Self.status(ws, two, "a") == "stopped")
            #expect(try await Self.status(ws, one, "a") == "valid", "its only path to sma_fast is inactive in a")
            // World b is not touched (R-WVG-2).
            #expect(try await [Self.status(ws, one, "b"), Self.status(ws, two, "b")] == ["valid", "valid"])
            // The narrowed strategy is not evaluated in a, and says why.
            let status = try await ws.status(strategy: one.strategyID.description, world: "a")
            #expect(status.notEvaluatedReason?.contains("inactive there (MANUAL)") == true, "\(status.notEvaluatedReason ?? "nil")")
            let refused = await #expect(throws: QMTLError.self) { try await ws.startRun(world: "a", strategy: one.strategyID.description) }
            #expect(refused?.code == .edgeInactive && refused?.message.contains(fast.description) == true)
            #expect(try await ws.status(strategy: two.strategyID.description, world: "a").decision == "stop by decision \(stop.eventID)")
        }
    }

    @Test(arguments: Backend.all)
    func aGlobalStopChangesNothingUntilApprovedThenAppliesEverywhere(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, { Self.service($0, clock) }) { h in
            let (store, ws) = (h.store, h.api)
            let (one, _) = try await Self.setUp(ws)
            _ = try await ws.postDecision(
                DecisionRequest(world: "a", nodeID: one.strategyID.description, decision: "stop", reasonCode: "VAL_FAIL"))
            clock.advance(60)
            let global = try await ws.postDecision(
                DecisionRequest(world: nil, nodeID: one.strategyID.description, decision: "pause", reasonCode: "OP_INCIDENT", scope: "global"))
            #expect(global.state == "pending" && global.effects.isEmpty && global.resolvedWorldIDs.isEmpty)
            #expect(try await [Self.status(ws, one, "a"), Self.status(ws, one, "b")] == ["stopped", "valid"])
            clock.advance(60)
            let approved = try await h.acting(as: Caller(actor: "user:olga", role: .operator)).approveDecision(global.eventID)
            #expect(approved.state == "applied" && approved.resolvedWorldIDs == ["world:a", "world:b"] && approved.approvedBy == "user:olga")
            #expect(approved.approvedAt == "2023-11-14T22:15:20Z")
            #expect(try await [Self.status(ws, one, "a"), Self.status(ws, one, "b")] == ["paused", "paused"], "the latest applied wins")
            // Revoking the global one restores each world's own state: a's stop shows again.
            let revoked = try await ws.revokeDecision(global.eventID)
            #expect(revoked.state == "revoked")
            let published = try await store.decisionLog(after: 0, limit: 100).filter { $0.decision.eventID == global.eventID }
            #expect(published.map(\.decision.state) == [.applied, .revoked], "published once approved, and when revoked")
            #expect(try await [Self.status(ws, one, "a"), Self.status(ws, one, "b")] == ["stopped", "valid"])
            // A resume restores the status under the overlay.
            _ = try await ws.postDecision(DecisionRequest(world: "a", nodeID: one.strategyID.description, decision: "resume", reasonCode: "MANUAL"))
            #expect(try await Self.status(ws, one, "a") == "valid")
            let states = try await ws.listDecisions(world: "a", states: nil).map(\.state)
            #expect(states == ["applied", "revoked", "applied"])
            #expect(try await ws.listDecisions(world: nil, states: ["revoked"]).map(\.eventID) == [global.eventID])
            #expect(try await store.verifyAudit() == .intact(entries: try await store.auditHead()!.seq))
        }
    }

    /// The store's applied order decides, not timestamps of one second or event ids (here descending).
    @Test(arguments: Backend.all)
    func theLatestAppliedWinsWithinOneSecond(_ backend: Backend) async throws {
        try await withService(backend, { Self.service($0, Clock()) }) { h in
            let ws = h.api
            let (one, _) = try await Self.setUp(ws)
            let root = one.strategyID.description
            var ids: [String] = []
            for (n, decision) in [(9, "stop"), (8, "pause"), (7, "resume")] {
                let id = "00000000-0000-4000-8000-00000000000\(n)"
                _ = try await ws.postDecision(DecisionRequest(eventID: id, world: "a", nodeID: root, decision: decision, reasonCode: "MANUAL"))
                ids.append(id)
            }
            #expect(try await Self.status(ws, one, "a") == "valid")
            _ = try await ws.revokeDecision(ids[2])
            #expect(try await Self.status(ws, one, "a") == "paused")
            _ = try await ws.revokeDecision(ids[1])
            #expect(try await Self.status(ws, one, "a") == "stopped")
            _ = try await ws.revokeDecision(ids[0])
            #expect(try await Self.status(ws, one, "a") == "valid")
        }
    }

    @Test(arguments: Backend.all)
    func expiredDecisionsStopApplyingByTheInjectedClock(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, { Self.service($0, clock) }) { h in
            let (store, ws) = (h.store, h.api)
            let (one, _) = try await Self.setUp(ws)
            let pause = try await ws.postDecision(
                DecisionRequest(world: "b", nodeID: one.strategyID.description, decision: "pause", reasonCode: "RISK_TRIP", ttl: "PT1H"))
            #expect(pause.expiresAt == "2023-11-14T23:13:20Z")
            let pending = try await ws.postDecision(
                DecisionRequest(world: nil, nodeID: one.strategyID.description, decision: "stop", reasonCode: "MANUAL", scope: "global", ttl: "PT30M")
            )
            clock.advance(3599)
            #expect(try await Self.status(ws, one, "b") == "paused")
            clock.advance(1)
            #expect(try await Self.status(ws, one, "b") == "valid")
            #expect(try await ws.listDecisions(world: nil, states: nil).map(\.state) == ["expired", "expired"])
            let late = await #expect(throws: QMTLError.self) { try await ws.approveDecision(pending.eventID) }
            #expect(late?.code == .decisionState && late?.message.contains("expired") == true)
            let expiry = try await store.auditLog(after: 0, limit: 10_000).filter { $0.entry.actor == "system:decision-ttl" }
            #expect(!expiry.isEmpty, "the expiry is audited as the system's")
            // The stream carried the pause as applied, then as expired; the pending one never.
            let stream = try await store.decisionLog(after: 0, limit: 100)
            #expect(stream.map(\.decision.eventID) == [pause.eventID, pause.eventID])
            #expect(stream.map(\.decision.state) == [.applied, .expired] && stream.map(\.seq) == [1, 2])
            #expect(try await store.decisionLog(after: 1, limit: 100).map(\.seq) == [2])
        }
    }

    @Test(arguments: Backend.all)
    func quarantineEndsEveryNonLocalDecisionInOneTransaction(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, { Self.service($0, clock) }) { h in
            let ws = h.api
            let (one, two) = try await Self.setUp(ws)
            let local = try await ws.postDecision(
                DecisionRequest(world: "a", nodeID: two.strategyID.description, decision: "stop", reasonCode: "VAL_FAIL"))
            let multi = try await ws.postDecision(
                DecisionRequest(
                    world: nil, nodeID: Self.node(one, "price").description, decision: "stop", reasonCode: "OP_INCIDENT", scope: "multi-world",
                    propagationRule: "explicit-list", targetWorldIDs: ["a", "b"]))
            clock.advance(1)
            _ = try await ws.approveDecision(multi.eventID)
            let sameContract = try await ws.postDecision(
                DecisionRequest(
                    world: "a", nodeID: one.strategyID.description, decision: "pause", reasonCode: "MANUAL", scope: "multi-world",
                    propagationRule: "same-contract"))
            #expect(try await [Self.status(ws, one, "b"), Self.status(ws, two, "b")] == ["stopped", "stopped"])
            let quarantined = try await ws.quarantineNonLocal()
            #expect(Set(quarantined.map(\.eventID)) == [multi.eventID, sameContract.eventID])
            #expect(quarantined.allSatisfy { $0.state == "quarantined" })
            #expect(try await [Self.status(ws, one, "a"), Self.status(ws, one, "b")] == ["valid", "valid"])
            #expect(try await Self.status(ws, two, "a") == "stopped", "the world-local stop stays")
            #expect(try await ws.listDecisions(world: nil, states: ["applied"]).map(\.eventID) == [local.eventID])
            #expect(try await ws.quarantineNonLocal().isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func badDecisionsAreRefusedWithTheirCodesAndWriteNothing(_ backend: Backend) async throws {
        let clock = Clock()
        try await withService(backend, { Self.service($0, clock) }) { h in
            let (store, ws) = (h.store, h.api)
            let (one, _) = try await Self.setUp(ws)
            let root = one.strategyID.description
            let head = try await store.auditHead()
            let cases: [(DecisionRequest, QMTLError.Code)] = [
                (DecisionRequest(world: "a", nodeID: root, decision: "halt", reasonCode: "MANUAL"), .decisionField),
                (DecisionRequest(world: "a", nodeID: root, decision: "stop", reasonCode: "BORED"), .decisionField),
                (DecisionRequest(world: nil, nodeID: root, decision: "stop", reasonCode: "MANUAL"), .decisionWorldRequired),
                (
                    DecisionRequest(
                        world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL", scope: "global", propagationRule: "same-dataset"),
                    .decisionScope
                ),
                (DecisionRequest(world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL", scope: "multi-world"), .decisionScope),
                (
                    DecisionRequest(
                        world: nil, nodeID: root, decision: "stop", reasonCode: "MANUAL", scope: "multi-world", propagationRule: "explicit-list"),
                    .decisionScope
                ),
                (
                    DecisionRequest(
                        world: nil, nodeID: root, decision: "stop", reasonCode: "MANUAL", scope: "multi-world", propagationRule: "same-contract"),
                    .decisionWorldRequired
                ),
                (DecisionRequest(world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL", ttl: "P1M"), .decisionTTL),
                (DecisionRequest(world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL", ttl: "1d"), .decisionTTL),
                (DecisionRequest(eventID: "E1", world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL"), .decisionField),
                (DecisionRequest(world: "zz", nodeID: root, decision: "stop", reasonCode: "MANUAL"), .worldNotFound),
                (
                    DecisionRequest(world: "a", nodeID: "blake3:" + String(repeating: "0", count: 64), decision: "stop", reasonCode: "MANUAL"),
                    .refNotFound
                ),
                (DecisionRequest(world: "a", nodeID: "sma", decision: "stop", reasonCode: "MANUAL"), .badNodeID),
            ]
            for (request, code) in cases {
                let error = await #expect(throws: QMTLError.self) { try await ws.postDecision(request) }
                #expect(error?.code == code, "\(request): \(error?.message ?? "no error")")
            }
            let viewer = await #expect(throws: QMTLError.self) {
                try await h.acting(as: Caller(actor: "user:v", role: .submitter)).postDecision(
                    DecisionRequest(world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL"))
            }
            #expect(viewer?.code == .forbidden)
            #expect(try await store.auditHead() == head, "nothing was written")

            // The same event id and body again is idempotent; another body is a conflict.
            let id = "00000000-0000-4000-8000-00000000abcd"
            let first = try await ws.postDecision(DecisionRequest(eventID: id, world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL"))
            clock.advance(5)
            var replay = first
            replay.effects = []  // a replay reports the stored decision; the effects happened once
            #expect(first.effects.count == 1)
            #expect(
                try await ws.postDecision(DecisionRequest(eventID: id, world: "a", nodeID: root, decision: "stop", reasonCode: "MANUAL")) == replay)
            let other = await #expect(throws: QMTLError.self) {
                try await ws.postDecision(DecisionRequest(eventID: id, world: "a", nodeID: root, decision: "pause", reasonCode: "MANUAL"))
            }
            #expect(other?.code == .decisionExists)
            for action in ["approve", "reject"] {
                let wrongState = await #expect(throws: QMTLError.self) {
                    if action == "approve" { _ = try await ws.approveDecision(id) } else { _ = try await ws.rejectDecision(id) }
                }
                #expect(wrongState?.code == .decisionState)
            }
            #expect((await #expect(throws: QMTLError.self) { try await ws.revokeDecision("nope") })?.code == .decisionNotFound)
            #expect((await #expect(throws: QMTLError.self) { try await ws.listDecisions(world: nil, states: ["done"]) })?.code == .decisionField)
        }
    }
}
